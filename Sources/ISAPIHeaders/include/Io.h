/* isapi-bridge: <Io.h> as Windows code spells it (Windows file names ignore case). */
#include "io.h"
