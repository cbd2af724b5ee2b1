import ISAPIHeaders
import ISAPIRuntime
import Logging
import Pipeline
import Synchronization

/// A filter in a shared object, as an `HttpFilter`: the C entry points behind the Swift filter
/// API. Each notification's Swift payload is marshalled into the C structure, `HttpFilterProc` is
/// called, and what the filter changed is copied back; the callbacks it makes go to the same
/// `FilterContext` a Swift filter uses. Made by `NativeFilterLoader`.
public final class NativeFilter: HttpFilter {
    typealias GetFilterVersion = @convention(c) (UnsafeMutablePointer<HTTP_FILTER_VERSION>?) -> BOOL
    typealias FilterProc = @convention(c) (UnsafeMutablePointer<HTTP_FILTER_CONTEXT>?, DWORD, UnsafeMutableRawPointer?) -> DWORD
    typealias Terminate = @convention(c) (DWORD) -> BOOL

    /// The shared object, as configured.
    public let path: String
    /// The name the filter runs under (in logs, traces and guard reports).
    public let name: String
    let proc: FilterProc
    private let getFilterVersion: GetFilterVersion
    private let terminate: Terminate?
    let logger: Logger
    /// GetFilterVersion's answer, from its one call.
    private let version = Mutex<Result<FilterVersion, Win32Error>?>(nil)
    private let terminated = Atomic<Bool>(false)
    /// The dlopen handle when the library has a DllMain: released (DLL_PROCESS_DETACH for its last
    /// user) after TerminateFilter.
    nonisolated(unsafe) private let attachedLibrary: UnsafeMutableRawPointer?

    init(path: String, name: String, getFilterVersion: GetFilterVersion, proc: FilterProc, terminate: Terminate?,
         attachedLibrary: UnsafeMutableRawPointer? = nil, logger: Logger) {
        self.path = path
        self.name = name
        self.getFilterVersion = getFilterVersion
        self.proc = proc
        self.terminate = terminate
        self.attachedLibrary = attachedLibrary
        self.logger = logger
    }

    // MARK: HttpFilter

    /// Calls `GetFilterVersion` once (later calls return the same answer). FALSE throws the last
    /// error the filter set.
    public func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        let result = version.withLock { cached -> Result<FilterVersion, Win32Error> in
            if let cached { return cached }
            let answer = callGetFilterVersion(serverRevision: serverRevision)
            cached = answer
            return answer
        }
        return try result.get()
    }

    private func callGetFilterVersion(serverRevision: UInt32) -> Result<FilterVersion, Win32Error> {
        var cVersion = HTTP_FILTER_VERSION()
        cVersion.dwServerFilterVersion = serverRevision
        isapi_runtime_set_last_error(0)
        let accepted = getFilterVersion(&cVersion) != 0
        guard accepted else { return .failure(Win32Error(isapi_runtime_get_last_error())) }
        let description = withUnsafeBytes(of: &cVersion.lpszFilterDesc) { bytes in
            let length = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes.prefix(length), as: UTF8.self)
        }
        return .success(FilterVersion(filterRevision: cVersion.dwFilterVersion, description: description,
                                      flags: FilterNotifications(rawValue: cVersion.dwFlags)))
    }

    /// One notification: payload in, `HttpFilterProc`, changes out. A status that is not NEXT,
    /// HANDLED or FINISHED carries the thread's last error into `context.lastError`.
    public func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        let slot = NativeSlot.of(context)
        let hfc = slot.hfc
        // Calls nest (a WriteClient raises SEND_RAW_DATA, possibly for this same filter): save
        // what the outer call had (its active context, header target and last error) and restore
        // it afterwards, so the outer filter sees its own SetLastError after the callback returns.
        let outerCall = isapi_runtime_get_active_call()
        let outerError = isapi_runtime_get_last_error()
        let outerHeaders = slot.headers
        slot.headers = nil  // set again by the notifications that carry header functions
        isapi_runtime_set_active_call(slot.opaque)
        isapi_runtime_set_last_error(0)
        // Recorded for the worker's crash report and watchdog (isapi_native_call.h).
        var recorded = isapi_native_call()
        let bit = notification.flag.rawValue
        if let url = context.request?.request.originalTarget {
            url.withCString { isapi_call_enter("filter", name, isapi_filter_notification_name(bit), $0, &recorded) }
        } else {
            isapi_call_enter("filter", name, isapi_filter_notification_name(bit), nil, &recorded)
        }
        let raw = deliver(notification, slot: slot)
        isapi_call_leave(&recorded)
        let lastError = isapi_runtime_get_last_error()
        isapi_runtime_set_last_error(outerError)
        isapi_runtime_set_active_call(outerCall)
        slot.headers = outerHeaders
        let filterContext = hfc.pointee.pFilterContext
        if filterContext != slot.mirroredContext {
            slot.mirroredContext = filterContext
            context.context = filterContext
        }
        if raw == SF_STATUS_REQ_NEXT_NOTIFICATION.rawValue { return .nextNotification }
        let status = FilterStatus(rawValue: raw)
        switch status {
        case .nextNotification, .handledNotification, .finished, .finishedKeepConnection:
            break
        case .error, .readNext, .unknown:
            context.lastError = Win32Error(lastError)
        }
        return status
    }

    /// `TerminateFilter(0)`, at most once. The library stays mapped: connections may still hold
    /// memory and pointers the filter gave out, and a DLL in an IIS worker is not unloaded
    /// before the process ends either. Then DllMain(DLL_PROCESS_DETACH), when this was the
    /// library's last user.
    public func terminateFilter() {
        guard !terminated.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = terminate?(0)
        if let attachedLibrary { isapi_dll_release(attachedLibrary, "filter", name) }
    }
}
