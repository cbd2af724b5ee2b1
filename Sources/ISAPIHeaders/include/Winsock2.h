/* isapi-bridge: the spelling Windows code uses for <winsock2.h>. */
#include "winsock2.h"
