/* isapi-bridge: <Process.h> as Windows code spells it (Windows file names ignore case). */
#include "process.h"
