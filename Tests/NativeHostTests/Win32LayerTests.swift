import Pipeline
import TestSupport
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#endif

/// The Win32 porting layer (docs/win32-support-kernel.md): one check per function in C fixtures that
/// call it as Windows code does and compare what it returns, the last error and the buffer-size
/// answers with the documentation; every header compiled in C and C++ under every spelling; a
/// filter using a mutex, the registry and CreateFile in a server over loopback.
/// Serialized: the registry checks and the filter set ISAPI_BRIDGE_REGISTRY for the process.
@Suite(.serialized) struct Win32LayerTests {
    @Test(arguments: Win32Fixtures.allChecks)
    func behavesAsDocumented(_ check: Win32Check) throws {
        let scratch = try NativeFixtures.temporaryDirectory()
        let failure = try Win32Fixtures.run(check, scratch: scratch)
        #expect(failure == nil, "\(failure ?? "")")
    }

    @Test func theFixturesHoldExactlyTheListedChecks() throws {
        for (file, names) in Win32Fixtures.checks {
            #expect(try Win32Fixtures.names(in: file) == names, "\(file)")
        }
    }

    static let headers = ["windows.h", "winsock2.h", "WinSock2.h", "Winsock2.h", "ws2tcpip.h", "WS2tcpip.h", "Ws2tcpip.h",
                          "shlwapi.h", "Shlwapi.h", "winreg.h", "WinReg.h", "Winreg.h", "winsock.h", "WinSock.h",
                          "winbase.h", "WinBase.h"]

    @Test(arguments: headers)
    func headerCompilesWarningFreeInCAndCPlusPlus(_ header: String) throws {
        let flags = try NativeFixtures.cflags.get()
        let text = "#include <\(header)>\n#include <\(header)>\nint main(void) { return 0; }\n"
        let c = try NativeFixtures.file(named: "header.c", bytes: Array(text.utf8))
        let cxx = try NativeFixtures.file(named: "header.cpp", bytes: Array(text.utf8))
        for standard in ["c99", "gnu11"] {
            let (status, output) = NativeFixtures.shell("\(NativeFixtures.cc) -std=\(standard) -Wall -Wextra -Werror -fsyntax-only \(flags) '\(c)'")
            #expect(status == 0, "\(header) as \(standard): \(output)")
        }
        for standard in ["c++11", "c++17"] {
            let (status, output) = NativeFixtures.shell("\(NativeFixtures.cxx) -std=\(standard) -Wall -Wextra -Werror -fsyntax-only \(flags) '\(cxx)'")
            #expect(status == 0, "\(header) as \(standard): \(output)")
        }
    }

    /// The checks again as C++ (the filter fixture is C: its SDK-style LPSTR parameters take string
    /// literals only in C, as with the Windows SDK).
    @Test(arguments: ["kernel_checks.c", "file_checks.c", "registry_checks.c", "process_checks.c", "shell_checks.c"])
    func fixtureCompilesAsCPlusPlus(_ file: String) throws {
        let flags = try NativeFixtures.cflags.get()
        let sources = Win32Fixtures.sources
        let command = "\(NativeFixtures.cxx) -x c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only \(flags) -I '\(sources)' '\(sources)/\(file)'"
        let (status, output) = NativeFixtures.shell(command)
        #expect(status == 0, "\(output)")
    }

    @Test func cPlusPlusExceptionsReachExceptAndFinallyRunsAfterTheBlock() throws {
        let flags = try NativeFixtures.cflags.get()
        let program = try NativeFixtures.temporaryDirectory() + "/seh"
        let build = "\(NativeFixtures.cxx) -std=c++17 -Wall -Wextra -Werror \(flags) '\(Win32Fixtures.sources)/seh.cpp' -o '\(program)'"
        let (built, log) = NativeFixtures.shell(build)
        try #require(built == 0, "\(build)\n\(log)")
        let (status, output) = NativeFixtures.shell("'\(program)'")
        #expect(status == 0 && output.isEmpty, "\(output)")
    }

    @Test func aFilterUsingAMutexTheRegistryAndCreateFileServesOverLoopback() async throws {
        let scratch = try NativeFixtures.temporaryDirectory()
        let logFile = scratch + "/requests.log"
        let registry = """
            Windows Registry Editor Version 5.00

            [HKEY_LOCAL_MACHINE\\SOFTWARE\\IsapiBridgeTest\\Win32Filter]
            "Greeting"="hello from the registry"
            "LogFile"="\(logFile)"

            """
        let registryFile = try NativeFixtures.file(named: "filter.reg", bytes: Array(registry.utf8))
        setenv("ISAPI_BRIDGE_REGISTRY", registryFile, 1)
        defer { unsetenv("ISAPI_BRIDGE_REGISTRY") }
        let filter = try Win32Fixtures.compile("win32_filter.c")
        let pipeline = try nativePipeline([NativeFilterSpec(path: filter)])
        try await withServer(pipeline) { _, port in
            let connection = try TestClient(port: port)
            let first = try connection.get("/first")
            #expect(first.status == 200)
            #expect(first.header("X-Greeting") == "hello from the registry")
            #expect(first.header("X-Log-Size") == "7")
            let second = try TestClient(port: port).get("/second?x=1")
            #expect(second.header("X-Log-Size") == "19")
        }
        #expect(String(decoding: try NativeFixtures.contents(of: logFile), as: UTF8.self) == "/first\n/second?x=1\n")
    }

    @Test func aFilterWhoseRegistryKeyIsMissingDoesNotLoadAndSaysWhy() throws {
        unsetenv("ISAPI_BRIDGE_REGISTRY")
        let filter = try Win32Fixtures.compile("win32_filter.c")
        let error = #expect(throws: NativeFilterLoadError.self) { _ = try NativeFilterLoader().load(path: filter) }
        #expect(error?.win32Error.code == 2, "ERROR_FILE_NOT_FOUND from RegOpenKeyEx, passed on by GetFilterVersion")
    }
}
