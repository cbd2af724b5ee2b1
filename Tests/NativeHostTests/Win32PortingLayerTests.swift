import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Win32/CRT porting layer of the compatibility headers (docs/win32-support.md, "CRT, strings,
/// time, types and headers"): every function checked against its documentation by C (and C++)
/// fixtures compiled with each installed compiler and `isapi-bridge cflags`/`cxxflags`, then loaded
/// into this process, which exports SetLastError/GetLastError as the server does.
@Suite struct Win32PortingLayerTests {
    /// The `check_<name>` functions of Fixtures/win32_crt.c, win32_wide.c and win32_time.c.
    static let cChecks = [
        "types", "hresult_macros", "_ltow_s", "_itoa_s", "itoa", "wcscpy_s", "wcscat_s", "strtok_s", "_vscprintf",
        "vsprintf_s", "_splitpath_s", "_makepath_s", "fopen_s", "time_s", "rand_s", "StringFromGUID2",
        "FileTimeToSystemTime", "SystemTimeToFileTime", "GetSystemTime", "SystemTimeToTzSpecificLocalTime", "Sleep",
        "OutputDebugString", "GetCurrentThreadId", "ExpandEnvironmentStrings", "WideCharToMultiByte",
        "MultiByteToWideChar", "lstrW", "io", "intsafe", "generic_text", "memcpy_s", "strncat_s", "_i64toa_s",
        "GetTimeZoneInformation",
    ]
    /// The `check_<name>` functions of Fixtures/win32_crt_cpp.cpp.
    static let cxxChecks = ["cpp_wide_overloads", "cpp_mixed_strings", "cpp_array_overloads", "cpp_interlocked_long"]

    /// Each fixture built by each installed compiler: one shared object per (fixture, compiler).
    static let libraries: Result<[String], NativeFixtures.Failure> = {
        do {
            let cflags = try NativeFixtures.cflags.get()
            let cxxflags = try NativeFixtures.cxxflags.get()
            let directory = try NativeFixtures.temporaryDirectory()
            let fixtures = NativeFixtures.repository + "/Tests/NativeHostTests/Fixtures"
            var built: [String] = []
            for (c, cxx) in NativeFixtures.compilerPairs {
                for (compiler, flags, source) in [(c, cflags, "win32_crt.c"), (c, cflags, "win32_wide.c"),
                                                  (c, cflags, "win32_time.c"), (cxx, cxxflags, "win32_crt_cpp.cpp")] {
                    let output = "\(directory)/\(compiler)-\(source).so"
                    let command = "\(compiler) -shared -fPIC -Wall -Wextra -Werror -Wno-deprecated \(flags) "
                        + "'\(fixtures)/\(source)' -o '\(output)'"
                    let (status, log) = NativeFixtures.shell(command)
                    guard status == 0 else { throw NativeFixtures.Failure(description: "\(command)\n\(log)") }
                    built.append(output)
                }
            }
            return .success(built)
        } catch let failure as NativeFixtures.Failure {
            return .failure(failure)
        } catch {
            return .failure(NativeFixtures.Failure(description: "\(error)"))
        }
    }()

    /// Runs `check_<name>` in every built library that has it; the failures, by library.
    static func run(_ name: String) throws -> [String] {
        var failures: [String] = []
        var found = 0
        for library in try libraries.get() {
            guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
                failures.append("\(library): \(String(cString: dlerror()))")
                continue
            }
            guard let symbol = dlsym(handle, "check_" + name) else { continue }
            found += 1
            let check = unsafeBitCast(symbol, to: (@convention(c) () -> UnsafePointer<CChar>?).self)
            if let message = check() { failures.append("\(library): \(String(cString: message))") }
        }
        if found == 0 { failures.append("no library exports check_\(name)") }
        return failures
    }

    @Test func bothCompilerFamiliesAreChecked() {
        #expect(!NativeFixtures.compilerPairs.isEmpty, "neither gcc/g++ nor clang/clang++ is installed")
    }

    @Test(arguments: cChecks + cxxChecks)
    func behavesAsDocumented(_ name: String) throws {
        let failures = try Self.run(name)
        #expect(failures.isEmpty, "\(failures)")
    }
}

