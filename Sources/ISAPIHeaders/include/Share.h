/* isapi-bridge: <Share.h> as Windows code spells it (Windows file names ignore case). */
#include "share.h"
