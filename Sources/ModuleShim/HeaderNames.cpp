#include "HeaderNames.hpp"

namespace ib {

static const char* const commonNames[20] = {
    "Cache-Control", "Connection", "Date", "Keep-Alive", "Pragma", "Trailer", "Transfer-Encoding", "Upgrade",
    "Via", "Warning", "Allow", "Content-Length", "Content-Type", "Content-Encoding", "Content-Language",
    "Content-Location", "Content-MD5", "Content-Range", "Expires", "Last-Modified",
};

static const char* const requestNames[21] = {
    "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization", "Cookie", "Expect",
    "From", "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since",
    "Max-Forwards", "Proxy-Authorization", "Referer", "Range", "TE", "Translate", "User-Agent",
};

static const char* const responseNames[10] = {
    "Accept-Ranges", "Age", "ETag", "Location", "Proxy-Authenticate", "Retry-After", "Server", "Set-Cookie",
    "Vary", "WWW-Authenticate",
};

PCSTR requestHeaderName(HTTP_HEADER_ID id) {
    int index = (int)id;
    if (index < 0 || index >= (int)HttpHeaderRequestMaximum) return nullptr;
    return index < 20 ? commonNames[index] : requestNames[index - 20];
}

PCSTR responseHeaderName(HTTP_HEADER_ID id) {
    int index = (int)id;
    if (index < 0 || index >= (int)HttpHeaderResponseMaximum) return nullptr;
    return index < 20 ? commonNames[index] : responseNames[index - 20];
}

} // namespace ib