/// Every compatibility header under every spelling Windows sources use, alone in a translation unit,
/// in C (the filter headers) and C++ (all), with each installed compiler: it must compile warning-free
/// and define the canonical header's include guard (so a spelling cannot point at the wrong file).
@Suite struct HeaderSpellingTests {
    /// Spelling -> include guard of the header it stands for. C headers first.
    static let cHeaders: [(spelling: String, guard: String)] = [
        ("windows.h", "ISAPI_BRIDGE_WINDOWS_H"), ("Windows.h", "ISAPI_BRIDGE_WINDOWS_H"),
        ("httpfilt.h", "_HTTPFILT_H_"), ("HttpFilt.h", "_HTTPFILT_H_"), ("Httpfilt.h", "_HTTPFILT_H_"),
        ("tchar.h", "ISAPI_BRIDGE_TCHAR_H"), ("TChar.h", "ISAPI_BRIDGE_TCHAR_H"), ("Tchar.h", "ISAPI_BRIDGE_TCHAR_H"),
        ("strsafe.h", "ISAPI_BRIDGE_STRSAFE_H"), ("StrSafe.h", "ISAPI_BRIDGE_STRSAFE_H"),
        ("Strsafe.h", "ISAPI_BRIDGE_STRSAFE_H"),
        ("initguid.h", "ISAPI_BRIDGE_INITGUID_H"), ("InitGuid.h", "ISAPI_BRIDGE_INITGUID_H"),
        ("Initguid.h", "ISAPI_BRIDGE_INITGUID_H"),
        ("wtypes.h", "ISAPI_BRIDGE_WTYPES_H"), ("WTypes.h", "ISAPI_BRIDGE_WTYPES_H"),
        ("Wtypes.h", "ISAPI_BRIDGE_WTYPES_H"),
        ("objbase.h", "ISAPI_BRIDGE_OBJBASE_H"), ("ObjBase.h", "ISAPI_BRIDGE_OBJBASE_H"),
        ("Objbase.h", "ISAPI_BRIDGE_OBJBASE_H"),
        ("sdkddkver.h", "ISAPI_BRIDGE_SDKDDKVER_H"), ("SDKDDKVer.h", "ISAPI_BRIDGE_SDKDDKVER_H"),
        ("SdkDdkVer.h", "ISAPI_BRIDGE_SDKDDKVER_H"),
        ("intsafe.h", "ISAPI_BRIDGE_INTSAFE_H"), ("IntSafe.h", "ISAPI_BRIDGE_INTSAFE_H"),
        ("Intsafe.h", "ISAPI_BRIDGE_INTSAFE_H"),
        ("crtdbg.h", "ISAPI_BRIDGE_CRTDBG_H"), ("CrtDbg.h", "ISAPI_BRIDGE_CRTDBG_H"),
        ("Crtdbg.h", "ISAPI_BRIDGE_CRTDBG_H"),
        ("io.h", "ISAPI_BRIDGE_IO_H"), ("IO.h", "ISAPI_BRIDGE_IO_H"), ("Io.h", "ISAPI_BRIDGE_IO_H"),
        ("process.h", "ISAPI_BRIDGE_PROCESS_H"), ("Process.h", "ISAPI_BRIDGE_PROCESS_H"),
        ("direct.h", "ISAPI_BRIDGE_DIRECT_H"), ("Direct.h", "ISAPI_BRIDGE_DIRECT_H"),
        ("share.h", "ISAPI_BRIDGE_SHARE_H"), ("Share.h", "ISAPI_BRIDGE_SHARE_H"),
    ]
    /// The module headers: C++ only.
    static let cxxOnlyHeaders: [(spelling: String, guard: String)] = [
        ("httpserv.h", "ISAPI_BRIDGE_HTTPSERV_H"), ("HttpServ.h", "ISAPI_BRIDGE_HTTPSERV_H"),
        ("Httpserv.h", "ISAPI_BRIDGE_HTTPSERV_H"),
        ("httptrace.h", "ISAPI_BRIDGE_HTTPTRACE_H"), ("HttpTrace.h", "ISAPI_BRIDGE_HTTPTRACE_H"),
        ("Httptrace.h", "ISAPI_BRIDGE_HTTPTRACE_H"),
        ("httpcach.h", "ISAPI_BRIDGE_HTTPCACH_H"), ("HttpCach.h", "ISAPI_BRIDGE_HTTPCACH_H"),
        ("Httpcach.h", "ISAPI_BRIDGE_HTTPCACH_H"),
        ("http.h", "ISAPI_BRIDGE_HTTP_H"), ("Http.h", "ISAPI_BRIDGE_HTTP_H"),
        ("sal.h", "ISAPI_BRIDGE_SAL_H"), ("Sal.h", "ISAPI_BRIDGE_SAL_H"),
    ]

    /// One file per header: `#include <spelling>`, then an #error unless the guard is defined.
    static func translationUnits(_ headers: [(spelling: String, guard: String)], suffix: String) throws -> [String] {
        let directory = try NativeFixtures.temporaryDirectory()
        return try headers.enumerated().map { index, header in
            let text = "#include <\(header.spelling)>\n#ifndef \(header.guard)\n#error <\(header.spelling)> is not \(header.guard)\n#endif\nint unit\(index);\n"
            return try NativeFixtures.file(named: "unit\(index)-\(directory.hashValue).\(suffix)", bytes: Array(text.utf8))
        }
    }

