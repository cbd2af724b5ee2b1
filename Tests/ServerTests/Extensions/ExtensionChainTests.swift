import Config
import Foundation
import Pipeline
import Server
import SiteAssembly
import TestSupport
import Testing

/// ISAPI extensions from a configuration: `<handlers>` with `modules="IsapiModule"
/// scriptProcessor=...`, `isapiCgiRestriction`, and one chain with a C filter and a C++ module.
@Suite("ISAPI extensions from applicationHost.config", .serialized)
struct ExtensionChainTests {
    /// `lib<Name>Extension.so` as SwiftPM built it (Examples/extensions).
    static func example(_ name: String) throws -> String { try built("lib\(name)Extension.so") }

    /// A shared object SwiftPM built next to the test binary.
    static func built(_ file: String) throws -> String {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let path = binary.appendingPathComponent(file).path
        guard FileManager.default.fileExists(atPath: path) else { throw CompileFailure(source: path, output: "not built; run swift build") }
        return path
    }

    static func config(restriction: String, handlers: String, filters: String = "", modules: String = "", globalModules: String = "") -> String {
        """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="Ext" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
                <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
          <system.webServer>
            <globalModules>\(globalModules)</globalModules>
            <modules>
              <add name="IsapiFilterModule"/>
              <add name="IsapiModule"/>
              \(modules)
              <add name="StaticFileModule"/>
            </modules>
            <isapiFilters>\(filters)</isapiFilters>
            <security>\(restriction)</security>
            <handlers>
              \(handlers)
              <add name="StaticFile" path="*" verb="*" modules="StaticFileModule"/>
            </handlers>
          </system.webServer>
        </configuration>
        """
    }

    @Test("a C filter, a C++ module and an extension handler each see the others' effects")
    func chain() async throws {
        let directory = try TemporaryConfig.directory()
        let status = try Self.example("StatusPage")
        let xml = Self.config(
            restriction: "<isapiCgiRestriction><add path=\"\(status)\" allowed=\"true\"/></isapiCgiRestriction>",
            handlers: "<add name=\"Status\" path=\"status.isa\" verb=\"GET\" modules=\"IsapiModule\" scriptProcessor=\"\(status)\"/>",
            filters: "<filter name=\"Headers\" path=\"\(try Self.built("libResponseHeadersFilter.so"))\"/>",
            modules: "<add name=\"HeaderEcho\"/>",
            globalModules: "<add name=\"HeaderEcho\" image=\"\(try NativeFixtures.example("HeaderEcho"))\"/>")
        try await servingConfig(xml, in: directory) { client in
            let response = try client.get("/status.isa", headers: ["X-Echo: client"])
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8", "the extension's own header")
            #expect(response.header("X-Echo") == "client", "the C++ module's header survives the extension's header block")
            #expect(response.header("X-Filtered-By") == "ResponseHeadersFilter", "the filter's PREPROC_HEADERS queued it")
            #expect(response.header("X-Content-Type-Options") == "nosniff", "the filter's SEND_RESPONSE saw the extension's response")
            #expect(response.text.contains("<li>Headers</li>"), "the extension sees the filter: \(response.text)")
            #expect(response.text.contains("<li>HeaderEcho</li>") && response.text.contains("<li>IsapiModule</li>"))
            #expect(response.text.contains("This request: GET /status.isa (\(directory)/site/status.isa)"))
            // Static files still come from the static handler.
            #expect(try client.get("/index.html").text == "<h1>home</h1>\n")
        }
    }

    @Test("the POST echo example sends the body back with asynchronous writes")
    func postEcho() async throws {
        let directory = try TemporaryConfig.directory()
        let echo = try Self.example("PostEcho")
        let xml = Self.config(restriction: "<isapiCgiRestriction notListedIsapisAllowed=\"true\"/>",
                              handlers: "<add name=\"Echo\" path=\"echo.isa\" verb=\"POST\" modules=\"IsapiModule\" scriptProcessor=\"\(echo)\"/>")
        let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await servingConfig(xml, in: directory) { client in
            try client.send(Array("POST /echo.isa HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-test\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/x-test")
            #expect(response.body == body)
            // Twice on one connection: the session ended cleanly.
            try client.send(Array("POST /echo.isa HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello".utf8))
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test("an extension isapiCgiRestriction does not allow answers 404.2 and is not loaded")
    func restricted() async throws {
        let directory = try TemporaryConfig.directory()
        let echo = try Self.example("PostEcho")
        let xml = Self.config(restriction: "<isapiCgiRestriction notListedIsapisAllowed=\"false\"/>",
                              handlers: "<add name=\"Echo\" path=\"echo.isa\" verb=\"*\" modules=\"IsapiModule\" scriptProcessor=\"\(echo)\"/>")
        let model = try TemporaryConfig.model(xml, in: directory)
        #expect(model.sites[0].handlers.first?.scriptProcessor == echo)
        let assembled = try ServerAssembler().assemble(model)
        defer { assembled.terminate() }
        #expect(assembled.warnings.contains { $0.message.contains("not allowed by <isapiCgiRestriction>") })
        try await servingConfig(xml, in: directory) { client in
            let response = try client.get("/echo.isa")
            #expect(response.status == 404)
            #expect(response.text.contains("404.2"))
        }
    }

    @Test("a scriptProcessor that cannot load is a configuration error naming the handler")
    func loadError() throws {
        let directory = try TemporaryConfig.directory()
        let xml = Self.config(restriction: "<isapiCgiRestriction notListedIsapisAllowed=\"true\"/>",
                              handlers: "<add name=\"Broken\" path=\"*.isa\" verb=\"*\" modules=\"IsapiModule\" scriptProcessor=\"missing.so\"/>")
        let model = try TemporaryConfig.model(xml, in: directory)
        do {
            _ = try ServerAssembler().assemble(model)
            Issue.record("assembled a site whose extension does not exist")
        } catch {
            #expect("\(error)".contains("<handlers> entry 'Broken': ISAPI extension"))
            #expect("\(error)".contains("there is no file at this path"))
        }
    }
}
