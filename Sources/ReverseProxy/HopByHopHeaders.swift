import NIOHTTP1
import Pipeline

/// Headers that describe one connection, not the message: a proxy drops them in both directions
/// (RFC 9110 section 7.6.1), with every header the `Connection` header names.
enum HopByHopHeaders {
    static let names: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
    ]

    /// The lower-cased names to drop from a message whose `Connection` values are `connection`.
    static func dropped(connection values: [String]) -> Set<String> {
        var result = names
        for value in values {
            for token in value.split(separator: ",") {
                let name = token.trimmingCharacters(in: " \t").lowercased()
                if !name.isEmpty { result.insert(name) }
            }
        }
        return result
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}
