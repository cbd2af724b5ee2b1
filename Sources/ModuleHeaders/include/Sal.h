/* isapi-bridge: <Sal.h> as Windows code spells it (Windows file names ignore case). */
#include "sal.h"
