import Config
import Logging
import Pipeline
import Synchronization

/// The section modules of each directory of one site, computed once per directory from its
/// configuration (applicationHost.config levels and `web.config` files) and kept. A directory's
/// `web.config` files are looked at again (one `stat` each) when its entry is older than the check
/// interval; a change rebuilds it. A directory whose configuration cannot be used keeps the error,
/// which `ConfigurationErrorModule` answers with 500.19.
final class DirectorySections: DirectoryPolicyProvider, Sendable {
    typealias Resolved = Result<SectionInstances, DirectoryConfigurationError>

    /// A class: every request reads its directory's entry, and a struct (a policy, two
    /// collections and a time) was copied out of the table and destroyed each time, about 1,400
    /// instructions per request; a reference is one retain. Immutable: a check replaces it.
    private final class Entry: Sendable {
        let policy: SectionsPolicy
        let files: [WatchedFile]
        let checkedAt: ContinuousClock.Instant
        /// `<location>` paths naming a file (or a directory without its slash) here.
        let childLocations: Set<String>

        init(policy: SectionsPolicy, files: [WatchedFile], checkedAt: ContinuousClock.Instant, childLocations: Set<String>) {
            self.policy = policy
            self.files = files
            self.checkedAt = checkedAt
            self.childLocations = childLocations
        }

        /// The same entry, checked again at `now`.
        func checked(at now: ContinuousClock.Instant) -> Entry {
            Entry(policy: policy, files: files, checkedAt: now, childLocations: childLocations)
        }
    }

    let source: DirectoryConfigurationSource
    let build: @Sendable (SiteModel) -> Resolved
    let interval: Duration
    let capacity: Int
    let logger: Logger
    /// The site level's `<modules>` names, lower-cased: a directory without one of them does not run it.
    let siteModules: Set<String>
    private let entries = Mutex<[String: Entry]>([:])

    init(source: DirectoryConfigurationSource, interval: Duration, capacity: Int, logger: Logger,
         build: @escaping @Sendable (SiteModel) -> Resolved) {
        self.source = source
        self.build = build
        self.interval = interval
        self.capacity = max(1, capacity)
        self.logger = logger
        self.siteModules = Set(source.site.modules.map { $0.name.lowercased() })
    }

    /// The modules for the directory of `path` (the part up to its last `/`).
    func instances(for path: String) -> Resolved { entry(for: path).resolved }

    /// The pipeline's settings for the directory of `path` (request filtering, handlers, modules),
    /// which also carry its section modules.
    func policy(for path: String) -> DirectoryPolicy? { entry(for: path) }

    /// A path a `<location>` names (`/admin.aspx`) is configured as a level of its own.
    private func entry(for path: String) -> SectionsPolicy {
        let directory = Self.directory(of: path)
        let now = ContinuousClock.now
        var cached = entries.withLock { $0[directory] }
        if cached == nil || now - cached!.checkedAt >= interval {
            refresh(directory, now: now)
            cached = entries.withLock { $0[directory] }
        }
        guard let entry = cached else { return policy(refreshing: directory, now: now) }
        if !entry.childLocations.isEmpty, path.utf8.count > directory.utf8.count, entry.childLocations.contains(path.lowercased()) {
            let key = path + "/"
            if let named = entries.withLock({ $0[key] }), now - named.checkedAt < interval { return named.policy }
            return policy(refreshing: key, now: now)
        }
        return entry.policy
    }

    /// Looks the files again; rebuilds when one changed (or on first use).
    @discardableResult
    func refresh(_ directory: String, now: ContinuousClock.Instant = .now) -> Resolved {
        policy(refreshing: directory, now: now).resolved
    }

    private func policy(refreshing directory: String, now: ContinuousClock.Instant) -> SectionsPolicy {
        if let entry = entries.withLock({ $0[directory] }), !entry.files.contains(where: \.hasChanged) {
            entries.withLock { $0[directory] = $0[directory]?.checked(at: now) }
            return entry.policy
        }
        let configuration = source.resolve(directory)
        let resolved: Resolved
        let policy: SectionsPolicy
        switch configuration.settings {
        case .success(let site):
            resolved = build(site)
            policy = SectionsPolicy(site, siteModules: siteModules, resolved: resolved)
        case .failure(let error):
            resolved = .failure(error)
            policy = SectionsPolicy(source.site, siteModules: siteModules, resolved: resolved)
        }
        if case .failure(let error) = resolved {
            logger.error("configuration of \(source.siteName)\(configuration.virtualPath) cannot be used; its requests get 500.19: \(error)")
        }
        entries.withLock { entries in
            if entries.count >= capacity && entries[directory] == nil { entries.removeAll() }
            entries[directory] = Entry(policy: policy, files: configuration.files, checkedAt: now,
                                       childLocations: configuration.childLocations)
        }
        return policy
    }

    /// On the path's bytes where they are contiguous (a request path always is): the index walk of
    /// `String` cost about 600 instructions per request.
    static func directory(of path: String) -> String {
        let found: String?? = path.utf8.withContiguousStorageIfAvailable { bytes in
            guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return nil }
            // "/" is ASCII: the prefix ends on a character boundary.
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[...slash]), as: UTF8.self)
        }
        if let found { return found ?? "/" }
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
        // The pipeline looked the directory up at BeginRequest (SectionsPolicy): no second lookup.
        let resolved = (context.directoryPolicy as? SectionsPolicy)?.resolved ?? sections.instances(for: context.request.path)
        switch resolved {
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

/// One directory's settings for the pipeline (request filtering, handler mappings, the site's
/// modules it removes) together with its section modules.
final class SectionsPolicy: DirectoryPolicy, @unchecked Sendable {
    let resolved: DirectorySections.Resolved

    init(_ settings: SiteModel, siteModules: Set<String>, resolved: DirectorySections.Resolved) {
        self.resolved = resolved
        let here = Set(settings.modules.map { $0.name.lowercased() })
        // Filters see the whole connection (READ_RAW_DATA comes before any URL): they stay on.
        let removed = siteModules.subtracting(here).subtracting(["isapifiltermodule"])
        var filtering = settings.requestFilteringSettings
        if removed.contains("requestfilteringmodule") {
            // As in IIS, without RequestFilteringModule nothing of <requestFiltering> is checked.
            var open = RequestFiltering(allowDoubleEscaping: true, maxAllowedContentLength: .max, maxURL: .max, maxQueryString: .max)
            open.maxRequestEntityAllowed = filtering.maxRequestEntityAllowed
            filtering = open
        }
        super.init(requestFiltering: filtering, handlers: settings.handlerMappings, removedModules: removed)
    }
}
