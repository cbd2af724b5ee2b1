/* isapi-bridge: <Windows.h> as Windows code spells it (Windows file names ignore case). */
#include "windows.h"
