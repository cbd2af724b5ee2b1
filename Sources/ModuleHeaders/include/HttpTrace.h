/* isapi-bridge: <HttpTrace.h> as Windows code spells it (Windows file names ignore case). */
#include "httptrace.h"
