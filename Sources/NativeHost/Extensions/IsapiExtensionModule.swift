import ISAPIHeaders
import Pipeline

/// What a `<handlers>` entry with `modules="IsapiModule"` runs.
public enum ExtensionTarget: Sendable {
    /// The loaded extension of its `scriptProcessor`.
    case loaded(NativeExtension)
    /// `isapiCgiRestriction` does not allow the file: requests get 404.2, as in IIS.
    case notAllowed(path: String)
}

/// IIS's IsapiModule: the ExecuteRequestHandler module of the `<handlers>` entries that name it.
/// The request's handler (by name) picks the extension; the module fills an ECB, calls
/// `HttpExtensionProc` and turns its status into the request's result.
public enum IsapiExtensionModule {
    public static let name = "IsapiModule"

    /// `targets`: handler name -> what it runs; `threading`: handler name -> where its
    /// `HttpExtensionProc` runs (`threading` on the handler; missing: `.pool`, as native code
    /// defaults to). The factory's `terminate()` ends the extensions (once each, however many
    /// sites share one).
    public static func registration(targets: [String: ExtensionTarget], threading: [String: ExecutionMode] = [:],
                                    settings: ExtensionSettings = ExtensionSettings()) -> ModuleRegistration {
        ModuleRegistration(name: name, factory: IsapiExtensionFactory(targets: targets, threading: threading, settings: settings),
                           notifications: .executeRequestHandler)
    }
}

final class IsapiExtensionFactory: HttpModuleFactory {
    let targets: [String: ExtensionTarget]
    let threading: [String: ExecutionMode]
    let settings: ExtensionSettings

    init(targets: [String: ExtensionTarget], threading: [String: ExecutionMode], settings: ExtensionSettings) {
        self.targets = targets
        self.threading = threading
        self.settings = settings
    }

    func makeModule(allocator: ModuleAllocator) throws -> any HttpModule {
        IsapiExtensionRequest(factory: self)
    }

    func terminate() {
        for case .loaded(let loaded) in targets.values { loaded.terminate() }
    }
}

/// One request of the IsapiModule.
final class IsapiExtensionRequest: HttpModule {
    let factory: IsapiExtensionFactory
    private var session: ExtensionSession?

    init(factory: IsapiExtensionFactory) {
        self.factory = factory
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.executeRequestHandler, isPost: false), session == nil,
              let name = context.handler?.name, let target = factory.targets[name] else { return .continue }
        switch target {
        case .notAllowed(let path):
            let response = context.response
            response.clear()
            response.setStatus(404, subStatus: 2)
            response.headers.set("Content-Type", "text/plain; charset=utf-8")
            response.write("404.2 Not Found: the ISAPI extension for this request is not allowed by the server's isapiCgiRestriction list.\n")
            context.pipeline.logger.warning("ISAPI extension \(path) is not allowed by <isapiCgiRestriction>: 404.2",
                                            metadata: ["request": "\(context.requestID)", "url": "\(context.request.target)"])
            return .finishRequest
        case .loaded(let loaded):
            return run(loaded, context, notification, threading: factory.threading[name] ?? .pool)
        }
    }

    /// `HttpExtensionProc` on the event loop (`eventLoop`), or on the blocking-call pool with the
    /// connection parked (`pool`, as a pooled module handler runs: PENDING to the stage machine
    /// until it returns). Either way its status then becomes the request's result.
    private func run(_ loaded: NativeExtension, _ context: HttpContext, _ notification: RequestNotification,
                     threading: ExecutionMode) -> NotificationStatus {
        let pooled = threading == .pool && context.mayPark
        let session = ExtensionSession(extension: loaded, context: context, settings: factory.settings, pooled: pooled)
        self.session = session
        let url = context.request.originalTarget
        guard pooled else {
            let status = session.runningExtensionCode { ExtensionProcCall.invoke(loaded, session.ecb, url: url) }
            return Self.conclude(status, session, context)
        }
        return context.runSuspendable(notification) { finish in
            let accepted = context.runParked(name: loaded.name) {
                session.runningExtensionCode { ExtensionProcCall.invoke(loaded, session.ecb, url: url) }
            } then: { status in
                finish { Self.conclude(status, session, context) }
            }
            if !accepted {
                session.phase = .finished
                context.answerPoolSaturated(by: loaded.name)
                finish { .finishRequest }
            }
        }
    }

    /// What `HttpExtensionProc`'s status means for the request (on the connection's executor).
    private static func conclude(_ status: DWORD, _ session: ExtensionSession, _ context: HttpContext) -> NotificationStatus {
        guard status == DWORD(HSE_STATUS_PENDING) else {
            session.finish(status)
            return .continue
        }
        if let early = session.doneEarly {
            session.finish(early)
            return .continue
        }
        session.phase = .pending
        session.completion = context.makeCompletionHandle()
        return .pending
    }

    func dispose() {
        session?.close()
        session = nil
    }
}
