/* isapi-bridge: the http.h (HTTP Server API) structures httpserv.h uses, with the SDK's values. */
#ifndef ISAPI_BRIDGE_HTTP_H
#define ISAPI_BRIDGE_HTTP_H
#include <windows.h>

typedef ULONGLONG HTTP_OPAQUE_ID, HTTP_REQUEST_ID, HTTP_CONNECTION_ID, HTTP_URL_CONTEXT, HTTP_RAW_CONNECTION_ID;

typedef enum _HTTP_HEADER_ID {
    HttpHeaderCacheControl = 0, HttpHeaderConnection = 1, HttpHeaderDate = 2, HttpHeaderKeepAlive = 3,
    HttpHeaderPragma = 4, HttpHeaderTrailer = 5, HttpHeaderTransferEncoding = 6, HttpHeaderUpgrade = 7,
    HttpHeaderVia = 8, HttpHeaderWarning = 9, HttpHeaderAllow = 10, HttpHeaderContentLength = 11,
    HttpHeaderContentType = 12, HttpHeaderContentEncoding = 13, HttpHeaderContentLanguage = 14,
    HttpHeaderContentLocation = 15, HttpHeaderContentMd5 = 16, HttpHeaderContentRange = 17,
    HttpHeaderExpires = 18, HttpHeaderLastModified = 19,
    HttpHeaderAccept = 20, HttpHeaderAcceptCharset = 21, HttpHeaderAcceptEncoding = 22,
    HttpHeaderAcceptLanguage = 23, HttpHeaderAuthorization = 24, HttpHeaderCookie = 25, HttpHeaderExpect = 26,
    HttpHeaderFrom = 27, HttpHeaderHost = 28, HttpHeaderIfMatch = 29, HttpHeaderIfModifiedSince = 30,
    HttpHeaderIfNoneMatch = 31, HttpHeaderIfRange = 32, HttpHeaderIfUnmodifiedSince = 33,
    HttpHeaderMaxForwards = 34, HttpHeaderProxyAuthorization = 35, HttpHeaderReferer = 36, HttpHeaderRange = 37,
    HttpHeaderTe = 38, HttpHeaderTranslate = 39, HttpHeaderUserAgent = 40,
    HttpHeaderRequestMaximum = 41,
    HttpHeaderAcceptRanges = 20, HttpHeaderAge = 21, HttpHeaderEtag = 22, HttpHeaderLocation = 23,
    HttpHeaderProxyAuthenticate = 24, HttpHeaderRetryAfter = 25, HttpHeaderServer = 26,
    HttpHeaderSetCookie = 27, HttpHeaderVary = 28, HttpHeaderWwwAuthenticate = 29,
    HttpHeaderResponseMaximum = 30,
    HttpHeaderMaximum = 41
} HTTP_HEADER_ID, *PHTTP_HEADER_ID;

typedef enum _HTTP_VERB {
    HttpVerbUnparsed, HttpVerbUnknown, HttpVerbInvalid, HttpVerbOPTIONS, HttpVerbGET, HttpVerbHEAD,
    HttpVerbPOST, HttpVerbPUT, HttpVerbDELETE, HttpVerbTRACE, HttpVerbCONNECT, HttpVerbTRACK, HttpVerbMOVE,
    HttpVerbCOPY, HttpVerbPROPFIND, HttpVerbPROPPATCH, HttpVerbMKCOL, HttpVerbLOCK, HttpVerbUNLOCK,
    HttpVerbSEARCH, HttpVerbMaximum
} HTTP_VERB, *PHTTP_VERB;

typedef struct _HTTP_VERSION { USHORT MajorVersion; USHORT MinorVersion; } HTTP_VERSION, *PHTTP_VERSION;

typedef struct _HTTP_BYTE_RANGE { ULARGE_INTEGER StartingOffset; ULARGE_INTEGER Length; } HTTP_BYTE_RANGE, *PHTTP_BYTE_RANGE;
#define HTTP_BYTE_RANGE_TO_EOF ((ULONGLONG)-1)

typedef struct _HTTP_KNOWN_HEADER { USHORT RawValueLength; PCSTR pRawValue; } HTTP_KNOWN_HEADER, *PHTTP_KNOWN_HEADER;
typedef struct _HTTP_UNKNOWN_HEADER {
    USHORT NameLength; USHORT RawValueLength; PCSTR pName; PCSTR pRawValue;
} HTTP_UNKNOWN_HEADER, *PHTTP_UNKNOWN_HEADER;

