/* isapi-bridge: <Httpcach.h> as Windows code spells it (Windows file names ignore case). */
#include "httpcach.h"
