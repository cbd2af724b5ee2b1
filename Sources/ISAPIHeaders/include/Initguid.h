/* isapi-bridge: <Initguid.h> as Windows code spells it (Windows file names ignore case). */
#include "initguid.h"
