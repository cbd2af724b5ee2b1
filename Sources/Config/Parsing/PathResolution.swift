import Foundation

/// Turns `image`/`path`/`physicalPath` attribute values into absolute Linux paths: expands
/// `%NAME%` from the environment (and `%ISAPI_BRIDGE_BIN%`, the directory of the running
/// executable), resolves relative paths against the configuration file's directory, and refuses
/// Windows paths with a message that says what to write instead.
struct PathResolution: Sendable {
    /// Directory relative paths are resolved against.
    var baseDirectory: String
    /// Extra variables, checked before the environment (tests set `ISAPI_BRIDGE_BIN` here).
    var variables: [String: String]

    enum Failure: Error, Equatable {
        case windowsPath(String)
        case undefinedVariable(String)
    }

    static let binaryVariable = "ISAPI_BRIDGE_BIN"

    /// `kind` is `library` for `.so` files (the hint mentions the build output) or `directory`.
    func resolve(_ raw: String, library: Bool) -> Result<String, Failure> {
        if Self.looksLikeWindows(raw) { return .failure(.windowsPath(raw)) }
        var expanded = ""
        var rest = Substring(raw)
        while let start = rest.firstIndex(of: "%") {
            expanded += rest[..<start]
            let afterStart = rest.index(after: start)
            guard let end = rest[afterStart...].firstIndex(of: "%") else { expanded += rest[start...]; rest = ""; break }
            let name = String(rest[afterStart..<end])
            guard let value = variables[name] ?? ProcessInfo.processInfo.environment[name] else {
                return .failure(.undefinedVariable(name))
            }
            expanded += value
            rest = rest[rest.index(after: end)...]
        }
        expanded += rest
        if Self.looksLikeWindows(expanded) { return .failure(.windowsPath(raw)) }
        if !expanded.hasPrefix("/") {
            expanded = (baseDirectory.hasSuffix("/") ? baseDirectory : baseDirectory + "/") + expanded
        }
        return .success(Self.normalize(expanded))
    }

    static func looksLikeWindows(_ path: String) -> Bool {
        let lower = path.lowercased()
        if lower.contains("%windir%") || lower.contains("%systemroot%") || lower.contains("%programfiles%") { return true }
        if lower.hasSuffix(".dll") || path.contains("\\") { return true }
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

    /// The hint printed with a Windows-path error.
    static func windowsHint(library: Bool) -> String {
        library
            ? "point at the Linux build instead: a .so built with `swift build` or `cc -shared -fPIC $(isapi-bridge cflags) ...`, e.g. image=\"%ISAPI_BRIDGE_BIN%/libHelloWorldModule.so\" or a path relative to this file"
            : "use a Linux directory, absolute or relative to this file"
    }
}
