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

    /// `path` is `root` or below it (both resolved). No string is built.
    static func contains(_ root: String, _ path: String) -> Bool {
        guard path.utf8.starts(with: root.utf8) else { return false }
        let rootBytes = root.utf8.count
        let pathBytes = path.utf8
        return pathBytes.count == rootBytes || root.utf8.last == UInt8(ascii: "/")
            || pathBytes[pathBytes.index(pathBytes.startIndex, offsetBy: rootBytes)] == UInt8(ascii: "/")
    }

    static func realPath(_ path: String) -> String? { FileProbe.realPath(path) }
}
