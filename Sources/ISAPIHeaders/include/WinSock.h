/* isapi-bridge: the spelling Windows code uses for <winsock.h>. */
#include "winsock.h"
