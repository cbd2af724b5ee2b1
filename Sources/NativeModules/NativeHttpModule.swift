import ISAPIRuntime
import ModuleShim
import Pipeline
import Synchronization

/// `IHttpModuleFactory` of a native module, seen as a Swift factory.
final class NativeModuleFactory: HttpModuleFactory, @unchecked Sendable {
    let name: String
    private let factory: UnsafeMutableRawPointer
    private let library: NativeLibrary
    private let terminated = Atomic<Bool>(false)
    /// Whether the library's DllMain was attached for this load (released after Terminate).
    private let attached: Bool

    init(name: String, factory: UnsafeMutableRawPointer, library: NativeLibrary, attached: Bool = false) {
        self.name = name
        self.factory = factory
        self.library = library
        self.attached = attached
    }

    func makeModule(allocator: ModuleAllocator) throws -> any HttpModule {
        _ = HostCallbacks.installed
        let box = AllocatorBox(allocator)
        let shim = ib_allocator_create(Unmanaged.passUnretained(box).toOpaque())
        var module: UnsafeMutableRawPointer?
        let hresult = name.withCString { ib_factory_get_module(factory, shim, $0, &module) }
        guard hresult >= 0, let module else {
            ib_allocator_destroy(shim)
            throw NativeModuleError.factoryFailed(name: name, hresult: hresult)
        }
        return NativeHttpModule(name: name, module: module, allocator: box, allocatorShim: shim, library: library)
    }

    /// `Terminate`, once.
    func terminate() {
        guard !terminated.exchange(true, ordering: .acquiringAndReleasing) else { return }
        name.withCString { ib_factory_terminate(factory, $0) }
        if attached { isapi_dll_release(library.handle, "module", name) }
    }
}

/// One `CHttpModule` instance (one request), driven through the shim.
final class NativeHttpModule: HttpModule {
    let name: String
    private var module: UnsafeMutableRawPointer?
    private let allocator: AllocatorBox
    private let allocatorShim: OpaquePointer?
    private let library: NativeLibrary

