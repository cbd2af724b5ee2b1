/* isapi-bridge: <Strsafe.h> as Windows code spells it (Windows file names ignore case). */
#include "strsafe.h"
