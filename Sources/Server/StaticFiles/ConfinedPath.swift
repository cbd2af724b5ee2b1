#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps static files inside the site root: rejects URLs that try to climb out and physical
/// paths that resolve (through `..` or symlinks) outside it.
enum ConfinedPath {
    /// Why a path was refused.
    enum Refusal: Error, Equatable {
        /// The URL or its resolution leaves the root, or uses encodings that hide separators.
        case escapesRoot
        /// Nothing there (or a component is not a directory).
        case notFound
        /// There, but the process may not read it.
        case notPermitted
    }

    /// Checks a request before it is mapped. `rawPath` is the path as sent (still percent-encoded),
    /// `decodedPath` the pipeline's decoded `request.path`.
    static func checkURL(rawPath: Substring, decodedPath: String) -> Refusal? {
        // %2F / %5C would turn into separators after decoding; %00 into a C string terminator.
        let raw = rawPath.lowercased()
        if raw.contains("%2f") || raw.contains("%5c") || raw.contains("%00") { return .escapesRoot }
        if decodedPath.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 0 }) { return .escapesRoot }
        for segment in decodedPath.split(separator: "/", omittingEmptySubsequences: true) where segment == ".." {
            return .escapesRoot
        }
        return nil
    }

    /// The canonical path of `physicalPath` if it lies inside `root` (itself resolved).
    static func resolve(_ physicalPath: String, inside root: String) -> Result<String, Refusal> {
        guard let realRoot = realPath(root) else { return .failure(.notFound) }
        guard let real = realPath(physicalPath) else {
            return .failure(errno == EACCES ? .notPermitted : .notFound)
        }
        let prefix = realRoot.hasSuffix("/") ? realRoot : realRoot + "/"
        guard real == realRoot || real.hasPrefix(prefix) else { return .failure(.escapesRoot) }
        return .success(real)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
