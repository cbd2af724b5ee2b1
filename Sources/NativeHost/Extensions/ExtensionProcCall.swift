import ISAPIHeaders
import ISAPIRuntime

/// The one place `HttpExtensionProc` is called, on the calling thread: a blocking-call pool thread
/// with the connection parked in pool mode, the request's event loop in event-loop mode
/// (`IsapiExtensionRequest.run` decides).
enum ExtensionProcCall {
    static func invoke(_ extension: NativeExtension, _ ecb: UnsafeMutablePointer<EXTENSION_CONTROL_BLOCK>, url: String) -> DWORD {
        // Recorded for the worker's crash report and watchdog (isapi_native_call.h).
        var recorded = isapi_native_call()
        url.withCString { isapi_call_enter("extension", `extension`.name, "HttpExtensionProc", $0, &recorded) }
        defer { isapi_call_leave(&recorded) }
        return `extension`.proc(ecb)
    }
}
