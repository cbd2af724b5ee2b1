import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `isapi-bridge cflags`: the compiler flags for building a native module against isapi-bridge's
/// httpserv.h: `c++ -shared -fPIC $(isapi-bridge cflags) module.cpp -o module.so`.
struct CFlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cflags",
        abstract: "Print the C++ flags for compiling an IIS native module (httpserv.h, windows.h, sal.h)."
    )

    func run() throws {
        guard let include = Self.includeDirectory() else {
            throw ValidationError(
                "cannot find the module headers (httpserv.h). Set ISAPI_BRIDGE_INCLUDE to the directory holding them.")
        }
        print("-std=c++17 -I\(include)")
    }

    /// `$ISAPI_BRIDGE_INCLUDE`, then `<prefix>/include/isapi-bridge` beside the executable, then the
    /// source tree this binary was built from.
    static func includeDirectory(filePath: String = #filePath) -> String? {
        var candidates: [String] = []
        if let variable = getenv("ISAPI_BRIDGE_INCLUDE") { candidates.append(String(cString: variable)) }
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
