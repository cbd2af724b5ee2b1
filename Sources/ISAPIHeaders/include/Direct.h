/* isapi-bridge: <Direct.h> as Windows code spells it (Windows file names ignore case). */
#include "direct.h"
