import Foundation
import Logging
import Pipeline
import Rewrite
import Synchronization

/// A handler module that answers with what it was asked for: `path|query|URL|physical path|X-Rewrite-Url`.
final class EchoModule: HttpModule {
    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        let rewritten = context.serverVariable("HTTP_X_REWRITE_URL") ?? "-"
        context.response.write("\(context.request.path)|\(context.request.query)|\(context.serverVariable("URL") ?? "")|\(context.mapPath(context.request.path))|\(rewritten)")
        context.response.headers.set("Content-Type", "text/plain")
        return .continue
    }

    static func registration() -> ModuleRegistration {
        ModuleRegistration(name: "Echo", factory: ClosureModuleFactory { _ in EchoModule() },
                           notifications: .executeRequestHandler)
    }
}

/// A low-priority filter that records what the LOG notification finally carries.
final class LogProbe: HttpFilter {
    let targets = Mutex<[String]>([])

    func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        FilterVersion(description: "log probe", flags: [.log, .orderLow])
    }

    func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        if case .log(let log) = notification {
            targets.withLock { $0.append("\(log.operation) \(log.target)?\(log.parameters)") }
        }
        return .nextNotification
    }
}

/// A site with the rewrite filter (and optionally more filters) in front of `EchoModule`.
func rewriteSite(rules: String, dialect: Dialect, logger: Logger = Logger(label: "test.rewrite"),
                 checkInterval: Duration = .seconds(1), extraFilters: [any HttpFilter] = []) throws -> (RequestPipeline, RewriteFilter, URL) {
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent(dialect == .iirf ? "IIRF.ini" : "rewrite.conf")
    try rules.write(to: file, atomically: true, encoding: .utf8)
    let filter = RewriteFilter(rulesFile: file.path, dialect: dialect, checkInterval: checkInterval, logger: logger)
    var registrations = [try FilterRegistration(name: "Rewrite", filter: filter, isGlobal: false)]
    for (index, extra) in extraFilters.enumerated() {
        registrations.append(try FilterRegistration(name: "Extra\(index)", filter: extra, isGlobal: false))
    }
    let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: [EchoModule.registration()],
                                   filters: try FilterChain(registrations))
    return (pipeline, filter, file)
}

func get(_ target: String, host: String = "example.test") -> IncomingRequest {
    IncomingRequest(target: target, headers: [("Host", host)])
}
