/* isapi-bridge: <HttpExt.h> as Windows code spells it (Windows file names ignore case). */
#include "httpext.h"
