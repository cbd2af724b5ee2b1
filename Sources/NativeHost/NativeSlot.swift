import ISAPIHeaders
import ISAPIRuntime
import Pipeline

/// One native filter on one connection: its `HTTP_FILTER_CONTEXT`, made on the filter's first
/// notification and kept until the connection's `FilterContext` goes away.
///
/// It hangs off `FilterContext.object` (the Swift filter's per-connection slot, which a native
/// filter never sees); `pFilterContext` is mirrored to and from `FilterContext.context` around
/// every call. `ServerContext` points at the `FilterContext`.
final class NativeSlot {
    let hfc: UnsafeMutablePointer<HTTP_FILTER_CONTEXT>
    /// Owns this slot (through `object`), so it outlives it.
    unowned(unsafe) let context: FilterContext
    /// The filter, for logging from callbacks.
    unowned(unsafe) let filter: NativeFilter
    /// What the header functions of the notification in progress act on.
    var headers: FilterHeaders?
    /// Scratch space for raw data handed to the filter, grown on demand and reused.
    private(set) var scratch: UnsafeMutableRawBufferPointer = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    private init(context: FilterContext, filter: NativeFilter) {
        self.context = context
        self.filter = filter
        hfc = .allocate(capacity: 1)
        hfc.initialize(to: HTTP_FILTER_CONTEXT(
            cbSize: DWORD(MemoryLayout<HTTP_FILTER_CONTEXT>.size),
            Revision: FilterVersion.serverRevision,
            ServerContext: Unmanaged.passUnretained(context).toOpaque(),
            ulReserved: 0,
            fIsSecurePort: context.isSecurePort ? 1 : 0,
            pFilterContext: nil,
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

    /// The slot of `filter` on the connection of `context`, made on first use.
    @inline(__always)
    static func of(_ context: FilterContext, filter: NativeFilter) -> NativeSlot {
        if let existing = context.object { return unsafeDowncast(existing, to: NativeSlot.self) }
        let slot = NativeSlot(context: context, filter: filter)
        context.object = slot
        return slot
    }

    /// At least `byteCount` bytes of scratch space (16-byte aligned).
    func scratch(atLeast byteCount: Int) -> UnsafeMutableRawBufferPointer {
        if scratch.count < byteCount {
            scratch.deallocate()
            let capacity = max(byteCount, 4096)
            scratch = .allocate(byteCount: capacity, alignment: 16)
        }
        return scratch
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
