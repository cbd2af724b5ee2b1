#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `isapi-bridge cflags` prints: the C compiler flags that make `#include <windows.h>` and
/// `#include <httpfilt.h>` resolve to the shipped compatibility headers.
///
///     cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so
public enum FilterCompilerFlags {
    /// The headers that must be in the include directory.
    static let headers = ["windows.h", "httpfilt.h"]

    /// The flags: `-I<include directory> -DISAPI_BRIDGE=1`, or nil when the headers are nowhere
    /// to be found (see `includeDirectory`).
    public static func flags(executablePath: String? = nil) -> String? {
        includeDirectory(executablePath: executablePath).map(flags(forIncludeDirectory:))
    }

    /// The flags for headers in `directory`. `ISAPI_BRIDGE` lets a ported filter `#ifdef` the few
    /// places where it must differ from its Windows build.
    public static func flags(forIncludeDirectory directory: String) -> String {
        "-I\(directory) -DISAPI_BRIDGE=1"
    }

    /// The absolute directory holding `windows.h` and `httpfilt.h`. Looked for, in order:
    /// `$ISAPI_BRIDGE_INCLUDE`; an installed layout next to the executable
    /// (`<prefix>/share/isapi-bridge/include` or `<prefix>/include/isapi-bridge` for
    /// `<prefix>/bin/isapi-bridge`); the source tree above the executable (a `.build/...` binary
    /// in a checkout: `Sources/ISAPIHeaders/include`); the source tree this file was compiled from.
    public static func includeDirectory(executablePath: String? = nil, sourceFile: String = #filePath) -> String? {
        var candidates: [String] = []
        if let fromEnvironment = getenv("ISAPI_BRIDGE_INCLUDE") { candidates.append(String(cString: fromEnvironment)) }
        if let executable = executablePath.flatMap(realPath) ?? realPath("/proc/self/exe") {
            let binDirectory = parent(executable)
            let prefix = parent(binDirectory)
            candidates.append(prefix + "/share/isapi-bridge/include")
            candidates.append(prefix + "/include/isapi-bridge")
            var directory = binDirectory
            for _ in 0..<6 where directory != "/" {
                candidates.append(directory + "/Sources/ISAPIHeaders/include")
                directory = parent(directory)
            }
        }
        var source = sourceFile
        for _ in 0..<3 { source = parent(source) }  // Sources/NativeHost/FilterCompilerFlags.swift -> repository
        candidates.append(source + "/Sources/ISAPIHeaders/include")
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
