#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps static files inside the site root: rejects physical paths that resolve (through a URL_MAP
/// filter's `..` or symlinks) outside it. URLs cannot climb out: the pipeline made them canonical.
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
