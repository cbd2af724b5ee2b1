/* isapi-bridge: httpcach.h. The cache interfaces it names (IHttpCacheKey, IHttpCacheSpecificData,
 * ICacheProvider...) are declared by httpserv.h by name only: the host has no output cache and
 * raises no cache notifications. Samples include this header beside httpserv.h. */
#ifndef ISAPI_BRIDGE_HTTPCACH_H
#define ISAPI_BRIDGE_HTTPCACH_H
#include "httpserv.h"
#endif
