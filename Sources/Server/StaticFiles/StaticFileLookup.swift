import Pipeline

/// What the static handler needs to know from the disk for one request: the site root, the mapped
/// path and, for a directory, its default document, each as the file cache has it. `cached` reads
/// only the cache (on the event loop); `refreshed` looks at the disk (off it).
struct StaticFileLookup: Sendable {
    var root: CachedFile
    var target: CachedFile
    /// The default document, when `target` is a directory.
    var document: CachedFile?

    /// From the cache alone; nil when any part is missing or due for a look at the disk.
    static func cached(root: String, mapped: String, defaultDocument: String, in cache: FileCache) -> StaticFileLookup? {
        let now = ContinuousClock.now
        guard let rootFile = cache.lookup(root, now: now), let target = cache.lookup(mapped, now: now) else { return nil }
        var lookup = StaticFileLookup(root: rootFile, target: target)
        if target.kind == .directory, let real = target.realPath {
            guard let document = cache.lookup(real + "/" + defaultDocument, now: now) else { return nil }
            lookup.document = document
        }
        return lookup
    }

    /// Looks at the disk for every part and updates the cache. Blocks: off the event loop only.
    static func refreshed(root: String, mapped: String, defaultDocument: String, in cache: FileCache) -> StaticFileLookup {
        var lookup = StaticFileLookup(root: cache.refresh(root), target: cache.refresh(mapped))
        if lookup.target.kind == .directory, let real = lookup.target.realPath {
            lookup.document = cache.refresh(real + "/" + defaultDocument)
        }
        return lookup
    }

    /// What to serve: the file (its resolved path inside the root), a directory (whose default
    /// document is `document`), or why not.
    enum Resolution {
        case file(CachedFile, path: String)
        case directory(Result<(CachedFile, path: String), ConfinedPath.Refusal>)
        case refused(ConfinedPath.Refusal)
    }

    var resolution: Resolution {
        guard let realRoot = root.realPath else { return .refused(.notFound) }
        switch ConfinedPath.check(target, inside: realRoot) {
        case .failure(let refusal):
            return .refused(refusal)
        case .success(let path):
            if target.kind == .directory {
                guard let document else { return .directory(.failure(.notFound)) }
                return .directory(ConfinedPath.check(document, inside: realRoot).map { (document, path: $0) })
            }
            return .file(target, path: path)
        }
    }
}
