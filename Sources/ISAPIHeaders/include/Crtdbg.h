/* isapi-bridge: <Crtdbg.h> as Windows code spells it (Windows file names ignore case). */
#include "crtdbg.h"
