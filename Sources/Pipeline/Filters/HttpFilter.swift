/// An ISAPI filter written in Swift: the meaning of `GetFilterVersion` / `HttpFilterProc` /
/// `TerminateFilter`, one to one. Native C filters are adapted onto this same protocol.
///
/// One instance serves every connection, possibly from several event loops at once, so it must be
/// thread-safe; per-connection state belongs in `FilterContext.context` or AllocMem memory.
public protocol HttpFilter: AnyObject, Sendable {
    /// `GetFilterVersion`: called once at load with the server's filter revision. Throwing refuses
    /// the filter (the error is the last error IIS would log).
    func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion
    /// `HttpFilterProc`: one notification; the context is valid only during this call.
    func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus
    /// `TerminateFilter`: called once at shutdown.
    func terminateFilter()
}

extension HttpFilter {
    public func terminateFilter() {}
}

/// What `GetFilterVersion` fills into `HTTP_FILTER_VERSION`.
public struct FilterVersion: Sendable, Equatable {
    /// `dwFilterVersion`, usually `HTTP_FILTER_REVISION`.
    public var filterRevision: UInt32
    /// `lpszFilterDesc` (at most 256 bytes are kept).
    public var description: String
    /// `dwFlags`: notifications, port bits and one order bit.
    public var flags: FilterNotifications

    public init(filterRevision: UInt32 = FilterVersion.serverRevision, description: String, flags: FilterNotifications) {
        self.filterRevision = filterRevision
        self.description = description
        self.flags = flags
    }

    /// The revision the host reports in `dwServerFilterVersion`: `MAKELONG(0, 10)`, the Windows 10 SDK value.
    public static let serverRevision: UInt32 = 0x000A_0000
}

/// Priority from the `SF_NOTIFY_ORDER_*` bit; HIGH runs first (for incoming events).
public enum FilterPriority: Int, Sendable, Comparable, CustomStringConvertible {
    case high = 0, medium, low

    public static func < (a: FilterPriority, b: FilterPriority) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .high: "HIGH"
        case .medium: "MEDIUM"
        case .low: "LOW"
        }
    }
}

/// A loaded filter with what it declared: one entry of `<isapiFilters>`.
public struct FilterRegistration: Sendable {
    public let name: String
    public let filter: any HttpFilter
    public let version: FilterVersion
    /// Global (server-level) filters run before site filters.
    public let isGlobal: Bool
    public let priority: FilterPriority
    /// True when the filter set no `SF_NOTIFY_ORDER_*` bit (it then runs as LOW, as the header says).
    public let priorityDefaulted: Bool
    /// Where its notifications run: `.pool` (may block; the default for C filters, set by the
    /// configuration) or `.eventLoop` (Swift filters, and C filters the porter marked).
    public var threading: ExecutionMode = .eventLoop

    /// Calls `GetFilterVersion` and records the answer.
    public init(name: String, filter: any HttpFilter, isGlobal: Bool = true) throws(FilterLoadError) {
        let version: FilterVersion
        do {
            version = try filter.filterVersion(serverRevision: FilterVersion.serverRevision)
        } catch {
            throw FilterLoadError(filter: name, reason: "GetFilterVersion returned FALSE (last error \(error.code): \(error))")
        }
        self.name = name
        self.filter = filter
        self.version = version
        self.isGlobal = isGlobal
        let flags = version.flags
        if flags.contains(.orderHigh) {
            priority = .high
        } else if flags.contains(.orderMedium) {
            priority = .medium
        } else {
            priority = .low
        }
        priorityDefaulted = flags.intersection(.orderMask).isEmpty
    }

    /// The notifications this filter subscribed to.
    public var notifications: FilterNotifications { version.flags.intersection(.allNotifications) }

    /// Whether the filter wants connections of this kind (neither port bit means both).
    func servesPort(secure: Bool) -> Bool {
        let ports = version.flags.intersection([.securePort, .nonSecurePort])
        if ports.isEmpty { return true }
        return ports.contains(secure ? .securePort : .nonSecurePort)
    }
}

/// A filter that could not be loaded or initialised.
public struct FilterLoadError: Error, Sendable, CustomStringConvertible {
    public let filter: String
    public let reason: String
    public init(filter: String, reason: String) {
        self.filter = filter
        self.reason = reason
    }
    public var description: String { "ISAPI filter '\(filter)' could not be loaded: \(reason)" }
}
