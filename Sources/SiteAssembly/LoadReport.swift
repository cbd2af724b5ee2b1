import Config
import Pipeline

/// The table `isapi-bridge check` prints: per site, its bindings, filters (flags, priority),
/// modules (kind, notifications), handlers and request filtering, then the global modules.
public enum LoadReport {
    public static func text(_ server: AssembledServer) -> String {
        var out = ""
        for site in server.sites {
            let bindings = site.model.bindings.map { "\($0.address):\($0.port):\($0.hostName)" }.joined(separator: ", ")
            out += "site \(site.model.id) '\(site.model.name)'  bindings: \(bindings)  root: \(site.model.physicalPath)\n"
            let filters = site.pipeline.filters?.filters ?? []
            if filters.isEmpty && site.disabledFilters.isEmpty {
                out += "  filters: none\n"
            } else {
                out += "  filters (calling order):\n"
                out += row(["name", "scope", "priority", "flags", "notifications"], widths: [18, 7, 9, 11])
                for filter in filters {
                    let priority = filter.priority.description + (filter.priorityDefaulted ? "*" : "")
                    out += row([filter.name, filter.isGlobal ? "global" : "site", priority,
                                "0x" + hex(filter.version.flags.rawValue), filterNotificationNames(filter.version.flags)],
                               widths: [18, 7, 9, 11])
                }
                for disabled in site.disabledFilters {
                    out += row([disabled.name, disabled.isGlobal ? "global" : "site", "-", "-", "disabled (enabled=\"false\")"],
                               widths: [18, 7, 9, 11])
                }
                if filters.contains(where: \.priorityDefaulted) { out += "    * no SF_NOTIFY_ORDER_* bit: runs as LOW\n" }
            }
            out += "  modules (configuration order):\n"
            let registrations = Dictionary(site.pipeline.modules.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
            let notRun = site.moduleKinds.filter { $0.kind.hasPrefix("not available") }.map(\.name)
            for (name, kind) in site.moduleKinds where !kind.hasPrefix("not available") {
                var notifications = "-"
                if let registration = registrations[name.lowercased()] {
                    notifications = requestNotificationNames(registration.notifications, post: registration.postNotifications)
                }
                out += row([name, kind, notifications], widths: [24, 40])
            }
            if !notRun.isEmpty { out += "    not run here (see the summary below): \(notRun.joined(separator: ", "))\n" }
            if !site.pipeline.handlers.isEmpty {
                out += "  handlers:\n"
                let unavailable = site.model.handlers.filter { $0.unavailable != nil }.count
                if unavailable > 0 { out += "    (\(unavailable) handler(s) that cannot run here answer 500.21: see the summary below)\n" }
                for handler in site.pipeline.handlers where !handler.modules.contains(UnavailableHandlerModule.name) {
                    // An ISAPI extension handler names its scriptProcessor; a reverse proxy handler its upstream.
                    let entry = site.model.handlers.first { $0.name == handler.name }
                    let script = (entry?.scriptProcessor ?? entry?.upstream).map { " -> \($0)" } ?? ""
                    out += row([handler.name, "\(handler.verb) \(handler.path)", handler.modules.joined(separator: ", ") + script], widths: [24, 30])
                }
            }
            out += "  request filtering: \(site.pipeline.requestFiltering.reportSummary)\n"
            if let limit = site.model.serverRuntime.appConcurrentRequestLimit {
                out += "  concurrent requests: at most \(limit) per worker process (serverRuntime appConcurrentRequestLimit; more get 503.2)\n"
            }
            out += "  authentication: \(site.model.authentication.summary)\n"
            out += ApplicationsReport.text(site.model)
        }
        if !server.nativeModules.isEmpty {
            out += "global modules:\n"
            for module in server.nativeModules {
                let global = module.globalRegistration.map { "global: " + globalNames($0.notifications) } ?? "no global notifications"
                out += row([module.name, module.image, global], widths: [24, 40])
            }
        }
        out += PortingSummary.text(server.notes)
        return out
    }

    static func row(_ cells: [String], widths: [Int]) -> String {
        var line = "    "
        for (index, cell) in cells.enumerated() {
            if index < widths.count {
                line += cell + String(repeating: " ", count: max(1, widths[index] - cell.count + 1))
            } else {
                line += cell
            }
        }
        return line + "\n"
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    static let filterBits: [(FilterNotifications, String)] = [
        (.readRawData, "READ_RAW_DATA"), (.preprocHeaders, "PREPROC_HEADERS"), (.authentication, "AUTHENTICATION"),
        (.urlMap, "URL_MAP"), (.authComplete, "AUTH_COMPLETE"), (.accessDenied, "ACCESS_DENIED"),
        (.sendResponse, "SEND_RESPONSE"), (.sendRawData, "SEND_RAW_DATA"), (.log, "LOG"),
        (.endOfRequest, "END_OF_REQUEST"), (.endOfNetSession, "END_OF_NET_SESSION"),
    ]

    public static func filterNotificationNames(_ flags: FilterNotifications) -> String {
        let names = filterBits.filter { flags.contains($0.0) }.map(\.1)
        return names.isEmpty ? "-" : names.joined(separator: " ")
    }

    static let stageBits: [(RequestNotifications, String)] = [
        (.beginRequest, "BeginRequest"), (.authenticateRequest, "AuthenticateRequest"), (.authorizeRequest, "AuthorizeRequest"),
        (.resolveRequestCache, "ResolveRequestCache"), (.mapRequestHandler, "MapRequestHandler"),
        (.acquireRequestState, "AcquireRequestState"), (.preExecuteRequestHandler, "PreExecuteRequestHandler"),
        (.executeRequestHandler, "ExecuteRequestHandler"), (.releaseRequestState, "ReleaseRequestState"),
        (.updateRequestCache, "UpdateRequestCache"), (.logRequest, "LogRequest"), (.endRequest, "EndRequest"),
        (.sendResponse, "SendResponse"), (.mapPath, "MapPath"), (.readEntity, "ReadEntity"),
        (.customNotification, "CustomNotification"),
    ]

    public static func requestNotificationNames(_ notifications: RequestNotifications, post: RequestNotifications) -> String {
        var names = stageBits.filter { notifications.contains($0.0) }.map(\.1)
        names += stageBits.filter { post.contains($0.0) }.map { "Post" + $0.1 }
        return names.isEmpty ? "-" : names.joined(separator: " ")
    }

    static func globalNames(_ notifications: GlobalNotifications) -> String {
        var names: [String] = []
        if notifications.contains(.preBeginRequest) { names.append("GL_PRE_BEGIN_REQUEST") }
        if notifications.contains(.stopListening) { names.append("GL_STOP_LISTENING") }
        if notifications.contains(.connectionClose) { names.append("connection close") }
        return names.isEmpty ? "-" : names.joined(separator: " ")
    }
}
