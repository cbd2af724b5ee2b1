/// A reader for a `system.webServer` section isapi-bridge does not read itself (the URL Rewrite
/// module's `<rewrite>`, for one), registered by element name in `ConfigReader.sectionReaders`. It
/// is given every occurrence: in applicationHost.config (server level, `<location>`) and in
/// `web.config` files, with the directory each applies to. What it returns is kept, parent first,
/// in `SiteModel.customSections` of the site and of each directory.
public protocol ConfigSectionReader: Sendable {
    /// - Parameters:
    ///   - virtualPath: the directory the section applies to (`/` for a site, `/app/dir` below).
    ///   - diagnostics: where problems go, with the element's file and line.
    /// - Returns: the section's value, or nil when it is unusable (after reporting why).
    func read(_ element: ConfigElement, virtualPath: String, diagnostics: SectionDiagnostics) -> (any Sendable)?

    /// As `read(_:virtualPath:diagnostics:)`, told whether the occurrence is applicationHost.config's
    /// server level (where some sections allow more, as `<rewrite><globalRules>`). By default the
    /// level is not looked at.
    func read(_ element: ConfigElement, virtualPath: String, serverLevel: Bool, diagnostics: SectionDiagnostics) -> (any Sendable)?
}

extension ConfigSectionReader {
    public func read(_ element: ConfigElement, virtualPath: String, serverLevel: Bool, diagnostics: SectionDiagnostics) -> (any Sendable)? {
        read(element, virtualPath: virtualPath, diagnostics: diagnostics)
    }
}

/// One occurrence of a section read by a `ConfigSectionReader`.
public struct ScopedSection: Sendable, Equatable {
    public var name: String
    /// The directory it applies to.
    public var virtualPath: String
    public var file: String
    public var line: Int
    public var value: any Sendable

    /// Equal when read from the same place.
    public static func == (a: ScopedSection, b: ScopedSection) -> Bool {
        a.name == b.name && a.virtualPath == b.virtualPath && a.file == b.file && a.line == b.line
    }
}

/// What a `ConfigSectionReader` reports through: an error makes the file fail (applicationHost.config
/// does not load; a `web.config`'s directory answers 500.19); a warning is listed.
public struct SectionDiagnostics {
    let log: DiagnosticLog

    public var file: String { log.file }
    public func error(line: Int, _ message: String) { log.error(line, message) }
    public func warning(line: Int, _ message: String) { log.warning(line, message) }
}
