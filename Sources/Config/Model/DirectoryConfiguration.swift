import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The configuration in force for one directory of a site: applicationHost.config's levels, its
/// `<location path="Site/dir">` elements, and every `web.config` from the site root down to the
/// directory, merged parent to child. Or, when one of those files cannot be used, why (IIS answers
/// the directory's requests with 500.19).
public struct DirectoryConfiguration: Sendable {
    /// The directory (`/`, `/app/images`).
    public var virtualPath: String
    /// The site as configured for this directory (sections merged), or the reason it cannot be.
    public var settings: Result<SiteModel, DirectoryConfigurationError>
    /// Every `web.config` looked for, found or not: a change to any of them (one created, edited
    /// or removed) changes this configuration.
    public var files: [WatchedFile]
    /// The web.config files that exist and were read, in order.
    public var readFiles: [String]
    /// Sections of those files that have no meaning here (`system.web`, `appSettings`, ...).
    public var ignoredSections: [String]
    public var warnings: [ConfigDiagnostic]
    /// Lower-cased full paths of the `<location>`s that name something directly in this directory
    /// (`<location path="admin.aspx">`): a request for one of them is configured as its own level.
    public var childLocations: Set<String> = []
}

/// Why a directory's configuration cannot be used: the file, the line and what is wrong.
public struct DirectoryConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [ConfigDiagnostic]
    public init(diagnostics: [ConfigDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n") }
}

/// A file whose change is watched: its path and what `stat` said when it was read.
public struct WatchedFile: Sendable, Equatable {
    public var path: String
    /// Modification time (ns) and size; nil when the file did not exist.
    public var signature: [Int]?

    public init(path: String) {
        self.path = path
        self.signature = Self.signature(of: path)
    }

    public var hasChanged: Bool { Self.signature(of: path) != signature }

    static func signature(of path: String) -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_size), Int(info.st_ino)]
    }
}

/// What a site needs to compute the configuration of any of its directories: the levels of
/// applicationHost.config already merged into the site, the `<location>` elements for paths
/// below the site, section locks, and the section readers. Kept in `SiteModel.directories`.
public final class DirectoryConfigurationSource: Sendable, Equatable {
    let levels: [SectionEdits]
    let hostLocations: [ScopedEdits]
    let locks: SectionLocks
    let sectionReaders: [String: any ConfigSectionReader]
    let paths: PathResolution
    let allowUnavailableAuthentication: Bool
    /// The site at its own level (applications, bindings, merged sections).
    public let site: SiteModel

    init(levels: [SectionEdits], hostLocations: [ScopedEdits], locks: SectionLocks, sectionReaders: [String: any ConfigSectionReader],
         paths: PathResolution, allowUnavailableAuthentication: Bool, site: SiteModel) {
        self.levels = levels
        self.hostLocations = hostLocations
        self.locks = locks
        self.sectionReaders = sectionReaders
        self.paths = paths
        self.allowUnavailableAuthentication = allowUnavailableAuthentication
        var site = site
        site.directories = nil
        self.site = site
    }

    /// The site's name, for messages.
    public var siteName: String { site.name }

    public static func == (a: DirectoryConfigurationSource, b: DirectoryConfigurationSource) -> Bool { a === b }

