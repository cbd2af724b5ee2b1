import Foundation

/// Turns `image`/`path`/`physicalPath` attribute values into absolute Linux paths: applies
/// `%VARIABLE%` path mappings, expands `%NAME%` (the environment first, then the Windows defaults
/// of `WindowsVariables`), translates Windows paths through the `PathMapping` (`--map-path`) and
/// resolves relative paths against the configuration file's directory.
struct PathResolution: Sendable {
    /// Directory relative paths are resolved against.
    var baseDirectory: String
    /// Extra variables, checked before the environment (tests set `ISAPI_BRIDGE_BIN` here).
    var variables: [String: String]
    /// `--map-path` prefixes.
    var mapping = PathMapping()

    enum Failure: Error, Equatable {
        /// A Windows path (after expansion) no `--map-path` prefix covers.
        case unmappedWindowsPath(String)
        case undefinedVariable(String)
    }

    static let binaryVariable = "ISAPI_BRIDGE_BIN"

    func resolve(_ raw: String) -> Result<String, Failure> {
        if raw.hasPrefix("%"), let mapped = mapping.translate(raw) { return .success(Self.normalize(mapped)) }
        let expanded: String
        switch expand(raw) {
        case .success(let value): expanded = value
        case .failure(let failure): return .failure(failure)
        }
        if Self.isWindowsPath(expanded) {
            var windows = expanded
            if windows.hasPrefix("\\") && !windows.hasPrefix("\\\\") { windows = (value(of: "SystemDrive") ?? "C:") + windows }
            guard let linux = mapping.translate(windows) else { return .failure(.unmappedWindowsPath(windows)) }
            return .success(Self.normalize(linux))
        }
        var path = expanded.replacingBackslashes()
        if !path.hasPrefix("/") {
            path = (baseDirectory.hasSuffix("/") ? baseDirectory : baseDirectory + "/") + path
        }
        return .success(Self.normalize(path))
    }

    /// `%NAME%` references replaced; an undefined name without a default fails.
    func expand(_ raw: String) -> Result<String, Failure> {
        var expanded = ""
        var rest = Substring(raw)
        var rounds = 0
        while let start = rest.firstIndex(of: "%") {
            expanded += rest[..<start]
            let afterStart = rest.index(after: start)
            guard let end = rest[afterStart...].firstIndex(of: "%") else { expanded += rest[start...]; rest = ""; break }
            let name = String(rest[afterStart..<end])
            guard let value = value(of: name) else { return .failure(.undefinedVariable(name)) }
            rest = rest[rest.index(after: end)...]
            // A default may itself name variables (%IIS_USER_HOME% -> %USERPROFILE%\...): expand again, a few times at most.
            if value.contains("%") && rounds < 8 {
                rounds += 1
                rest = Substring(value + rest)
            } else {
                expanded += value
            }
        }
        expanded += rest
        return .success(expanded)
    }

    /// The environment (or `variables`), then IIS's and Windows's documented defaults.
    func value(of name: String) -> String? {
        if let value = variables[name] ?? variables.first(where: { $0.key.lowercased() == name.lowercased() })?.value { return value }
        let environment = ProcessInfo.processInfo.environment
        if let value = environment[name] { return value }
        return WindowsVariables.defaultValue(of: name)
    }

    /// A drive path (`C:\`, `C:/`), a UNC path (`\\server`) or a path from the drive's root (`\dir`);
    /// a relative path with backslashes (`site\assets`) is not: it is relative to the file.
    static func isWindowsPath(_ path: String) -> Bool {
        if path.hasPrefix("\\") { return true }
        let scalars = Array(path.unicodeScalars.prefix(2))
        return scalars.count == 2 && scalars[1] == ":" && CharacterSet.letters.contains(scalars[0])
    }

    /// Removes `.` and `..` segments and doubled slashes.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// What to do about a Windows path no prefix maps.
    static func unmappedHint(_ windowsPath: String) -> String {
        let parts = PathMapping.originalComponents(of: windowsPath)
        let prefix = parts.prefix(2).joined(separator: "\\")
        return "'\(windowsPath)' is a Windows path; map it to a Linux directory with --map-path '\(prefix)=/srv/...' (repeatable, longest prefix wins)"
    }
}
