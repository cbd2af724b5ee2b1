/* isapi-bridge: <HttpServ.h> as Windows code spells it (Windows file names ignore case). */
#include "httpserv.h"
