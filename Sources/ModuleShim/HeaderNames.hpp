// HTTP_HEADER_ID -> header name. Request and response indices overlap with different meanings.
#pragma once

#include "HostBridge.hpp"

namespace ib {

/// The request header at `id`, or nullptr when out of range.
PCSTR requestHeaderName(HTTP_HEADER_ID id);
/// The response header at `id`, or nullptr when out of range.
PCSTR responseHeaderName(HTTP_HEADER_ID id);

} // namespace ib
