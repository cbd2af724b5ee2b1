/* isapi-bridge: the spelling Windows code uses for <winbase.h>. */
#include "winbase.h"
