#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Pipeline

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

    /// The resolved path of `file` if it lies inside `realRoot` (itself resolved) and can be served
    /// or listed: a regular file or a directory.
    static func check(_ file: CachedFile, inside realRoot: String) -> Result<String, Refusal> {
        guard let real = file.realPath else { return .failure(file.kind == .notPermitted ? .notPermitted : .notFound) }
        guard contains(realRoot, real) else { return .failure(.escapesRoot) }
        switch file.kind {
        case .regularFile, .directory: return .success(real)
        case .notPermitted: return .failure(.notPermitted)
        case .missing, .other: return .failure(.notFound)
        }
    }

    /// `path` is `root` or below it (both resolved). No string is built; the bytes are compared
    /// in place (the generic `starts(with:)` over two UTF-8 views cost about 1,800 instructions for a
    /// 40-byte root, a tenth of a cached static file's handling).
    static func contains(_ root: String, _ path: String) -> Bool {
        var root = root
        var path = path
        return root.withUTF8 { root in
            path.withUTF8 { path in
                guard path.count >= root.count,
                      root.isEmpty || memcmp(root.baseAddress!, path.baseAddress!, root.count) == 0
                else { return false }
                return path.count == root.count || root.last == UInt8(ascii: "/") || path[root.count] == UInt8(ascii: "/")
            }
        }
    }

    static func realPath(_ path: String) -> String? { FileProbe.realPath(path) }
}
