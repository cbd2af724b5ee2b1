/// Windows path prefixes and the Linux directories they stand for (`--map-path 'C:\inetpub=/srv/inetpub'`,
/// repeatable). A prefix is a drive path (`C:\inetpub`), a UNC path (`\\server\share`) or a
/// variable reference (`%IIS_SITES_HOME%`, matched before the variable is expanded). Matching
/// ignores case and treats `\` and `/` alike, on whole path components; the longest prefix wins.
public struct PathMapping: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// As given, for messages.
        public var windowsPrefix: String
        public var linuxDirectory: String
        /// Lower-cased, `/`-separated components of `windowsPrefix`.
        var components: [String]
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// `WINDOWS=LINUX` entries, as `--map-path` takes them; a malformed one throws a message
    /// naming it.
    public init(parsing arguments: [String]) throws(PathMappingError) {
        for argument in arguments { try add(argument) }
    }

    public mutating func add(_ argument: String) throws(PathMappingError) {
        guard let equals = argument.lastIndex(of: "=") else {
            throw PathMappingError(argument: argument, reason: "it must be WINDOWS=LINUX, e.g. 'C:\\inetpub=/srv/inetpub'")
        }
        let windows = String(argument[..<equals])
        let linux = String(argument[argument.index(after: equals)...])
        let components = Self.components(of: windows)
        guard !components.isEmpty, Self.isWindowsRoot(components[0]) else {
            throw PathMappingError(argument: argument, reason: "the left side must be a Windows path (C:\\dir, \\\\server\\share) or a %VARIABLE%")
        }
        guard linux.hasPrefix("/") else {
            throw PathMappingError(argument: argument, reason: "the right side must be an absolute Linux directory, e.g. /srv/inetpub")
        }
        entries.append(Entry(windowsPrefix: windows, linuxDirectory: linux, components: components))
    }

    /// The Linux path for `path`, or nil when no prefix matches.
    public func translate(_ path: String) -> String? {
        let parts = Self.components(of: path)
        var best: Entry?
        for entry in entries where entry.components.count <= parts.count
            && Array(parts.prefix(entry.components.count)) == entry.components {
            if best == nil || entry.components.count > best!.components.count { best = entry }
        }
        guard let best else { return nil }
        let original = Self.originalComponents(of: path)
        let rest = original.dropFirst(best.components.count)
        let base = best.linuxDirectory.hasSuffix("/") ? String(best.linuxDirectory.dropLast()) : best.linuxDirectory
        return rest.isEmpty ? (base.isEmpty ? "/" : base) : base + "/" + rest.joined(separator: "/")
    }

    /// `C:`, `%NAME%` or a UNC `//server` start a Windows path.
    static func isWindowsRoot(_ component: String) -> Bool {
        if component.hasPrefix("%") && component.hasSuffix("%") && component.count > 2 { return true }
        if component.hasPrefix("//") { return true }
        let scalars = Array(component.unicodeScalars)
        return scalars.count == 2 && scalars[1] == ":" && scalars[0].properties.isAlphabetic
    }

    static func components(of path: String) -> [String] { originalComponents(of: path).map { $0.lowercased() } }

    /// Components with their case; a UNC path's first component is `//server`.
    static func originalComponents(of path: String) -> [String] {
        let slashed = path.replacingBackslashes()
        var parts = slashed.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if slashed.hasPrefix("//"), !parts.isEmpty { parts[0] = "//" + parts[0] }
        return parts
    }
}

/// A `--map-path` argument that cannot be used.
public struct PathMappingError: Error, Sendable, CustomStringConvertible {
    public var argument: String
    public var reason: String
    public var description: String { "--map-path '\(argument)': \(reason)" }
}

extension String {
    func replacingBackslashes() -> String { String(map { $0 == "\\" ? "/" : $0 }) }
}
