/* isapi-bridge: winsock2.h — Winsock names over BSD sockets.
 *
 * A SOCKET is the file descriptor (as UINT_PTR, so socket()'s -1 compares equal to
 * INVALID_SOCKET); the socket functions are the C library's (send/recv/connect/select...), with
 * closesocket, ioctlsocket (FIONBIO, FIONREAD), WSAStartup/WSACleanup (nothing to start: they
 * succeed) and WSAGetLastError (errno as the WSAE* code: EWOULDBLOCK -> WSAEWOULDBLOCK...).
 * fd_set is the POSIX one: FD_SET & co. work, code that reads fd_set.fd_count does not compile.
 * docs/win32-support-kernel.md, "Winsock". */
#ifndef ISAPI_BRIDGE_WINSOCK2_H
#define ISAPI_BRIDGE_WINSOCK2_H

#include <windows.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef UINT_PTR SOCKET;
#define INVALID_SOCKET ((SOCKET)(~0))
#define SOCKET_ERROR (-1)
#define SD_RECEIVE SHUT_RD
#define SD_SEND SHUT_WR
#define SD_BOTH SHUT_RDWR
#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN 128

/* The x64 layout. */
typedef struct WSAData {
    WORD wVersion;
    WORD wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char *lpVendorInfo;
    char szDescription[WSADESCRIPTION_LEN + 1];
    char szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, *LPWSADATA;

typedef struct hostent HOSTENT, *PHOSTENT, *LPHOSTENT;
typedef struct servent SERVENT, *PSERVENT, *LPSERVENT;
typedef struct timeval TIMEVAL, *PTIMEVAL, *LPTIMEVAL;
typedef struct linger LINGER, *PLINGER, *LPLINGER;
typedef struct sockaddr_storage SOCKADDR_STORAGE, *PSOCKADDR_STORAGE;
typedef struct pollfd WSAPOLLFD, *PWSAPOLLFD, *LPWSAPOLLFD;
typedef fd_set FD_SET, *PFD_SET, *LPFD_SET;

#define WSABASEERR 10000
#define WSAEINTR 10004
#define WSAEBADF 10009
#define WSAEACCES 10013
#define WSAEFAULT 10014
#define WSAEINVAL 10022
#define WSAEMFILE 10024
#define WSAEWOULDBLOCK 10035
#define WSAEINPROGRESS 10036
#define WSAEALREADY 10037
#define WSAENOTSOCK 10038
#define WSAEDESTADDRREQ 10039
#define WSAEMSGSIZE 10040
#define WSAEPROTOTYPE 10041
#define WSAENOPROTOOPT 10042
#define WSAEPROTONOSUPPORT 10043
#define WSAEOPNOTSUPP 10045
#define WSAEAFNOSUPPORT 10047
#define WSAEADDRINUSE 10048
#define WSAEADDRNOTAVAIL 10049
#define WSAENETDOWN 10050
#define WSAENETUNREACH 10051
#define WSAENETRESET 10052
#define WSAECONNABORTED 10053
#define WSAECONNRESET 10054
#define WSAENOBUFS 10055
#define WSAEISCONN 10056
#define WSAENOTCONN 10057
#define WSAESHUTDOWN 10058
#define WSAETIMEDOUT 10060
#define WSAECONNREFUSED 10061
#define WSAEHOSTUNREACH 10065
#define WSANOTINITIALISED 10093
#define WSAHOST_NOT_FOUND 11001

static inline int isapi_bridge_wsa_from_errno(int error) {
    switch (error) {
    case 0: return 0;
    case EINTR: return WSAEINTR;
    case EBADF: return WSAEBADF;
    case EACCES: return WSAEACCES;
    case EFAULT: return WSAEFAULT;
    case EINVAL: return WSAEINVAL;
    case EMFILE: return WSAEMFILE;
    case EWOULDBLOCK: return WSAEWOULDBLOCK;
    case EINPROGRESS: return WSAEINPROGRESS;
    case EALREADY: return WSAEALREADY;
    case ENOTSOCK: return WSAENOTSOCK;
    case EDESTADDRREQ: return WSAEDESTADDRREQ;
    case EMSGSIZE: return WSAEMSGSIZE;
    case EPROTOTYPE: return WSAEPROTOTYPE;
    case ENOPROTOOPT: return WSAENOPROTOOPT;
    case EPROTONOSUPPORT: return WSAEPROTONOSUPPORT;
    case EOPNOTSUPP: return WSAEOPNOTSUPP;
    case EAFNOSUPPORT: return WSAEAFNOSUPPORT;
    case EADDRINUSE: return WSAEADDRINUSE;
    case EADDRNOTAVAIL: return WSAEADDRNOTAVAIL;
    case ENETDOWN: return WSAENETDOWN;
    case ENETUNREACH: return WSAENETUNREACH;
    case ENETRESET: return WSAENETRESET;
    case ECONNABORTED: return WSAECONNABORTED;
    case ECONNRESET: case EPIPE: return WSAECONNRESET;
    case ENOBUFS: return WSAENOBUFS;
    case EISCONN: return WSAEISCONN;
    case ENOTCONN: return WSAENOTCONN;
    case ESHUTDOWN: return WSAESHUTDOWN;
    case ETIMEDOUT: return WSAETIMEDOUT;
    case ECONNREFUSED: return WSAECONNREFUSED;
    case EHOSTUNREACH: return WSAEHOSTUNREACH;
    default: return error < WSABASEERR ? WSABASEERR + error : error;
    }
}

/* The calling thread's last socket error (errno) as a WSAE* code. */
static inline int WSAGetLastError(void) { return isapi_bridge_wsa_from_errno(errno); }
/* Sets errno to the matching POSIX code (WSAE* codes without one are kept as they are). */
static inline void WSASetLastError(int iError) {
    static const int errors[] = { EINTR, EBADF, EACCES, EFAULT, EINVAL, EMFILE, EWOULDBLOCK, EINPROGRESS, EALREADY,
                                  ENOTSOCK, EMSGSIZE, EADDRINUSE, EADDRNOTAVAIL, ENETUNREACH, ECONNABORTED,
                                  ECONNRESET, ENOBUFS, EISCONN, ENOTCONN, ETIMEDOUT, ECONNREFUSED, EHOSTUNREACH };
    for (size_t index = 0; index < sizeof errors / sizeof errors[0]; index++) {
        if (isapi_bridge_wsa_from_errno(errors[index]) == iError) { errno = errors[index]; return; }
    }
    errno = iError;
}

/* Nothing to initialise: reports Winsock 2.2 (or the version asked for when it is lower). */
static inline int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData) {
    if (lpWSAData == NULL) return WSAEFAULT;
    memset(lpWSAData, 0, sizeof *lpWSAData);
    lpWSAData->wHighVersion = MAKEWORD(2, 2);
    lpWSAData->wVersion = (LOBYTE(wVersionRequested) < 2) ? wVersionRequested : MAKEWORD(2, 2);
    lpWSAData->iMaxSockets = 0;
    lpWSAData->iMaxUdpDg = 0;
    strcpy(lpWSAData->szDescription, "isapi-bridge: BSD sockets");
    strcpy(lpWSAData->szSystemStatus, "Running");
    return 0;
}
static inline int WSACleanup(void) { return 0; }

static inline int closesocket(SOCKET s) { return close((int)s) == 0 ? 0 : SOCKET_ERROR; }

/* FIONBIO: *argp non-zero makes the socket non-blocking; FIONREAD: bytes waiting. */
static inline int ioctlsocket(SOCKET s, long cmd, unsigned long *argp) {
    if (argp == NULL) { errno = EFAULT; return SOCKET_ERROR; }
    if ((unsigned long)cmd == (unsigned long)FIONBIO) {
        int flags = fcntl((int)s, F_GETFL);
        if (flags < 0) return SOCKET_ERROR;
        flags = *argp ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
        return fcntl((int)s, F_SETFL, flags) == 0 ? 0 : SOCKET_ERROR;
    }
    if ((unsigned long)cmd == (unsigned long)FIONREAD) {
        int waiting = 0;
        if (ioctl((int)s, FIONREAD, &waiting) != 0) return SOCKET_ERROR;
        *argp = (unsigned long)waiting;
        return 0;
    }
    errno = EINVAL;
    return SOCKET_ERROR;
}

static inline int WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout) { return poll(fdArray, (nfds_t)fds, timeout); }

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_BRIDGE_WINSOCK2_H */
