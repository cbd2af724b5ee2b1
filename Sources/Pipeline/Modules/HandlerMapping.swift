/// One `<handlers>` entry: which modules run in ExecuteRequestHandler for matching requests.
public struct HandlerMapping: Sendable, Equatable {
    public var name: String
    /// `*`, `*.ext`, or an exact path such as `/hello` (the last segment is compared when it has no slash).
    public var path: String
    /// `*` or a comma list of methods.
    public var verb: String
    /// Module names, run in this order.
    public var modules: [String]
    /// Where a reverse proxy handler forwards the entry's requests (`http://host[:port][/base]`,
    /// a `ReverseProxyModule` entry's `scriptProcessor`); nil for other handlers.
    public var upstream: String?

    public init(name: String, path: String, verb: String = "*", modules: [String], upstream: String? = nil) {
        self.name = name
        self.path = path
        self.verb = verb
        self.modules = modules
        self.upstream = upstream
    }

    /// Whether a request for `requestPath` with `method` would choose this entry (IScriptMapInfo's
    /// MapHandler; the request path itself uses the prepared `HandlerRoute`).
    package func matches(path requestPath: String, method: String) -> Bool {
        HandlerRoute(self, executing: [], moduleIndexByName: [:]).matches(path: requestPath, method: method)
    }

    /// The methods `verb` lists; empty for `*`.
    var methods: [String] {
        verb == "*" ? [] : verb.split(separator: ",").map { String($0.trimmingCharacters(in: " ")) }.filter { !$0.isEmpty }
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

