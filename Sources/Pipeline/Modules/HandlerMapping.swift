/// One `<handlers>` entry: which modules run in ExecuteRequestHandler for matching requests.
public struct HandlerMapping: Sendable, Equatable {
    public var name: String
    /// `*`, `*.ext`, or an exact path such as `/hello` (the last segment is compared when it has no slash).
    public var path: String
    /// `*` or a comma list of methods.
    public var verb: String
    /// Module names, run in this order.
    public var modules: [String]

    public init(name: String, path: String, verb: String = "*", modules: [String]) {
        self.name = name
        self.path = path
        self.verb = verb
        self.modules = modules
    }

    package func matches(path requestPath: String, method: String) -> Bool {
        allows(method: method) && matches(path: requestPath)
    }

    /// The methods `verb` lists; empty for `*`.
    var methods: [String] {
        verb == "*" ? [] : verb.split(separator: ",").map { String($0.trimmingCharacters(in: " ")) }.filter { !$0.isEmpty }
    }

    func allows(method: String) -> Bool {
        verb == "*" || methods.contains { $0.caseInsensitiveEquals(Substring(method)) }
    }

    func matches(path requestPath: String) -> Bool {
        if path == "*" { return true }
        let lastSegment = requestPath.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if path.hasPrefix("*.") {
            return lastSegment.lowercased().hasSuffix(String(path.dropFirst()).lowercased())
        }
        if path.contains("/") { return requestPath.lowercased() == path.lowercased() }
        return lastSegment.lowercased() == path.lowercased()
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}