    @Test func everySpellingCompilesInC() throws {
        let flags = try NativeFixtures.cflags.get()
        let units = try Self.translationUnits(Self.cHeaders, suffix: "c").map { "'\($0)'" }.joined(separator: " ")
        for (c, _) in NativeFixtures.compilerPairs {
            for standard in ["", "-std=c11"] {
                let command = "\(c) \(standard) -fsyntax-only -Wall -Wextra -Werror \(flags) \(units)"
                let (status, output) = NativeFixtures.shell(command)
                #expect(status == 0, "\(command)\n\(output)")
            }
        }
    }

    @Test func everySpellingCompilesInCPlusPlus() throws {
        let flags = try NativeFixtures.cxxflags.get()
        let units = try Self.translationUnits(Self.cHeaders + Self.cxxOnlyHeaders, suffix: "cpp")
            .map { "'\($0)'" }.joined(separator: " ")
        for (_, cxx) in NativeFixtures.compilerPairs {
            for standard in ["", "-std=c++17"] {
                let command = "\(cxx) \(flags) \(standard) -fsyntax-only -Wall -Wextra -Werror \(units)"
                let (status, output) = NativeFixtures.shell(command)
                #expect(status == 0, "\(command)\n\(output)")
            }
        }
    }

    @Test func theInstallScriptsCopyEverySpelling() throws {
        // install.sh copies the include directories by a `*.h` pattern: no spelling may escape it.
        for header in Self.cHeaders + Self.cxxOnlyHeaders {
            #expect(header.spelling.hasSuffix(".h"), "\(header.spelling)")
        }
        let script = String(decoding: try NativeFixtures.contents(of: NativeFixtures.repository + "/scripts/install.sh"),
                            as: UTF8.self)
        #expect(script.contains("Sources/ISAPIHeaders/include/*.h Sources/ModuleHeaders/include/*.h"))
    }
}

/// What `cflags` and `cxxflags` change for a porter's source.
@Suite struct PortingFlagsTests {
    @Test func truncatingAPointerIsACompileErrorInC() throws {
        let flags = try NativeFixtures.cflags.get()
        let text = "#include <windows.h>\nDWORD keep(void *pointer) { return (DWORD)pointer; }\n"
            + "void *back(DWORD value) { return (void *)value; }\n"
        let source = try NativeFixtures.file(named: "truncates.c", bytes: Array(text.utf8))
        for (c, _) in NativeFixtures.compilerPairs {
            let (status, output) = NativeFixtures.shell("\(c) -fsyntax-only \(flags) '\(source)'")
            #expect(status != 0, "\(c) accepted a pointer truncated to DWORD")
            // Both lines are errors (gcc names -Wpointer-to-int-cast/-Wint-to-pointer-cast, clang their
            // void-pointer variants).
            #expect(output.contains("truncates.c:2:") && output.contains("truncates.c:3:"), "\(output)")
            #expect(!output.contains("warning:"), "\(output)")
        }
        // A pointer-sized integer is no truncation.
        let fine = try NativeFixtures.file(named: "keeps.c", bytes: Array(
            "#include <windows.h>\nULONG_PTR keep(void *pointer) { return (ULONG_PTR)pointer; }\n".utf8))
        let (status, output) = NativeFixtures.shell("\(NativeFixtures.cc) -fsyntax-only -Wall -Werror \(flags) '\(fine)'")
        #expect(status == 0, "\(output)")
    }

    @Test func dynamicExceptionSpecificationsBuildWithCxxflags() throws {
        let cxxflags = try NativeFixtures.cxxflags.get()
        #expect(cxxflags.hasSuffix(" -std=gnu++14"))
        let text = "#include <windows.h>\n#include <httpserv.h>\n#include <new>\n"
            + "void *grab(size_t size) throw(std::bad_alloc);\nvoid *grab(size_t size) throw(std::bad_alloc) { return ::operator new(size); }\n"
            + "void quiet() throw() {}\n"
        let source = try NativeFixtures.file(named: "throws.cpp", bytes: Array(text.utf8))
        for (_, cxx) in NativeFixtures.compilerPairs {
            let (status, output) = NativeFixtures.shell("\(cxx) -fsyntax-only \(cxxflags) '\(source)'")
            #expect(status == 0, "\(cxx) \(cxxflags): \(output)")
        }
        // clang++ needs no -std for them: windows.h relaxes its C++17 error.
        if NativeFixtures.compilerPairs.contains(where: { $0.cxx == "clang++" }) {
            let cflags = try NativeFixtures.cflags.get()
            let (status, output) = NativeFixtures.shell("clang++ -fsyntax-only \(cflags) '\(source)'")
            #expect(status == 0, "\(output)")
        }
    }
}
