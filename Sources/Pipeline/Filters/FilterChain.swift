/// A site's filters in calling order: global before site, then HIGH, MEDIUM, LOW, ties by
/// configuration order. Outgoing events (SEND_RESPONSE, SEND_RAW_DATA) walk it backwards.
public struct FilterChain: Sendable {
    public let filters: [FilterRegistration]
    /// Every notification at least one filter subscribed to.
    public let notifications: FilterNotifications
    /// Whether READ_RAW_DATA may be delivered (IIS 7 refuses such filters; isapi-bridge allows them
    /// unless this is off).
    public let rawDataEnabled: Bool

    public init(_ filters: [FilterRegistration], rawDataEnabled: Bool = true) throws(FilterLoadError) {
        if !rawDataEnabled, let raw = filters.first(where: { $0.notifications.contains(.readRawData) }) {
            throw FilterLoadError(filter: raw.name, reason:
                "it subscribes to SF_NOTIFY_READ_RAW_DATA, which is disabled in this server (enable raw-data notifications or remove the flag)")
        }
        if let siteRaw = filters.first(where: { !$0.isGlobal && $0.notifications.contains(.readRawData) }) {
            throw FilterLoadError(filter: siteRaw.name, reason:
                "SF_NOTIFY_READ_RAW_DATA is only allowed for global (server-level) filters; register it in the server's <isapiFilters>")
        }
        self.filters = filters.enumerated().sorted { a, b in
            if a.element.isGlobal != b.element.isGlobal { return a.element.isGlobal }
            if a.element.priority != b.element.priority { return a.element.priority < b.element.priority }
            return a.offset < b.offset
        }.map(\.element)
        self.notifications = filters.reduce(into: FilterNotifications()) { $0.formUnion($1.notifications) }
        self.rawDataEnabled = rawDataEnabled
    }

    public var isEmpty: Bool { filters.isEmpty }

    /// `TerminateFilter` for each filter, once, at shutdown.
    public func terminate() {
        for registration in filters { registration.filter.terminateFilter() }
    }
}
