/* isapi-bridge: <TChar.h> as Windows code spells it (Windows file names ignore case). */
#include "tchar.h"
