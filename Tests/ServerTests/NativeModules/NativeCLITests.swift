import Foundation
import Testing

/// The `isapi-bridge` executable built beside the test binary.
private func cli() -> String? {
    let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let path = directory.appendingPathComponent("isapi-bridge").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("isapi-bridge CLI and native modules", .serialized)
struct NativeCLITests {
    @Test("cflags names the directory holding httpserv.h", .enabled(if: cli() != nil))
    func cflags() throws {
        let result = try run(try #require(cli()), ["cflags"])
        #expect(result.status == 0)
        // The filter headers' directory (windows.h, httpfilt.h) comes first, then the module headers'.
        let directories = result.output.split(whereSeparator: { $0 == " " || $0 == "\n" })
            .filter { $0.hasPrefix("-I") }.map { String($0.dropFirst(2)) }
        #expect(directories.contains { FileManager.default.fileExists(atPath: $0 + "/httpserv.h") })
    }

    @Test("serve refuses to start when a native module fails to register", .enabled(if: cli() != nil))
    func refusesToStart() throws {
        let image = try NativeFixtures.fixture("failing_register")
        let result = try run(try #require(cli()), ["serve", "--port", "0", "--native-module", "Denied=\(image)"])
        #expect(result.status != 0)
        #expect(result.output.contains("0x80070005 (HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED))"))
        #expect(result.output.contains(image))
        #expect(result.output.contains("the server does not start"))
    }

    @Test("serve refuses to start when a native module file is missing", .enabled(if: cli() != nil))
    func missingModule() throws {
        let result = try run(try #require(cli()), ["serve", "--port", "0", "--native-module", "Ghost=/nonexistent/ghost.so"])
        #expect(result.status != 0)
        #expect(result.output.contains("/nonexistent/ghost.so"))
    }
}
