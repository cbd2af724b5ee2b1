/* isapi-bridge: <Httpext.h> as Windows code spells it (Windows file names ignore case). */
#include "httpext.h"
