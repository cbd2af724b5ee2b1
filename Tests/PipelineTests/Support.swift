import Memory
import Synchronization
@testable import Pipeline

/// A thread-safe list of strings the test modules append to.
final class EventLog: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    func clear() { lines.withLock { $0.removeAll() } }
}

/// A module that logs `name:notification` and answers with what `decide` says.
final class RecordingModule: HttpModule {
    let name: String
    let log: EventLog
    let decide: @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus

    init(name: String, log: EventLog, decide: @escaping @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus) {
        self.name = name
        self.log = log
        self.decide = decide
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        log.append("\(name):\(notification)")
        return try decide(notification, context)
    }

    func dispose() { log.append("\(name):dispose") }
}

func recordingModule(
    _ name: String, log: EventLog,
    notifications: RequestNotifications, post: RequestNotifications = [],
    priority: ModulePriority = .medium,
    decide: @escaping @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus = { _, _ in .continue }
) -> ModuleRegistration {
    ModuleRegistration(
        name: name,
        factory: ClosureModuleFactory { _ in RecordingModule(name: name, log: log, decide: decide) },
        notifications: notifications, postNotifications: post, priority: priority)
}

func makePipeline(_ modules: [ModuleRegistration], globals: [GlobalModuleRegistration] = [],
                  handlers: [HandlerMapping] = [], memory: MemoryConfiguration = .default) -> RequestPipeline {
    RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: modules, globalModules: globals,
                    handlers: handlers, memory: memory)
}

struct TestFailure: Error {}

import Logging

/// Collects log records so tests can assert what an operator would read.
final class CapturedLogs: Sendable {
    struct Line: Sendable { let level: Logger.Level; let message: String }
    private let store = Mutex<[Line]>([])
    var lines: [Line] { store.withLock { $0 } }

    func logger(label: String) -> Logger {
        Logger(label: label) { _ in Handler(logs: self) }
    }

    struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?,
                 source: String, file: String, function: String, line: UInt) {
            logs.store.withLock { $0.append(Line(level: level, message: "\(message)")) }
        }
    }
}
