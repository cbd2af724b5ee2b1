import NativeModules
import Pipeline
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A native module on the host's Win32 layer (docs/win32-support-kernel.md): the kernel objects live
/// in the server process, so a named mutex made by other code in the process (here the test, through
/// the same exported CreateMutexA a filter binds to) is the one the module opens.
@Suite("Native modules: the Win32 layer")
struct NativeWin32Tests {
    typealias CreateMutex = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?) -> UnsafeMutableRawPointer?
    typealias CloseHandle = @convention(c) (UnsafeMutableRawPointer?) -> Int32

    /// An exported host function, as a dlopen'ed library resolves it.
    private func hostFunction<T>(_ name: String, as type: T.Type) throws -> T {
        let address = try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name), "\(name) is not exported by this binary")
        return unsafeBitCast(address, to: type)
    }

    @Test("OpenMutexA sees a mutex made elsewhere in the process; CreateThread, GetModuleFileName, HeapAlloc answer")
    func moduleSharesTheHostsKernelObjects() async throws {
        let createMutex = try hostFunction("CreateMutexA", as: CreateMutex.self)
        let closeHandle = try hostFunction("CloseHandle", as: CloseHandle.self)
        let mutex = try #require(createMutex(nil, 0, "isapi-bridge-module-test-mutex"))
        defer { _ = closeHandle(mutex) }
        let probe = try nativeRegistration("Win32Probe", image: try NativeFixtures.fixture("win32_probe"))
        let pipeline = makePipeline(modules: [probe, textHandler()])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let shared = try client.get("/", headers: ["X-Mutex: Global\\isapi-bridge-module-test-mutex"])
            #expect(shared.text.split(separator: "\n").map(String.init) ==
                    ["mutex=opened", "thread=42", "module=libfixture-win32_probe.so", "heap=zeroed"])
            let missing = try client.get("/", headers: ["X-Mutex: isapi-bridge-no-such-mutex"])
            #expect(missing.text.hasPrefix("mutex=missing 2\n"), "ERROR_FILE_NOT_FOUND")
        }
        pipeline.terminate()
    }
}
