import ISAPIHeaders
import ISAPIRuntime
import Pipeline

/// One native filter on one connection: its `HTTP_FILTER_CONTEXT`, made on the filter's first
/// notification and kept until the connection's `FilterContext` goes away.
///
/// It hangs off `FilterContext.object` (the Swift filter's per-connection slot, which a native
/// filter never sees). `pFilterContext` starts as `FilterContext.context` (NULL) and is copied back
/// to it whenever the filter changes it; only the filter writes that slot. `ServerContext` points
/// at the `FilterContext`.
final class NativeSlot {
    let hfc: UnsafeMutablePointer<HTTP_FILTER_CONTEXT>
    /// Owns this slot (through `object`), so it outlives it.
    unowned(unsafe) let context: FilterContext
    // Mutable state is `@exclusivity(unchecked)`: a slot is used on its connection's event loop
    // only, never through `inout`, and is touched on every notification.
    /// What the header functions of the notification in progress act on.
    @exclusivity(unchecked) var headers: FilterHeaders?
    /// The `pFilterContext` last copied to `FilterContext.context`.
    @exclusivity(unchecked) var mirroredContext: UnsafeMutableRawPointer?
    /// Scratch space for raw data handed to the filter, grown on demand and reused.
    @exclusivity(unchecked) private(set) var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    private init(context: FilterContext) {
        self.context = context
        mirroredContext = context.context
        hfc = .allocate(capacity: 1)
        hfc.initialize(to: HTTP_FILTER_CONTEXT(
            cbSize: DWORD(MemoryLayout<HTTP_FILTER_CONTEXT>.size),
            Revision: FilterVersion.serverRevision,
            ServerContext: Unmanaged.passUnretained(context).toOpaque(),
            ulReserved: 0,
            fIsSecurePort: context.isSecurePort ? 1 : 0,
            pFilterContext: context.context,
            GetServerVariable: ContextCallbacks.getServerVariable,
            AddResponseHeaders: ContextCallbacks.addResponseHeaders,
            WriteClient: ContextCallbacks.writeClient,
            AllocMem: ContextCallbacks.allocMem,
            ServerSupportFunction: ServerSupportCallback.serverSupportFunction))
    }

    deinit {
        hfc.deinitialize(count: 1)
        hfc.deallocate()
        scratch.deallocate()
    }

    /// The slot of the native filter `context` belongs to, made on first use. `object` is the
    /// Swift filter's slot, and `NativeFilter` (the Swift filter here) stores only this in it.
    @inline(__always)
    static func of(_ context: FilterContext) -> NativeSlot {
        if let existing = context.object { return unsafeDowncast(existing, to: NativeSlot.self) }
        let slot = NativeSlot(context: context)
        context.object = slot
        return slot
    }

    /// AUTHENTICATION's user and password buffers (`FilterAuthentication.bufferSize` bytes each,
    /// back to back) and URL_MAP's path buffer (`FilterURLMap.pathBufferSize` bytes): connection
    /// memory attributed to the filter, so an overrun is reported with its name when the
    /// connection ends. Made on first use, reused by every request of the connection.
    @exclusivity(unchecked) private var authenticationBlock: UnsafeMutableRawPointer?
    @exclusivity(unchecked) private var pathBlock: UnsafeMutableRawPointer?

    func authenticationBuffers() -> UnsafeMutableRawPointer? {
        if authenticationBlock == nil { authenticationBlock = context.allocMem(2 * FilterAuthentication.bufferSize) }
        return authenticationBlock
    }

    func pathBuffer() -> UnsafeMutableRawPointer? {
        if pathBlock == nil { pathBlock = context.allocMem(FilterURLMap.pathBufferSize) }
        return pathBlock
    }

    /// At least `byteCount` bytes of scratch space (16-byte aligned).
    @inline(__always)
    func scratch(atLeast byteCount: Int) -> UnsafeMutableRawBufferPointer {
        if scratch.count < byteCount { growScratch(to: byteCount) }
        return scratch
    }

    @inline(never)
    private func growScratch(to byteCount: Int) {
        scratch.deallocate()
        scratch = .allocate(byteCount: max(byteCount, 4096), alignment: 16)
    }

    // MARK: The call in progress on this thread

    /// The opaque value stored in the thread's active-call slot while this filter runs.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The slot whose notification is in progress on this thread, if `pfc` is its context.
    /// Never reads through `pfc`, so a wild pointer from a filter is rejected, not followed.
    @inline(__always)
    static func active(_ pfc: UnsafeMutablePointer<HTTP_FILTER_CONTEXT>?) -> NativeSlot? {
        guard let pfc, let active = isapi_runtime_get_active_call() else { return nil }
        let slot = Unmanaged<NativeSlot>.fromOpaque(active).takeUnretainedValue()
        return slot.hfc == pfc ? slot : nil
    }
}

/// Sets the thread's last error and returns FALSE: how every callback fails.
@inline(__always)
func failing(_ error: Win32Error) -> BOOL {
    isapi_runtime_set_last_error(error.code)
    return 0
}
