@testable import Pipeline

/// A Swift filter whose behaviour is a closure; logs `name:SF_NOTIFY_...` for each notification.
final class ScriptedFilter: HttpFilter {
    let name: String
    let flags: FilterNotifications
    let log: EventLog
    let body: @Sendable (FilterContext, FilterNotification) -> FilterStatus

    init(_ name: String, flags: FilterNotifications, log: EventLog,
         body: @escaping @Sendable (FilterContext, FilterNotification) -> FilterStatus = { _, _ in .nextNotification }) {
        self.name = name
        self.flags = flags
        self.log = log
        self.body = body
    }

    func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        FilterVersion(description: name, flags: flags)
    }

    func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        log.append("\(name):\(notification.flag.notificationName.replacingOccurrences("SF_NOTIFY_", ""))")
        return body(context, notification)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

func filterPipeline(_ filters: [ScriptedFilter], modules: [ModuleRegistration] = [],
                    memory: Memory.MemoryConfiguration = .default) throws -> RequestPipeline {
    let chain = try FilterChain(filters.map { try FilterRegistration(name: $0.name, filter: $0) })
    return RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: modules, filters: chain, memory: memory)
}

import Memory

/// The Win32 error `body` throws, or nil when it succeeds.
func win32Error(_ body: () throws(Win32Error) -> Void) -> Win32Error? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