    init(name: String, module: UnsafeMutableRawPointer, allocator: AllocatorBox, allocatorShim: OpaquePointer?,
         library: NativeLibrary) {
        self.name = name
        self.module = module
        self.allocator = allocator
        self.allocatorShim = allocatorShim
        self.library = library
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws
        -> NotificationStatus
    {
        guard let module else { return .continue }
        let bridge = NativeRequestBridge.of(context)
        var event = IBEvent()
        event.notification = notification.bit.rawValue
        event.isPost = notification.isPost ? 1 : 0
        let result: Int32
        switch provider {
        case .sendResponse(let send):
            event.headersBeingSent = send.headersBeingSent ? 1 : 0
            event.sendFlags = send.flags
            result = call(module, bridge, &event)
            send.flags = event.sendFlags
        case .mapPath(let map):
            let sink = StringSink()
            result = map.url.withCString { url in
                map.physicalPath.withCString { path in
                    event.url = url
                    event.physicalPath = path
                    event.physicalPathOut = Unmanaged.passUnretained(sink).toOpaque()
                    event.physicalPathEmit = StringSink.emit
                    return call(module, bridge, &event)
                }
            }
            if let changed = sink.value { map.physicalPath = changed }
        default:
            if case .stage = notification, context.currentModuleThreading == .pool, context.mayPark {
                return pooled(module, notification, context: context, bridge: bridge, event: event)
            }
            result = call(module, bridge, &event)
        }
        return try status(result, notification, context: context, bridge: bridge, handler: { Self.handlerName(notification) })
    }

    /// Pool mode: the handler runs on the blocking-call pool while the connection is parked; the
    /// stage machine sees PENDING until it returns (then its status, or the module's own PENDING).
    private func pooled(_ module: UnsafeMutableRawPointer, _ notification: RequestNotification, context: HttpContext,
                        bridge: NativeRequestBridge, event: IBEvent) -> NotificationStatus {
        context.runSuspendable(notification) { finish in
            let accepted = context.runParked(name: name) { () -> (Int32, Duration) in
                let begin = ContinuousClock.now
                var event = event
                let result = self.call(module, bridge, &event)
                return (result, ContinuousClock.now - begin)
            } then: { (result: (Int32, Duration)) in
                let duration = result.1
                context.trace?.record(.module, name: self.name, notification: notification.description,
                                      result: Self.resultName(result.0), duration: duration)
                finish {
                    try self.status(result.0, notification, context: context, bridge: bridge,
                                    handler: { Self.handlerName(notification) })
                }
            }
            if !accepted {
                context.answerPoolSaturated(by: name)
                finish { .finishRequest }
            }
        }
    }

    private static func resultName(_ result: Int32) -> String {
        switch result {
        case 0: "CONTINUE"
        case 1: "PENDING"
        case 2: "FINISH_REQUEST"
        default: "ERROR"
        }
    }

    /// `OnAsyncCompletion`, after the module called `PostCompletion`.
    func handleAsyncCompletion(_ notification: RequestNotification, context: HttpContext, completion: AsyncCompletion)
        throws -> NotificationStatus
    {
        guard let module else { return .continue }
        let bridge = NativeRequestBridge.of(context)
        let result = name.withCString {
            ib_module_async_completion(module, bridge.shim, $0, notification.bit.rawValue, notification.isPost ? 1 : 0,
                                       completion.bytes, completion.status)
        }
        return try status(result, notification, context: context, bridge: bridge, handler: { "OnAsyncCompletion" })
    }

    private func status(_ result: Int32, _ notification: RequestNotification, context: HttpContext,
                        bridge: NativeRequestBridge, handler: () -> String) throws -> NotificationStatus {
        // `handler` names the method in error messages only: not built on the CONTINUE path.
        switch result {
        case 0: return .continue
        case 2: return .finishRequest
        case 1:
            guard notification.bit.intersection(.allStages) == notification.bit else {
                throw NativeModuleError.pendingNotSupported(name: name, handler: handler())
            }
            // The shim delivers IndicateCompletion/PostCompletion (from any thread) to this handle.
            let handle = context.makeCompletionHandle()
            ib_context_arm_completion(bridge.shim, Unmanaged.passRetained(handle).toOpaque())
            return .pending
        case -1: throw NativeModuleError.handlerNotOverridden(name: name, handler: handler())
        default: throw NativeModuleError.handlerThrew(name: name, handler: handler())
        }
    }

    private func call(_ module: UnsafeMutableRawPointer, _ bridge: NativeRequestBridge, _ event: inout IBEvent) -> Int32 {
        // Recorded for the worker's crash report and watchdog (isapi_native_call.h).
        var recorded = isapi_native_call()
        let handler = isapi_module_notification_name(event.notification, event.isPost)
        return name.withCString { moduleName in
            bridge.context.request.originalTarget.withCString { isapi_call_enter("module", moduleName, handler, $0, &recorded) }
            defer { isapi_call_leave(&recorded) }
            return ib_module_notify(module, bridge.shim, moduleName, &event)
        }
    }

    func dispose() {
        guard let module else { return }
        self.module = nil
        name.withCString { ib_module_dispose(module, $0) }
        ib_allocator_destroy(allocatorShim)
    }

    /// The CHttpModule method for `notification` (for error messages).
    static func handlerName(_ notification: RequestNotification) -> String {
        switch notification {
        case .stage(let stage, let isPost): "On\(isPost ? "Post" : "")\(stage)"
        case .sendResponse: "OnSendResponse"
        case .mapPath: "OnMapPath"
        case .readEntity: "OnReadEntity"
        case .customNotification: "OnCustomRequestNotification"
        }
    }
}

/// Receives one string from the shim (`IBEmitFn`).
final class StringSink {
    var value: String?

    static let emit: IBEmitFn = { out, bytes, length in
        guard let out else { return }
        let sink = Unmanaged<StringSink>.fromOpaque(out).takeUnretainedValue()
        let buffer = UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : length)
        sink.value = String(decoding: buffer, as: UTF8.self)
    }
}
