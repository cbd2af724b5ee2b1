import Memory
import Pipeline

/// A Swift filter whose behaviour is a closure; logs `name:NOTIFICATION` (the name without
/// `SF_NOTIFY_`) for each call.
public final class ScriptedFilter: HttpFilter {
    public let name: String
    public let flags: FilterNotifications
    public let log: EventLog
    public let body: @Sendable (FilterContext, FilterNotification) -> FilterStatus

    public init(_ name: String, flags: FilterNotifications, log: EventLog = EventLog(),
                body: @escaping @Sendable (FilterContext, FilterNotification) -> FilterStatus = { _, _ in .nextNotification }) {
        self.name = name
        self.flags = flags
        self.log = log
        self.body = body
    }

    public func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        FilterVersion(description: name, flags: flags)
    }

    public func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        log.append("\(name):\(notification.flag.notificationName.dropFirst("SF_NOTIFY_".count))")
        return body(context, notification)
    }
}

/// The name the server tests know the filter by.
public typealias SocketFilter = ScriptedFilter

/// A pipeline over `root` with `filters` (in that order of registration) in front of `modules`.
public func filterPipeline(_ filters: [ScriptedFilter], root: String = "/srv/site", modules: [ModuleRegistration] = [],
                           memory: MemoryConfiguration = .default,
                           accounting: MemoryAccounting = .shared) throws -> RequestPipeline {
    let chain = try FilterChain(filters.map { try FilterRegistration(name: $0.name, filter: $0) })
    return RequestPipeline(site: SiteInfo(physicalPath: root), modules: modules, filters: chain, memory: memory,
                           accounting: accounting)
}
