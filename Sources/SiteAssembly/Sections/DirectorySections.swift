import Config
import Logging
import Pipeline
import Synchronization

/// The section modules of each directory of one site, computed once per directory from its
/// configuration (applicationHost.config levels and `web.config` files) and kept. A directory's
/// `web.config` files are looked at again (one `stat` each) when its entry is older than the check
/// interval; a change rebuilds it. A directory whose configuration cannot be used keeps the error,
/// which `ConfigurationErrorModule` answers with 500.19.
final class DirectorySections: Sendable {
    typealias Resolved = Result<SectionInstances, DirectoryConfigurationError>

    private struct Entry {
        var resolved: Resolved
        var files: [WatchedFile]
        var checkedAt: ContinuousClock.Instant
        /// `<location>` paths naming a file (or a directory without its slash) here.
        var childLocations: Set<String>
    }

    let source: DirectoryConfigurationSource
    let build: @Sendable (SiteModel) -> Resolved
    let interval: Duration
    let capacity: Int
    let logger: Logger
    private let entries = Mutex<[String: Entry]>([:])

    init(source: DirectoryConfigurationSource, interval: Duration, capacity: Int, logger: Logger,
         build: @escaping @Sendable (SiteModel) -> Resolved) {
        self.source = source
        self.build = build
        self.interval = interval
        self.capacity = max(1, capacity)
        self.logger = logger
    }

    /// The modules for the directory of `path` (the part up to its last `/`).
    /// A path a `<location>` names (`/admin.aspx`) is configured as a level of its own.
    func instances(for path: String) -> Resolved {
        let directory = Self.directory(of: path)
        let now = ContinuousClock.now
        var cached = entries.withLock { $0[directory] }
        if cached == nil || now - cached!.checkedAt >= interval {
            refresh(directory, now: now)
            cached = entries.withLock { $0[directory] }
        }
        guard let entry = cached else { return refresh(directory, now: now) }
        if !entry.childLocations.isEmpty, path.utf8.count > directory.utf8.count, entry.childLocations.contains(path.lowercased()) {
            let key = path + "/"
            if let named = entries.withLock({ $0[key] }), now - named.checkedAt < interval { return named.resolved }
            return refresh(key, now: now)
        }
        return entry.resolved
    }

    /// Looks the files again; rebuilds when one changed (or on first use).
    @discardableResult
    func refresh(_ directory: String, now: ContinuousClock.Instant = .now) -> Resolved {
        if let entry = entries.withLock({ $0[directory] }), !entry.files.contains(where: \.hasChanged) {
            entries.withLock { $0[directory]?.checkedAt = now }
            return entry.resolved
        }
        let configuration = source.resolve(directory)
        let resolved: Resolved
        switch configuration.settings {
        case .success(let site): resolved = build(site)
        case .failure(let error): resolved = .failure(error)
        }
        if case .failure(let error) = resolved {
            logger.error("configuration of \(source.siteName)\(configuration.virtualPath) cannot be used; its requests get 500.19: \(error)")
        }
        entries.withLock { entries in
            if entries.count >= capacity && entries[directory] == nil { entries.removeAll() }
            entries[directory] = Entry(resolved: resolved, files: configuration.files, checkedAt: now,
                                       childLocations: configuration.childLocations)
        }
        return resolved
    }

    static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "/" }
        return String(path[...slash])
    }
}

/// One section slot (or registered section) of a site, handing each request to the module its
/// directory's configuration made for the slot.
final class DirectorySectionModule: HttpModule, Sendable {
    enum Target: Sendable {
        case slot(SectionSlot)
        case custom(String)
    }
    let target: Target
    let sections: DirectorySections

    init(_ target: Target, sections: DirectorySections) {
        self.target = target
        self.sections = sections
    }

    private func module(_ context: HttpContext) -> (any HttpModule & Sendable)? {
        switch sections.instances(for: context.request.path) {
        case .success(let instances):
            switch target {
            case .slot(let slot): return instances[slot]
            case .custom(let name): return instances.custom[name]
            }
        case .failure(let error):
            if case .slot(.configurationError) = target { return ConfigurationErrorModule(error: error) }
            return nil
        }
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        try module(context)?.handle(notification, context: context, provider: provider) ?? .continue
    }

    func handleAsyncCompletion(_ notification: RequestNotification, context: HttpContext, completion: AsyncCompletion) throws -> NotificationStatus {
        try module(context)?.handleAsyncCompletion(notification, context: context, completion: completion) ?? .continue
    }
}
