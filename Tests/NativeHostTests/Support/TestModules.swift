import Logging
import Memory
import NativeHost
import Pipeline
import Synchronization
import TestSupport

/// The handler: maps the path (raising URL_MAP) and answers "<path> -> <physical path>", plus the
/// request's X-Authenticated-User header and user, when there are.
func echoHandler() -> ModuleRegistration {
    ClosureModule.registration("Echo", .executeRequestHandler) { _, context in
        let physical = context.mapPath(context.request.path)
        var body = "\(context.request.target) -> \(physical)"
        if let user = context.request.headers["X-Authenticated-User"] { body += " as \(user)" }
        if let user = context.user, !user.isAnonymous { body += " user=\(user.name)" }
        context.response.headers.set("Content-Type", "text/plain")
        context.response.write(body)
        return .finishRequest
    }
}

/// Refuses anonymous requests under /private/ with 401, as IIS does with anonymous
/// authentication disabled (the Basic-auth example relies on the site to deny).
func denyAnonymous(under prefix: String = "/private/") -> ModuleRegistration {
    ClosureModule.registration("DenyAnonymous", .authorizeRequest) { _, context in
        guard context.request.path.hasPrefix(prefix), context.user == nil || context.user?.name.isEmpty == true else {
            return .continue
        }
        context.response.setStatus(401)
        context.response.write("401 Unauthorized\n")
        return .finishRequest
    }
}

/// Keeps the log entries the filters left (`HttpContext.logRecord`), read at LogRequest after the
/// filter module (which runs first in every stage).
final class LogEntries: Sendable {
    struct Entry: Sendable, Equatable {
        var user: String, target: String, parameters: String, status: UInt32, win32Status: UInt32, bytesSent: UInt32
    }
    private let store = Mutex<[Entry]>([])
    var all: [Entry] { store.withLock { $0 } }

    func registration() -> ModuleRegistration {
        ClosureModule.registration("LogProbe", .logRequest, priority: .last) { [self] _, context in
            if let log = context.logRecord {
                let entry = Entry(user: log.clientUserName, target: log.target, parameters: log.parameters,
                                  status: log.httpStatus, win32Status: log.win32Status, bytesSent: log.bytesSent)
                store.withLock { $0.append(entry) }
            }
            return .continue
        }
    }
}

/// A pipeline with the native filters of `specs` (which must all load) in front of `modules`.
func nativePipeline(_ specs: [NativeFilterSpec], modules: [ModuleRegistration] = [echoHandler()],
                    handlers: [HandlerMapping] = [],
                    site: SiteInfo = SiteInfo(id: 7, name: "Test Site", physicalPath: "/srv/site"),
                    memory: MemoryConfiguration = .default,
                    logger: Logger = Logger(label: "isapi-bridge.pipeline"),
                    memoryLogger: Logger = Logger(label: "isapi-bridge.memory")) throws -> RequestPipeline {
    let chain = try NativeFilterSite.loadChain(specs).get()
    return RequestPipeline(site: site, modules: modules, handlers: handlers, filters: chain, memory: memory, logger: logger,
                           memoryLogger: memoryLogger)
}
