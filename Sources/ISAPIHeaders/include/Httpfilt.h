/* isapi-bridge: <Httpfilt.h> as Windows code spells it (Windows file names ignore case). */
#include "httpfilt.h"
