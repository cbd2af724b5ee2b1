/// `system.webServer/security/isapiCgiRestriction` (server level): which ISAPI extensions may run.
/// As in IIS, an extension not listed is refused unless `notListedIsapisAllowed` is true, and a
/// refused one answers 404.2.
public struct IsapiCgiRestrictionModel: Sendable, Equatable {
    /// `<add path="..." allowed="true|false"/>`, the path resolved as `scriptProcessor` is.
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var allowed: Bool
        public var line: Int
    }
    public var notListedIsapisAllowed = false
    public var entries: [Entry] = []

    public init(notListedIsapisAllowed: Bool = false, entries: [Entry] = []) {
        self.notListedIsapisAllowed = notListedIsapisAllowed
        self.entries = entries
    }

    /// Whether the extension at `path` (a resolved `scriptProcessor`) may run.
    public func allows(_ path: String) -> Bool {
        if let entry = entries.last(where: { $0.path == path }) { return entry.allowed }
        return notListedIsapisAllowed
    }
}
