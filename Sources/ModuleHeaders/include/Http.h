/* isapi-bridge: <Http.h> as Windows code spells it (Windows file names ignore case). */
#include "http.h"
