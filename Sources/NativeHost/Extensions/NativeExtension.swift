import ISAPIHeaders
import ISAPIRuntime
import Logging
import Synchronization

/// An ISAPI extension in a shared object: `GetExtensionVersion` (called once, by the loader),
/// `HttpExtensionProc` (per request, through `ExtensionProcCall`) and `TerminateExtension` (once,
/// at unload or reload). Made by `NativeExtensionLoader`; requests reach it through
/// `IsapiExtensionModule`.
public final class NativeExtension: Sendable {
    typealias GetExtensionVersion = @convention(c) (UnsafeMutablePointer<HSE_VERSION_INFO>?) -> BOOL
    typealias ExtensionProc = @convention(c) (UnsafeMutablePointer<EXTENSION_CONTROL_BLOCK>?) -> DWORD
    typealias Terminate = @convention(c) (DWORD) -> BOOL

    /// The shared object, as configured (`scriptProcessor`).
    public let path: String
    /// The name it runs under in logs and crash reports (the file name without `lib` and `.so`).
    public let name: String
    /// `HSE_VERSION_INFO.lpszExtensionDesc`.
    public let extensionDescription: String
    /// `HSE_VERSION_INFO.dwExtensionVersion`.
    public let extensionVersion: UInt32
    let proc: ExtensionProc
    private let terminateEntry: Terminate?
    private let terminated = Atomic<Bool>(false)
    /// The dlopen handle when the library has a DllMain: released after TerminateExtension.
    nonisolated(unsafe) private let attachedLibrary: UnsafeMutableRawPointer?
    let logger: Logger

    init(path: String, name: String, description: String, version: UInt32, proc: ExtensionProc, terminate: Terminate?,
         attachedLibrary: UnsafeMutableRawPointer?, logger: Logger) {
        self.path = path
        self.name = name
        self.extensionDescription = description
        self.extensionVersion = version
        self.proc = proc
        self.terminateEntry = terminate
        self.attachedLibrary = attachedLibrary
        self.logger = logger
    }

    /// `TerminateExtension(HSE_TERM_MUST_UNLOAD)` once, then DLL_PROCESS_DETACH for the library's
    /// last user. The library itself stays mapped (as filters' do): a thread it started may still run.
    public func terminate() {
        guard !terminated.exchange(true, ordering: .acquiringAndReleasing) else { return }
        if let terminateEntry {
            var recorded = isapi_native_call()
            isapi_call_enter("extension", name, "TerminateExtension", "", &recorded)
            _ = terminateEntry(DWORD(HSE_TERM_MUST_UNLOAD))
            isapi_call_leave(&recorded)
        }
        if let attachedLibrary { isapi_dll_release(attachedLibrary, "extension", name) }
        logger.info("unloaded ISAPI extension '\(name)' (\(path))")
    }

    public var isTerminated: Bool { terminated.load(ordering: .acquiring) }
}
