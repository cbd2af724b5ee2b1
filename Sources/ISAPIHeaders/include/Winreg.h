/* isapi-bridge: the spelling Windows code uses for <winreg.h>. */
#include "winreg.h"
