import NIOHTTP1
import Pipeline

/// The upstream's response headers as the client gets them: hop-by-hop headers dropped, `Via`
/// appended, and `Location` / `Content-Location` that point at the upstream mapped back to the
/// client's side (IIRF `ProxyPassReverse` pairs first; otherwise the upstream's origin becomes
/// the client's).
enum ResponseHeaderMapping {
    static func clientHeaders(from upstream: HTTPHeaders, upstreamOrigins: [String], clientOrigin: String,
                              reverseMappings: [ReverseMapping], viaName: String) -> HeaderList {
        let dropped = HopByHopHeaders.dropped(connection: upstream["Connection"])
        var headers = HeaderList()
        var via: [String] = []
        for (name, value) in upstream {
            let lowered = name.lowercased()
            if dropped.contains(lowered) { continue }
            if lowered == "via" {
                via.append(value)
                continue
            }
            if lowered == "location" || lowered == "content-location" {
                headers.add(name, mapBack(value, upstreamOrigins: upstreamOrigins, clientOrigin: clientOrigin,
                                          reverseMappings: reverseMappings))
                continue
            }
            headers.add(name, value)
        }
        via.append("1.1 " + viaName)
        headers.add("Via", via.joined(separator: ", "))
        return headers
    }

    /// `location` with an upstream prefix replaced by the client's.
    static func mapBack(_ location: String, upstreamOrigins: [String], clientOrigin: String,
                        reverseMappings: [ReverseMapping]) -> String {
        for mapping in reverseMappings where location.hasPrefix(mapping.upstreamPrefix) {
            let rest = location.dropFirst(mapping.upstreamPrefix.count)
            let local = mapping.localPrefix.hasPrefix("/") ? clientOrigin + mapping.localPrefix : mapping.localPrefix
            return local + rest
        }
        let lowered = location.lowercased()
        for origin in upstreamOrigins {
            guard lowered.hasPrefix(origin.lowercased()) else { continue }
            let rest = location.dropFirst(origin.count)
            guard rest.isEmpty || rest.hasPrefix("/") || rest.hasPrefix("?") else { continue }
            return clientOrigin + rest
        }
        return location
    }
}
