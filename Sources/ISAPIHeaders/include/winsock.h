/* isapi-bridge: winsock.h, Winsock 1's header: the same names as winsock2.h. */
#include "winsock2.h"