typedef enum _HTTP_DATA_CHUNK_TYPE {
    HttpDataChunkFromMemory = 0, HttpDataChunkFromFileHandle = 1, HttpDataChunkFromFragmentCache = 2,
    HttpDataChunkFromFragmentCacheEx = 3, HttpDataChunkTrailers = 4, HttpDataChunkFromWinHttpFastForwarding = 5,
    HttpDataChunkMaximum = 6
} HTTP_DATA_CHUNK_TYPE, *PHTTP_DATA_CHUNK_TYPE;

typedef struct _HTTP_DATA_CHUNK {
    HTTP_DATA_CHUNK_TYPE DataChunkType;
    union {
        struct { PVOID pBuffer; ULONG BufferLength; } FromMemory;
        struct { HTTP_BYTE_RANGE ByteRange; HANDLE FileHandle; } FromFileHandle;
        struct { USHORT FragmentNameLength; PCWSTR pFragmentName; } FromFragmentCache;
        struct { HTTP_BYTE_RANGE ByteRange; PCWSTR pFragmentName; } FromFragmentCacheEx;
        struct { USHORT TrailerCount; PHTTP_UNKNOWN_HEADER pTrailers; } Trailers;
    };
} HTTP_DATA_CHUNK, *PHTTP_DATA_CHUNK;

typedef struct _HTTP_COOKED_URL {
    USHORT FullUrlLength; USHORT HostLength; USHORT AbsPathLength; USHORT QueryStringLength;
    PCWSTR pFullUrl; PCWSTR pHost; PCWSTR pAbsPath; PCWSTR pQueryString;
} HTTP_COOKED_URL, *PHTTP_COOKED_URL;

typedef struct _HTTP_TRANSPORT_ADDRESS { PSOCKADDR pRemoteAddress; PSOCKADDR pLocalAddress; } HTTP_TRANSPORT_ADDRESS;

typedef struct _HTTP_REQUEST_HEADERS {
    USHORT UnknownHeaderCount; PHTTP_UNKNOWN_HEADER pUnknownHeaders;
    USHORT TrailerCount; PHTTP_UNKNOWN_HEADER pTrailers;
    HTTP_KNOWN_HEADER KnownHeaders[HttpHeaderRequestMaximum];
} HTTP_REQUEST_HEADERS, *PHTTP_REQUEST_HEADERS;

typedef struct _HTTP_RESPONSE_HEADERS {
    USHORT UnknownHeaderCount; PHTTP_UNKNOWN_HEADER pUnknownHeaders;
    USHORT TrailerCount; PHTTP_UNKNOWN_HEADER pTrailers;
    HTTP_KNOWN_HEADER KnownHeaders[HttpHeaderResponseMaximum];
} HTTP_RESPONSE_HEADERS, *PHTTP_RESPONSE_HEADERS;

typedef struct _HTTP_SSL_INFO HTTP_SSL_INFO, *PHTTP_SSL_INFO;
typedef struct _HTTP_REQUEST_INFO HTTP_REQUEST_INFO, *PHTTP_REQUEST_INFO;
typedef struct _HTTP_RESPONSE_INFO HTTP_RESPONSE_INFO, *PHTTP_RESPONSE_INFO;
typedef enum _HTTP_LOG_DATA_TYPE { HttpLogDataTypeFields = 0 } HTTP_LOG_DATA_TYPE, *PHTTP_LOG_DATA_TYPE;
typedef struct _HTTP_LOG_DATA { HTTP_LOG_DATA_TYPE Type; } HTTP_LOG_DATA, *PHTTP_LOG_DATA;
/* A TLS client certificate (the DER encoding) as HTTP.sys hands it on. */
typedef struct _HTTP_SSL_CLIENT_CERT_INFO {
    ULONG CertFlags; ULONG CertEncodedSize; UCHAR* pCertEncoded; HANDLE Token; BOOLEAN CertDeniedByMapper;
} HTTP_SSL_CLIENT_CERT_INFO, *PHTTP_SSL_CLIENT_CERT_INFO;
/* What a TLS connection negotiated: key sizes in bits, the server certificate's names, the
 * client certificate when one was negotiated. */
struct _HTTP_SSL_INFO {
    USHORT ServerCertKeySize; USHORT ConnectionKeySize;
    ULONG ServerCertIssuerSize; ULONG ServerCertSubjectSize;
    PCSTR pServerCertIssuer; PCSTR pServerCertSubject;
    PHTTP_SSL_CLIENT_CERT_INFO pClientCertInfo; ULONG SslClientCertNegotiated;
};
typedef enum _HTTP_CACHE_POLICY_TYPE {
    HttpCachePolicyNocache = 0, HttpCachePolicyUserInvalidates = 1, HttpCachePolicyTimeToLive = 2,
    HttpCachePolicyMaximum = 3
} HTTP_CACHE_POLICY_TYPE, *PHTTP_CACHE_POLICY_TYPE;
typedef struct _HTTP_CACHE_POLICY { HTTP_CACHE_POLICY_TYPE Policy; ULONG SecondsToLive; } HTTP_CACHE_POLICY, *PHTTP_CACHE_POLICY;

