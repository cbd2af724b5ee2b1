import Synchronization
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#endif

/// The Win32 layer's check fixtures (`Fixtures/win32/*_checks.c`, `wide_checks.cpp`): shared objects compiled with
/// `isapi-bridge cflags` and opened like filters, so every Win32 call they make resolves to the
/// functions this test binary exports, exactly as in the server.
enum Win32Fixtures {
    /// Each fixture and the checks it holds, in the order they run.
    static let checks: [(file: String, names: [String])] = [
        ("kernel_checks.c", ["HeapAlloc", "HeapReAlloc", "HeapCreate", "LocalAlloc", "CreateMutex", "OpenMutex",
                           "ReleaseMutex", "WAIT_ABANDONED", "CreateEvent", "CreateSemaphore", "WaitForMultipleObjects",
                           "CreateThread", "CloseHandle", "Interlocked", "__try", "TlsAlloc",
                           "TryEnterCriticalSection", "AcquireSRWLockExclusive", "_beginthreadex", "GetSystemInfo"]),
        ("file_checks.c", ["CreateFile", "ReadFile", "SetFilePointer", "GetFileSize", "GetFileAttributes",
                         "GetFileInformationByHandle", "DeleteFile", "CreateDirectory", "FindFirstFile", "MoveFile",
                         "CopyFile", "GetTempPath"]),
        ("registry_checks.c", ["RegOpenKeyEx", "RegQueryValueEx", "RegGetValue", "RegCloseKey", "RegSetValueEx",
                             "ISAPI_BRIDGE_REGISTRY"]),
        ("process_checks.c", ["GetModuleFileName", "GetModuleHandle", "GetPrivateProfileString", "GetPrivateProfileInt",
                            "GetEnvironmentVariable", "GetComputerName", "LoadLibrary", "WritePrivateProfileString"]),
        ("shell_checks.c", ["PathCombine", "PathAppend", "PathRemoveFileSpec", "PathFindFileName", "PathFileExists",
                          "StrStrI", "WSAStartup"]),
        ("wide_checks.cpp", ["CreateMutex(L)", "CreateFile(L)", "MoveFile(L)", "SetEnvironmentVariable(L)", "LoadLibrary(L)"]),
    ]

    static var allChecks: [Win32Check] {
        checks.flatMap { entry in entry.names.map { Win32Check(file: entry.file, name: $0) } }
    }

    static let sources = NativeFixtures.repository + "/Tests/NativeHostTests/Fixtures/win32"

    /// Compiles `file` (in Fixtures/win32) into a shared object, once per test run.
    static func compile(_ file: String) throws -> String {
        try compiledObjects.withLock { built in
            if let path = built[file] { return path }
            let flags = try NativeFixtures.cflags.get()
            let output = try NativeFixtures.temporaryDirectory() + "/" + file.prefix { $0 != "." } + ".so"
            let compiler = file.hasSuffix(".cpp") ? NativeFixtures.cxx : NativeFixtures.cc
            let command = "\(compiler) -shared -fPIC -Wall -Wextra -Werror \(flags) -I '\(sources)' '\(sources)/\(file)' -o '\(output)'"
            let (status, log) = NativeFixtures.shell(command)
            guard status == 0 else { throw NativeFixtures.Failure(description: "\(command) failed:\n\(log)") }
            built[file] = output
            return output
        }
    }

    private static let compiledObjects = Mutex<[String: String]>([:])

    /// The fixture's shared object, opened (RTLD_NOW: every Win32 symbol must resolve).
    static func open(_ file: String) throws -> UnsafeMutableRawPointer {
        let path = try compile(file)
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw NativeFixtures.Failure(description: "dlopen \(path): \(String(cString: dlerror()))")
        }
        return handle
    }

    typealias Names = @convention(c) () -> UnsafePointer<CChar>
    typealias Run = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutablePointer<CChar>, Int) -> Int32

    /// The names of the checks a fixture holds, as it lists them.
    static func names(in file: String) throws -> [String] {
        let handle = try open(file)
        let names = unsafeBitCast(try #require(dlsym(handle, "win32_check_names")), to: Names.self)
        return String(cString: names()).split(separator: "\n").map(String.init)
    }

    /// Runs one check in `scratch`: nil when it passes, else what failed.
    static func run(_ check: Win32Check, scratch: String) throws -> String? {
        let handle = try open(check.file)
        let run = unsafeBitCast(try #require(dlsym(handle, "win32_check_run")), to: Run.self)
        var report = [CChar](repeating: 0, count: 1024)
        let passed = report.withUnsafeMutableBufferPointer { run(check.name, scratch, $0.baseAddress!, $0.count) }
        return passed == 1 ? nil : String(cString: report)
    }
}

struct Win32Check: CustomTestStringConvertible, Sendable {
    let file: String
    let name: String
    var testDescription: String { "\(name) (\(file))" }
}
