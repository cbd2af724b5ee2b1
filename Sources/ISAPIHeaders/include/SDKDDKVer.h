/* isapi-bridge: <SDKDDKVer.h> as Windows code spells it (Windows file names ignore case). */
#include "sdkddkver.h"
