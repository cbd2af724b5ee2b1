/* isapi-bridge: <Objbase.h> as Windows code spells it (Windows file names ignore case). */
#include "objbase.h"
