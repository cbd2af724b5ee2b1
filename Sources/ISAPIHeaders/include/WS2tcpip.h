/* isapi-bridge: the spelling Windows code uses for <ws2tcpip.h>. */
#include "ws2tcpip.h"
