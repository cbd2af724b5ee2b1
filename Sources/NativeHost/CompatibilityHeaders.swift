#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the compatibility headers porters compile against are, and the flags `isapi-bridge cflags`
/// and `isapi-bridge cxxflags` print:
///
///     cc  -shared -fPIC $(isapi-bridge cflags)   myfilter.c   -o myfilter.so     # ISAPI filter
///     c++ -shared -fPIC $(isapi-bridge cxxflags) mymodule.cpp -o libmymodule.so  # IIS native module
public enum CompatibilityHeaders {
    /// The directory holding `windows.h` and `httpfilt.h` (Sources/ISAPIHeaders/include).
    public static func filterIncludeDirectory(executablePath: String? = nil) -> String? {
        directory(holding: ["windows.h", "httpfilt.h"], checkoutSubdirectory: "Sources/ISAPIHeaders/include",
                  environment: ["ISAPI_BRIDGE_INCLUDE"], executablePath: executablePath)
    }

    /// The directory holding `httpserv.h` (Sources/ModuleHeaders/include).
    public static func moduleIncludeDirectory(executablePath: String? = nil) -> String? {
        directory(holding: ["httpserv.h"], checkoutSubdirectory: "Sources/ModuleHeaders/include",
                  environment: ["ISAPI_BRIDGE_MODULE_INCLUDE", "ISAPI_BRIDGE_INCLUDE"], executablePath: executablePath)
    }

    /// `-I<filter headers> -I<module headers> -DISAPI_BRIDGE=1`. The filter directory comes first, so
    /// `#include <windows.h>` is the one windows.h that serves filters and modules alike. No `-std`,
    /// so the same output works for `cc` and `c++` (a C compiler rejects a C++ `-std`). `ISAPI_BRIDGE`
    /// lets a ported source `#ifdef` the few places where it must differ from its Windows build.
    /// Pointer truncation (`(DWORD)pointer`) is an error in C through windows.h itself, not a flag:
    /// `-Werror=pointer-to-int-cast` is C-only and makes g++ warn about the option.
    public static func flags(includeDirectories: [String]) -> String {
        (includeDirectories.map { "-I\($0)" } + ["-DISAPI_BRIDGE=1"]).joined(separator: " ")
    }

    /// The C++ standard `isapi-bridge cxxflags` adds. Legacy modules declare dynamic exception
    /// specifications (`throw(std::bad_alloc)`), which C++17 removed: g++ rejects them in its default
    /// C++17 mode with no flag to relax that, so C++ is compiled as GNU C++14, where they are
    /// deprecated but accepted. (clang++ accepts them under plain `cflags` too: windows.h silences
    /// its -Wdynamic-exception-spec error.)
    public static let cxxStandard = "-std=gnu++14"

    /// `flags` plus the C++ standard: for `c++`, never for `cc` (a C compiler rejects a C++ `-std`).
    public static func cxxFlags(includeDirectories: [String]) -> String {
        flags(includeDirectories: includeDirectories) + " " + cxxStandard
    }

    /// The first existing directory holding every one of `headers`, looked for in order: the
    /// environment variables; an installed layout next to the executable
    /// (`<prefix>/share/isapi-bridge/include`, `<prefix>/include/isapi-bridge` for
    /// `<prefix>/bin/isapi-bridge`); a checkout above the executable (a `.build/...` binary); the
    /// checkout this file was compiled in. Returned as an absolute, resolved path.
    static func directory(holding headers: [String], checkoutSubdirectory: String, environment: [String],
                          executablePath: String?, sourceFile: String = #filePath) -> String? {
        var candidates = environment.compactMap { getenv($0).map { String(cString: $0) } }
        if let executable = executablePath.flatMap(realPath) ?? realPath("/proc/self/exe") {
            let binDirectory = parent(executable)
            let prefix = parent(binDirectory)
            candidates.append(prefix + "/share/isapi-bridge/include")
            candidates.append(prefix + "/include/isapi-bridge")
            var directory = binDirectory
            for _ in 0..<6 where directory != "/" {
                candidates.append(directory + "/" + checkoutSubdirectory)
                directory = parent(directory)
            }
        }
        var checkout = sourceFile
        for _ in 0..<3 { checkout = parent(checkout) }  // Sources/NativeHost/CompatibilityHeaders.swift
        candidates.append(checkout + "/" + checkoutSubdirectory)
        return candidates.lazy.compactMap(realPath).first { directory in
            headers.allSatisfy { access(directory + "/" + $0, R_OK) == 0 }
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
