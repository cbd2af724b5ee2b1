import Config
import Foundation
import Server
import SiteAssembly
import TestSupport
import Testing

/// The server-wide global notifications a native CGlobalModule hears over a server's life
/// (`Fixtures/global_events.cpp` writes one line per notification to a log file): application start
/// once the listeners serve, thread cleanup after the request, health check on request, configuration change and a new application
/// start on a reload, then application stop and cache cleanup at shutdown, before Terminate.
@Suite("Native modules: server-wide global notifications", .serialized)
struct NativeGlobalEventTests {
    private func config(image: String) -> String {
        """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="Events" id="7">
                <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
                <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
          <system.webServer>
            <globalModules><add name="GlobalEvents" image="\(image)"/></globalModules>
          </system.webServer>
        </configuration>
        """
    }

    @Test("start, health check, reload (configuration change, new start), stop and cache cleanup, in order")
    func lifecycle() async throws {
        let image = try NativeFixtures.fixture("global_events")
        let log = ScratchDirectory.file("global-events", suffix: ".log")
        setenv("ISAPI_BRIDGE_GLOBAL_EVENTS_LOG", log, 1)
        defer { unsetenv("ISAPI_BRIDGE_GLOBAL_EVENTS_LOG") }
        let directory = try TemporaryConfig.directory()
        let model = try TemporaryConfig.model(config(image: image), in: directory)
        let server = ConfiguredServer(try ServerAssembler().assemble(model), template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        #expect(try client.get("/").status >= 200)
        client.close()
        server.notifyHealthCheck()
        server.install(try ServerAssembler().assemble(model))
        await server.shutdown()

        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        // GL_THREAD_CLEANUP follows the request's completion, which may come after the response
        // reached the client: it is checked apart from the ordered notifications.
        #expect(lines.contains("thread-cleanup /LM/W3SVC/7/ROOT"))
        #expect(lines.filter { !$0.hasPrefix("thread-cleanup") } == [
            "start /LM/W3SVC/7/ROOT MACHINE/WEBROOT/APPHOST/Events",
            "health",
            "config MACHINE/WEBROOT/APPHOST",
            "start /LM/W3SVC/7/ROOT MACHINE/WEBROOT/APPHOST/Events",
            "stop /LM/W3SVC/7/ROOT stored=1",
            "stop /LM/W3SVC/7/ROOT stored=1",
            "cleanup",
            "cleanup",
        ])
    }
}