typedef struct _HTTP_REQUEST_V1 {
    ULONG Flags; HTTP_CONNECTION_ID ConnectionId; HTTP_REQUEST_ID RequestId; HTTP_URL_CONTEXT UrlContext;
    HTTP_VERSION Version; HTTP_VERB Verb; USHORT UnknownVerbLength; USHORT RawUrlLength;
    PCSTR pUnknownVerb; PCSTR pRawUrl; HTTP_COOKED_URL CookedUrl; HTTP_TRANSPORT_ADDRESS Address;
    HTTP_REQUEST_HEADERS Headers; ULONGLONG BytesReceived; USHORT EntityChunkCount;
    PHTTP_DATA_CHUNK pEntityChunks; HTTP_RAW_CONNECTION_ID RawConnectionId; PHTTP_SSL_INFO pSslInfo;
} HTTP_REQUEST_V1, *PHTTP_REQUEST_V1;

/* In C++ the V2 structures extend V1 by inheritance, as the SDK's do, so modules write
 * pRawRequest->Verb and pRawResponse->EntityChunkCount; C names the V1 part Base. */
#ifdef __cplusplus
typedef struct _HTTP_REQUEST_V2 : _HTTP_REQUEST_V1 {
#else
typedef struct _HTTP_REQUEST_V2 {
    HTTP_REQUEST_V1 Base;
#endif
    USHORT RequestInfoCount; PHTTP_REQUEST_INFO pRequestInfo;
} HTTP_REQUEST_V2, *PHTTP_REQUEST_V2;
typedef HTTP_REQUEST_V2 HTTP_REQUEST, *PHTTP_REQUEST;

typedef struct _HTTP_RESPONSE_V1 {
    ULONG Flags; HTTP_VERSION Version; USHORT StatusCode; USHORT ReasonLength; PCSTR pReason;
    HTTP_RESPONSE_HEADERS Headers; USHORT EntityChunkCount; PHTTP_DATA_CHUNK pEntityChunks;
} HTTP_RESPONSE_V1, *PHTTP_RESPONSE_V1;
#ifdef __cplusplus
typedef struct _HTTP_RESPONSE_V2 : _HTTP_RESPONSE_V1 {
#else
typedef struct _HTTP_RESPONSE_V2 {
    HTTP_RESPONSE_V1 Base;
#endif
    USHORT ResponseInfoCount; PHTTP_RESPONSE_INFO pResponseInfo;
} HTTP_RESPONSE_V2, *PHTTP_RESPONSE_V2;
typedef HTTP_RESPONSE_V2 HTTP_RESPONSE, *PHTTP_RESPONSE;

/* What ISendResponseProvider::GetLogData points to when Base.Type is HttpLogDataTypeFields. */
typedef struct _HTTP_LOG_FIELDS_DATA {
    HTTP_LOG_DATA Base;
    USHORT UserNameLength; USHORT UriStemLength; USHORT ClientIpLength; USHORT ServerNameLength;
    USHORT ServiceNameLength; USHORT ServerIpLength; USHORT MethodLength; USHORT UriQueryLength;
    USHORT HostLength; USHORT UserAgentLength; USHORT CookieLength; USHORT ReferrerLength;
    WCHAR* UserName; WCHAR* UriStem;
    CHAR* ClientIp; CHAR* ServerName; CHAR* ServiceName; CHAR* ServerIp; CHAR* Method; CHAR* UriQuery;
    CHAR* Host; CHAR* UserAgent; CHAR* Cookie; CHAR* Referrer;
    USHORT ServerPort; USHORT ProtocolStatus; ULONG Win32Status; HTTP_VERB MethodNum; USHORT SubStatus;
} HTTP_LOG_FIELDS_DATA, *PHTTP_LOG_FIELDS_DATA;

#define HTTP_SEND_RESPONSE_FLAG_DISCONNECT 0x00000001
#define HTTP_SEND_RESPONSE_FLAG_MORE_DATA 0x00000002
#define HTTP_SEND_RESPONSE_FLAG_BUFFER_DATA 0x00000004
#define HTTP_SEND_RESPONSE_FLAG_ENABLE_NAGLING 0x00000008

#endif /* ISAPI_BRIDGE_HTTP_H */