    /// The configuration of `directory` (a URL path naming a directory: `/`, `/app/images/`).
    /// Reads the `web.config` files on the way; call it once per directory and keep the result.
    public func resolve(_ directory: String) -> DirectoryConfiguration {
        var segments = directory.split(separator: "/").map(String.init)
        if segments.last == "." { segments.removeLast() }
        var prefixes = ["/"]
        for segment in segments { prefixes.append((prefixes.last == "/" ? "" : prefixes.last!) + "/" + segment) }
        let virtualPath = prefixes.last!
        var merge = SectionMerge()
        let problems = DiagnosticLog(file: "")
        func report(_ severity: ConfigDiagnostic.Severity, _ line: Int, _ message: String) {
            severity == .error ? problems.error(line, message) : problems.warning(line, message)
        }
        for level in levels { merge.apply(level, report: report) }
        var result = DirectoryConfiguration(virtualPath: virtualPath, settings: .success(site), files: [], readFiles: [],
                                            ignoredSections: [], warnings: [])
        var pending: [ScopedEdits] = []
        var locks = self.locks
        func fail(_ diagnostics: [ConfigDiagnostic]) -> DirectoryConfiguration {
            result.settings = .failure(DirectoryConfigurationError(diagnostics: diagnostics))
            return result
        }
        func use(_ scoped: ScopedEdits, checkLocks: Bool) -> [ConfigDiagnostic]? {
            if checkLocks {
                for section in scoped.edits.sections where !locks.allows(section.name, site: site.name, at: scoped.virtualPath) {
                    return [ConfigDiagnostic(.error, file: scoped.source, line: section.line,
                        "the section \(section.name) cannot be set at this path: it is locked at a parent level (by default, overrideModeDefault=\"Deny\", or by <location overrideMode=\"Deny\">); unlock it in applicationHost.config with <location path=\"\(site.name)\(scoped.virtualPath == "/" ? "" : scoped.virtualPath)\" overrideMode=\"Allow\">, or remove it from this file")]
                }
            }
            if let mode = scoped.edits.overrideMode {
                for section in scoped.edits.sections {
                    locks.rules.append(.init(site: site.name.lowercased(), virtualPath: scoped.virtualPath, section: section.name, allow: mode))
                }
            }
            var errors: [ConfigDiagnostic] = []
            merge.apply(scoped.edits, report: { severity, line, message in
                if severity == .error { errors.append(ConfigDiagnostic(.error, file: scoped.source, line: line, message)) }
            })
            return errors.isEmpty ? nil : errors
        }
        for prefix in prefixes {
            for location in hostLocations where location.virtualPath.lowercased() == prefix.lowercased() {
                if let errors = use(location, checkLocks: false) { return fail(errors) }
            }
            for location in pending where location.virtualPath.lowercased() == prefix.lowercased() {
                if let errors = use(location, checkLocks: true) { return fail(errors) }
            }
            guard let (directory, physical) = site.physicalDirectory(of: prefix) else { continue }
            guard site.fullPath(of: directory).lowercased() == prefix.lowercased() || directory.allowSubDirConfig else { continue }
            let file = (physical.hasSuffix("/") ? physical : physical + "/") + "web.config"
            result.files.append(WatchedFile(path: file))
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            result.readFiles.append(file)
            let config: WebConfigFile
            do {
                config = try WebConfigReader(paths: paths, sectionReaders: sectionReaders).read(file: file, data: data, virtualPath: prefix)
            } catch {
                return fail(error.diagnostics)
            }
            result.warnings += config.warnings
            for name in config.ignoredSections where !result.ignoredSections.contains(name) { result.ignoredSections.append(name) }
            if let errors = use(ScopedEdits(virtualPath: prefix, source: file, line: 0, edits: config.own), checkLocks: true) { return fail(errors) }
            for location in config.locations {
                let target = location.path.isEmpty ? prefix : (prefix == "/" ? "" : prefix) + "/" + location.path
                let scoped = ScopedEdits(virtualPath: target, source: file, line: location.line, edits: location.edits)
                if location.path.isEmpty {
                    if let errors = use(scoped, checkLocks: true) { return fail(errors) }
                } else {
                    pending.append(scoped)
                }
            }
        }
        let inside = virtualPath == "/" ? "/" : virtualPath.lowercased() + "/"
        for location in pending + hostLocations {
            let path = location.virtualPath.lowercased()
            if path.hasPrefix(inside), path.count > inside.count, !path.dropFirst(inside.count).contains("/") { result.childLocations.insert(path) }
        }
        var settings = site
        merge.write(into: &settings)
        if let error = authenticationProblem(settings) {
            return fail([ConfigDiagnostic(.error, file: result.readFiles.last ?? "applicationHost.config", line: settings.authentication.basicLine, error)])
        }
        result.settings = .success(settings)
        return result
    }

    /// As for a site: basic needs a user file, and an unavailable scheme never runs open.
    private func authenticationProblem(_ settings: SiteModel) -> String? {
        if settings.authentication.basicEnabled && settings.authentication.basicUserFile == nil {
            return "<basicAuthentication enabled=\"true\"> needs userFile=\"FILE\" on Linux (an htpasswd file of user:hash lines)"
        }
        if let scheme = settings.authentication.unavailableSchemes.first, !allowUnavailableAuthentication {
            return "<\(scheme.element) enabled=\"true\"> is not available on Linux, and isapi-bridge will not serve this directory without it (--allow-unavailable-authentication serves it without the scheme)"
        }
        return nil
    }
}

/// One level of configuration that applies at a directory: where it was written and what it says.
struct ScopedEdits: Sendable {
    var virtualPath: String
    var source: String
    var line: Int
    var edits: SectionEdits
}

extension SiteModel {
    /// The virtual directory serving `url` (longest virtual path, ignoring case) and the physical
    /// path `url` maps to.
    public func physicalDirectory(of url: String) -> (VirtualDirectory, String)? {
        var best: (VirtualDirectory, String, Int)?
        for application in applications {
            for directory in application.virtualDirectories {
                let full = application.fullPath(of: directory)
                let lowerFull = full.lowercased(), lowerURL = url.lowercased()
                guard full == "/" || lowerURL == lowerFull || lowerURL.hasPrefix(lowerFull + "/") else { continue }
                if best == nil || full.count > best!.2 {
                    let rest = full == "/" ? url : String(url.dropFirst(full.count))
                    let root = directory.physicalPath.hasSuffix("/") ? String(directory.physicalPath.dropLast()) : directory.physicalPath
                    best = (directory, root + (rest.hasPrefix("/") ? rest : "/" + rest), full.count)
                }
            }
        }
        return best.map { ($0.0, $0.1) }
    }

    /// The full virtual path of one of the site's virtual directories.
    public func fullPath(of directory: VirtualDirectory) -> String {
        for application in applications where application.virtualDirectories.contains(directory) {
            return application.fullPath(of: directory)
        }
        return directory.path
    }
}
