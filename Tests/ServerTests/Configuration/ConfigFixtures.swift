import Config
import Foundation
import NativeModules
import Pipeline
import Server
import SiteAssembly
import Synchronization
import TestSupport
import Testing

/// A `NativeCodeLoader` that hands out Swift filters by path, and loads modules for real.
struct SwiftFilterLoader: NativeCodeLoader {
    let filters: [String: any HttpFilter]

    func loadModule(name: String, image: String) throws -> NativeModule {
        try NativeModuleLoader.load(name: name, image: image)
    }

    func loadFilter(name: String, path: String, isGlobal: Bool) throws -> FilterRegistration {
        guard let filter = filters[path] else {
            throw FilterLoadError(filter: name, reason: "no test filter at \(path)")
        }
        return try FilterRegistration(name: name, filter: filter, isGlobal: isGlobal)
    }
}

/// Writes configuration text to a temporary directory (with a `site` folder) and reads it.
enum TemporaryConfig {
    static func directory() throws -> String {
        let path = ScratchDirectory.file("config")
        try FileManager.default.createDirectory(atPath: path + "/site", withIntermediateDirectories: true)
        try Data("<h1>home</h1>\n".utf8).write(to: URL(fileURLWithPath: path + "/site/index.html"))
        return path
    }

    static func model(_ xml: String, in directory: String) throws -> ServerModel {
        let file = directory + "/applicationHost.config"
        try Data(xml.utf8).write(to: URL(fileURLWithPath: file))
        var model = try ConfigReader().withURLRewrite().read(file: file)
        model.overrideBindings(port: 0)
        return model
    }
}

/// Assembles `xml` (written to `directory`), serves it on one event loop and hands a connected client
/// to `body`; the server is shut down afterwards, also when `body` throws.
func servingConfig(_ xml: String, in directory: String, _ body: (TestClient) throws -> Void) async throws {
    let assembled = try ServerAssembler().assemble(TemporaryConfig.model(xml, in: directory))
    let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
    let port = try #require(try await server.start().first)
    let client = try TestClient(port: port)
    defer { client.close() }
    do { try body(client) } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// A configuration with two sites on one port, each with a site filter, and a global filter.
func twoSiteConfig(port: Int = 8080, wildcard: Bool = false) -> String {
    """
    <configuration>
      <system.applicationHost>
        <sites>
          <site name="Alpha" id="1">
            <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
            <bindings><binding protocol="http" bindingInformation="127.0.0.1:\(port):alpha.test"/></bindings>
          </site>
          <site name="Beta" id="2">
            <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
            <bindings><binding protocol="http" bindingInformation="127.0.0.1:\(port):\(wildcard ? "" : "beta.test")"/></bindings>
          </site>
        </sites>
      </system.applicationHost>
      <system.webServer>
        <modules>
          <add name="IsapiFilterModule"/>
          <add name="StaticFileModule"/>
        </modules>
        <isapiFilters>
          <filter name="Everyone" path="/filters/global.so"/>
        </isapiFilters>
      </system.webServer>
      <location path="Alpha">
        <system.webServer>
          <isapiFilters><filter name="AlphaOnly" path="/filters/alpha.so"/></isapiFilters>
        </system.webServer>
      </location>
      <location path="Beta">
        <system.webServer>
          <isapiFilters><filter name="BetaOnly" path="/filters/beta.so"/></isapiFilters>
        </system.webServer>
      </location>
    </configuration>
    """
}

/// A filter that records each LOG notification's URL under its name.
final class RecordingFilter: HttpFilter {
    let name: String
    let seen = Mutex<[String]>([])
    var all: [String] { seen.withLock { $0 } }

    init(_ name: String) { self.name = name }

    func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        FilterVersion(description: name, flags: [.log, .orderMedium])
    }

    func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        if case .log(let log) = notification {
            seen.withLock { $0.append(log.target) }
            log.clientUserName = "seen-by-" + name
        }
        return .nextNotification
    }
}

/// A global filter that records every raw byte read from its connections.
final class RawBytesFilter: HttpFilter {
    private let bytes = Mutex<[UInt8]>([])
    var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }

    func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        FilterVersion(description: "raw", flags: [.readRawData, .orderHigh])
    }

    func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        if case .readRawData(let raw) = notification { bytes.withLock { $0 += raw.bytes } }
        return .nextNotification
    }
}

/// C filters for the configuration tests, compiled like a porter would:
/// `cc -shared -fPIC $(isapi-bridge cflags) file.c -o lib<name>.so`.
enum FilterFixtures {
    static func compile(_ name: String) throws -> String {
        let source = NativeFixtures.packageRoot + "/Tests/ServerTests/Configuration/Fixtures/\(name).c"
        let directory = URL(fileURLWithPath: ScratchDirectory.root + "/config-filters")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("lib\(name).so").path
        if FileManager.default.fileExists(atPath: output) { return output }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let compiler = ProcessInfo.processInfo.environment["CC"] ?? "cc"
        process.arguments = [compiler, "-shared", "-fPIC", "-I", NativeFixtures.packageRoot + "/Sources/ISAPIHeaders/include",
                             "-DISAPI_BRIDGE=1", source, "-o", output]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CompileFailure(source: source, output: String(decoding: message, as: UTF8.self))
        }
        return output
    }
}
