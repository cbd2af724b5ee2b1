/* isapi-bridge: <IntSafe.h> as Windows code spells it (Windows file names ignore case). */
#include "intsafe.h"
