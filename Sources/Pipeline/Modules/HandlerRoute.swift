/// A `<handlers>` entry prepared once per pipeline: its method list split, its path lower-cased
/// and the modules it executes resolved to chain indices, so choosing the handler of a request
/// neither splits strings nor builds sets.
struct HandlerRoute: Sendable {
    let mapping: HandlerMapping
    /// `mapping.methods`; empty for `*`.
    let methods: [String]
    /// The modules of `mapping` that subscribe to ExecuteRequestHandler, in the mapping's order.
    let executeList: [Int]
    private let pattern: Pattern

    private enum Pattern: Sendable {
        case any
        /// `*.ext`: the lower-cased `.ext`.
        case suffix(String)
        /// A path with a slash, lower-cased: compared with the whole request path.
        case path(String)
        /// A name without a slash, lower-cased: compared with the last segment.
        case segment(String)
    }

    init(_ mapping: HandlerMapping, executing subscribed: Set<Int>, moduleIndexByName: [String: Int]) {
        self.mapping = mapping
        methods = mapping.methods
        executeList = mapping.modules.compactMap { moduleIndexByName[$0] }.filter { subscribed.contains($0) }
        if mapping.path == "*" {
            pattern = .any
        } else if mapping.path.hasPrefix("*.") {
            pattern = .suffix(String(mapping.path.dropFirst()).lowercased())
        } else if mapping.path.contains("/") {
            pattern = .path(mapping.path.lowercased())
        } else {
            pattern = .segment(mapping.path.lowercased())
        }
    }

    func matches(path: String, method: String) -> Bool {
        allows(method: method) && matches(path: path)
    }

    func allows(method: String) -> Bool {
        mapping.verb == "*" || methods.contains { $0.caseInsensitiveEquals(Substring(method)) }
    }

    /// `*` matches every path; `*.ext` the last segment's ending; a path with a slash the whole path;
    /// a name without one the last segment. Case does not matter.
    func matches(path requestPath: String) -> Bool {
        switch pattern {
        case .any:
            return true
        case .suffix(let suffix):
            return Self.lastSegment(requestPath).lowercased().hasSuffix(suffix)
        case .path(let path):
            return Self.equalLowercased(requestPath, path)
        case .segment(let segment):
            return Self.equalLowercased(String(Self.lastSegment(requestPath)), segment)
        }
    }

    private static func lastSegment(_ path: String) -> Substring {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(path) }
        return path[path.utf8.index(after: slash)...]
    }

    /// `text.lowercased() == lowercased`, without a new string when `text` is ASCII.
    private static func equalLowercased(_ text: String, _ lowercased: String) -> Bool {
        var text = text, other = lowercased
        let ascii: Bool? = text.withUTF8 { bytes in
            other.withUTF8 { target in
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
                guard bytes.count == target.count else { return false }
                for index in 0..<bytes.count where HeaderList.lower(bytes[index]) != target[index] { return false }
                return true
            }
        }
        return ascii ?? (text.lowercased() == lowercased)
    }
}
