/* isapi-bridge: the spelling Windows code uses for <shlwapi.h>. */
#include "shlwapi.h"
