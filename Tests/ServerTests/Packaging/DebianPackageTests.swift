import Foundation
import TestSupport
import Testing

/// The Debian package as a user without a Swift toolchain gets it: unpacked with `dpkg -x` into a
/// temporary root and run with an empty environment (`env -i`: no toolchain on PATH, no
/// LD_LIBRARY_PATH). Needs the package built first (a release build): `.ci/run` runs
/// `scripts/build-deb.sh` and passes its path in `ISAPI_BRIDGE_DEB`; without it the suite is skipped.
/// The package under test: `$ISAPI_BRIDGE_DEB`.
enum DebianPackage {
    static let path: String? = ProcessInfo.processInfo.environment["ISAPI_BRIDGE_DEB"].flatMap { $0.isEmpty ? nil : $0 }
}

@Suite(.enabled(if: DebianPackage.path != nil,
                "ISAPI_BRIDGE_DEB is not set: build the package with scripts/build-deb.sh and set it to the .deb to run these"),
       .serialized)
struct DebianPackageTests {
    static let cleanPath = "PATH=/usr/bin:/bin"

    /// The package unpacked into a fresh directory: its root.
    static func unpacked() throws -> String {
        let deb = try #require(DebianPackage.path)
        #expect(FileManager.default.fileExists(atPath: deb), "ISAPI_BRIDGE_DEB names \(deb), which does not exist")
        let root = try ScratchDirectory.make("deb")
        let (status, output) = shell("dpkg -x '\(deb)' '\(root)'")
        try #require(status == 0, "dpkg -x failed: \(output)")
        return root
    }

    /// `/bin/sh -c command` with only `environment` set (`env -i`); exit status and combined output.
    static func clean(_ command: String, _ environment: [String] = []) -> (status: Int32, output: String) {
        run(["-i", cleanPath] + environment + ["/bin/sh", "-c", command + " 2>&1"])
    }

    static func shell(_ command: String) -> (status: Int32, output: String) {
        run(["/bin/sh", "-c", command + " 2>&1"])
    }

    /// `/usr/bin/env arguments...`.
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("the unpacked binary runs without a toolchain and serves its default configuration")
    func servesTheDefaultConfiguration() async throws {
        let root = try Self.unpacked()
        let binary = root + "/usr/bin/isapi-bridge"
        let version = Self.clean("'\(binary)' --version")
        #expect(version.status == 0 && !version.output.isEmpty, "\(version.output)")
        // No library from a Swift toolchain: everything the binary links resolves with no LD_LIBRARY_PATH.
        let libraries = Self.clean("ldd '\(binary)'")
        #expect(!libraries.output.contains("not found") && !libraries.output.contains("libswift"), "\(libraries.output)")

        // No --config: the installed etc/isapi-bridge/applicationHost.config; --port 0 for a free port.
        let server = try ServerProcess(["-i", Self.cleanPath, binary, "serve", "--port", "0", "--workers", "1", "--threads", "1"],
                                       executable: "/usr/bin/env")
        defer { server.process.terminate() }
        #expect(await server.waitFor("isapi-bridge listening on "), "\(server.text)")
        let port = try #require(server.port(after: "isapi-bridge listening on "))
        let client = try TestClient(port: port)
        defer { client.close() }
        let home = try client.get("/")
        #expect(home.status == 200, "\(server.text)")
        #expect(home.header("X-Filtered-By") != nil, "the installed C filter ran: \(home.headers)")
        #expect(home.header("X-Powered-By") != nil)
        let hello = try client.get("/hello", headers: ["X-Echo: installed"])
        #expect(hello.status == 200)
        #expect(hello.header("X-Echo") == "installed", "the installed C++ module ran: \(hello.headers)")
        // A connection belongs to the site its first request chose: the second site on a new one.
        let second = try TestClient(port: port)
        defer { second.close() }
        let rewritten = try second.get("/greeting", host: "rewrite.localhost")
        #expect(rewritten.status == 200 && rewritten.text.contains("Hello"), "the installed rewrite rules ran: \(rewritten.statusLine)")
        server.signal(SIGTERM)
        #expect(await server.waitForExit() == 0, "\(server.text)")
        // The installed configuration (not a checkout's Examples/) was served: its request log is under var/log.
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: root + "/var/log/isapi-bridge")) ?? []
        #expect(logs.contains("W3SVC1"), "the request log is under the unpacked var/log: \(logs)")
    }

    @Test("pkg-config and isapi-bridge cflags build an example filter against the installed headers, and it loads")
    func buildsAFilterAgainstTheInstalledHeaders() async throws {
        let root = try Self.unpacked()
        let binary = root + "/usr/bin/isapi-bridge"
        let source = NativeFixtures.packageRoot + "/Examples/filters/RequestCounter/request_counter.c"
        let pkgConfig = "PKG_CONFIG_PATH=\(root)/usr/lib/pkgconfig"
        let flags = Self.clean("pkg-config --cflags isapi-bridge", [pkgConfig])
        #expect(flags.status == 0, "\(flags.output)")
        let include = URL(fileURLWithPath: root + "/usr/include/isapi-bridge").resolvingSymlinksInPath().path
        let pcInclude = flags.output.split(separator: " ").first { $0.hasPrefix("-I") }.map { String($0.dropFirst(2)) }
        #expect(pcInclude.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == include,
                "the .pc's relocatable prefix points into the unpacked tree: \(flags.output)")
        #expect(flags.output.contains("-DISAPI_BRIDGE=1"), "\(flags.output)")
        let cflags = Self.clean("'\(binary)' cflags")
        #expect(cflags.output.trimmingCharacters(in: .whitespacesAndNewlines) == "-I\(include) -DISAPI_BRIDGE=1",
                "cflags answers from the installed location: \(cflags.output)")

        let withPkgConfig = Self.clean("cc -shared -fPIC $(pkg-config --cflags isapi-bridge) '\(source)' -o '\(root)/pc.so'", [pkgConfig])
        #expect(withPkgConfig.status == 0, "\(withPkgConfig.output)")
        let withCflags = Self.clean("cc -shared -fPIC $('\(binary)' cflags) '\(source)' -o '\(root)/counter.so'")
        #expect(withCflags.status == 0, "\(withCflags.output)")

        let server = try ServerProcess(["-i", Self.cleanPath, binary, "serve", "--root", root + "/usr/share/isapi-bridge/site",
                                        "--filter", root + "/counter.so", "--port", "0", "--workers", "0", "--threads", "1",
                                        "--no-request-log"], executable: "/usr/bin/env")
        defer { server.process.terminate() }
        #expect(await server.waitFor("isapi-bridge listening on "), "\(server.text)")
        let port = try #require(server.port(after: "isapi-bridge listening on "))
        let client = try TestClient(port: port)
        defer { client.close() }
        #expect(try client.get("/").header("X-Request-Count") == "1")
        #expect(try client.get("/").header("X-Request-Count") == "2")
    }
}
