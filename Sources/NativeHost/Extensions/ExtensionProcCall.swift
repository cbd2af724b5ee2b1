import ISAPIHeaders
import ISAPIRuntime

/// The one place `HttpExtensionProc` is called. For now it runs on the calling thread, which is
/// the request's event loop: an extension that blocks holds every connection of that loop. This
/// is temporary; the thread-pool execution mode for native code is meant to route this call
/// through its pool (the ECB's callbacks already hop to the event loop from any thread).
enum ExtensionProcCall {
    static func invoke(_ extension: NativeExtension, _ ecb: UnsafeMutablePointer<EXTENSION_CONTROL_BLOCK>, url: String) -> DWORD {
        // Recorded for the worker's crash report and watchdog (isapi_native_call.h).
        var recorded = isapi_native_call()
        url.withCString { isapi_call_enter("extension", `extension`.name, "HttpExtensionProc", $0, &recorded) }
        defer { isapi_call_leave(&recorded) }
        return `extension`.proc(ecb)
    }
}
