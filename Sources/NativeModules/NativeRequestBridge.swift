import ModuleShim
import Pipeline

/// The C++ `IHttpContext` of one request, kept in the request's module storage so every native
/// module of the request sees the same object; destroyed (cleaning up native stored contexts)
/// when the request's storage ends.
final class NativeRequestBridge: StoredContext {
    static let storageKey = "isapi-bridge.native-request"

    unowned let context: HttpContext
    private(set) var shim: OpaquePointer?

    private init(context: HttpContext) { self.context = context }

    /// The bridge of `context`, made on first use.
    static func of(_ context: HttpContext) -> NativeRequestBridge {
        // An exact type check (the class is final) instead of a dynamic cast on this per-call path.
        if let existing = context.moduleContexts.get(for: storageKey),
           ObjectIdentifier(type(of: existing)) == ObjectIdentifier(NativeRequestBridge.self) {
            return unsafeDowncast(existing, to: NativeRequestBridge.self)
        }
        _ = HostCallbacks.installed
        let bridge = NativeRequestBridge(context: context)
        let connection = NativeConnectionBridge.of(context.connection)
        bridge.shim = ib_context_create(Unmanaged.passUnretained(bridge).toOpaque(), connection.shim)
        try? context.moduleContexts.set(bridge, for: storageKey)
        return bridge
    }

    static func from(_ host: UnsafeMutableRawPointer?) -> NativeRequestBridge {
        Unmanaged<NativeRequestBridge>.fromOpaque(host!).takeUnretainedValue()
    }

    func cleanupStoredContext() {
        let ending = shim
        shim = nil
        ib_context_destroy(ending)
    }
}

/// The C++ `IHttpConnection` of one connection: connection-scoped native stored contexts live
/// here until the connection closes (NotifyDisconnect, then CleanupStoredContext, once each).
final class NativeConnectionBridge: ConnectionStoredContext {
    static let storageKey = "isapi-bridge.native-connection"

    weak var connection: PipelineConnection?
    private(set) var shim: OpaquePointer?

    private init(connection: PipelineConnection) { self.connection = connection }

    static func of(_ connection: PipelineConnection) -> NativeConnectionBridge {
        if let existing = connection.moduleContexts.get(for: storageKey) as? NativeConnectionBridge { return existing }
        let bridge = NativeConnectionBridge(connection: connection)
        bridge.shim = ib_connection_create(Unmanaged.passUnretained(bridge).toOpaque())
        try? connection.moduleContexts.set(bridge, for: storageKey)
        return bridge
    }

    static func from(_ host: UnsafeMutableRawPointer?) -> NativeConnectionBridge {
        Unmanaged<NativeConnectionBridge>.fromOpaque(host!).takeUnretainedValue()
    }

    func notifyDisconnect() { ib_connection_notify_disconnect(shim) }

    func cleanupStoredContext() {
        let ending = shim
        shim = nil
        ib_connection_destroy(ending)
    }
}
