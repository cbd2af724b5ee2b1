/* isapi-bridge: ws2tcpip.h — getaddrinfo & co. are the C library's (netdb.h); the Windows names
 * for them and for inet_pton/inet_ntop. docs/win32-support-kernel.md, "Winsock". */
#ifndef ISAPI_BRIDGE_WS2TCPIP_H
#define ISAPI_BRIDGE_WS2TCPIP_H

#include "winsock2.h"

typedef struct addrinfo ADDRINFOA, *PADDRINFOA;
typedef struct sockaddr_in6 SOCKADDR_IN6_LH, *PSOCKADDR_IN6_LH;
typedef socklen_t INT_SOCKLEN;
#define InetPtonA inet_pton
#define InetNtopA inet_ntop
#define inet_pton_s inet_pton
#define GetAddrInfoA getaddrinfo
#define FreeAddrInfoA freeaddrinfo
#ifndef UNICODE
#define InetPton InetPtonA
#define InetNtop InetNtopA
#endif

#endif /* ISAPI_BRIDGE_WS2TCPIP_H */
