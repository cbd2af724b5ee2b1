import ArgumentParser
import NativeHost

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `isapi-bridge cflags`: the compiler flags for building against isapi-bridge's compatibility
/// headers, the same for both kinds of native code:
///
///     cc  -shared -fPIC $(isapi-bridge cflags) myfilter.c   -o myfilter.so     # ISAPI filter
///     c++ -shared -fPIC $(isapi-bridge cflags) mymodule.cpp -o libmymodule.so  # IIS native module
///
/// It prints `-I<filter headers> -I<module headers> -DISAPI_BRIDGE=1`: windows.h and httpfilt.h
/// (Sources/ISAPIHeaders/include) first, so `#include <windows.h>` is the one windows.h that serves
/// both; then httpserv.h, http.h and sal.h (Sources/ModuleHeaders/include). No `-std`: C filters
/// build with the C compiler's default, modules need C++17 (the default of g++ 11+ and clang 16+;
/// add `-std=c++17` for older compilers).
struct CFlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cflags",
        abstract: "Print the compiler flags for ISAPI filters (C: windows.h, httpfilt.h) and IIS native modules (C++: httpserv.h).",
        discussion: "cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so; c++ -shared -fPIC $(isapi-bridge cflags) module.cpp -o module.so"
    )

    @Flag(help: "Print only the include directories, one per line (no -I, no other flags).")
    var includeDirectory = false

    func run() throws {
        guard let filters = FilterCompilerFlags.includeDirectory() else {
            throw ValidationError(
                "cannot find the filter headers (windows.h, httpfilt.h). Set ISAPI_BRIDGE_INCLUDE to the directory "
                    + "that holds them (Sources/ISAPIHeaders/include in a checkout, share/isapi-bridge/include when installed).")
        }
        guard let modules = Self.moduleIncludeDirectory() else {
            throw ValidationError(
                "cannot find the module headers (httpserv.h). Set ISAPI_BRIDGE_MODULE_INCLUDE to the directory holding them "
                    + "(Sources/ModuleHeaders/include in a checkout).")
        }
        let directories = filters == modules ? [filters] : [filters, modules]
        if includeDirectory {
            print(directories.joined(separator: "\n"))
        } else {
            print((directories.map { "-I\($0)" } + ["-DISAPI_BRIDGE=1"]).joined(separator: " "))
        }
    }

    /// The directory holding httpserv.h: `$ISAPI_BRIDGE_MODULE_INCLUDE` or `$ISAPI_BRIDGE_INCLUDE`,
    /// then `<prefix>/include/isapi-bridge` beside the executable, then the source tree this binary
    /// was built from.
    static func moduleIncludeDirectory(filePath: String = #filePath) -> String? {
        var candidates: [String] = []
        for variable in ["ISAPI_BRIDGE_MODULE_INCLUDE", "ISAPI_BRIDGE_INCLUDE"] {
            if let value = getenv(variable) { candidates.append(String(cString: value)) }
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 {
            let executable = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            candidates.append(parent(parent(executable)) + "/include/isapi-bridge")
        }
        // Sources/ISAPIBridgeCLI/CFlagsCommand.swift -> Sources/ModuleHeaders/include
        candidates.append(parent(parent(filePath)) + "/ModuleHeaders/include")
        return candidates.first { access($0 + "/httpserv.h", R_OK) == 0 }
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
