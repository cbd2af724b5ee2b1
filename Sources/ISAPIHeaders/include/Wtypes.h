/* isapi-bridge: <Wtypes.h> as Windows code spells it (Windows file names ignore case). */
#include "wtypes.h"
