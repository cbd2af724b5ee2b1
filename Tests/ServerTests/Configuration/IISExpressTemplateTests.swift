import Config
import Foundation
import Server
import SiteAssembly
import TestSupport
import Testing

/// Tests/ServerTests/Configuration/Fixtures/iisexpress: an IIS Express applicationhost.config (the
/// default sections, WebSite1 and a project site), its two site folders, and the `--map-path`
/// arguments a porter gives to serve it unchanged.
enum IISExpressFixture {
    static let directory = NativeFixtures.packageRoot + "/Tests/ServerTests/Configuration/Fixtures/iisexpress"
    static let config = directory + "/applicationhost.config"

    static func mapPaths(userHome: String) -> [String] {
        ["%IIS_SITES_HOME%=\(directory)/sites", "C:\\Users\\porter\\source\\repos=\(directory)/repos", "%IIS_USER_HOME%=\(userHome)"]
    }

    static func mapPathArguments(userHome: String) -> [String] { mapPaths(userHome: userHome).flatMap { ["--map-path", $0] } }

    /// The model with every binding on 127.0.0.1 and a free port, keeping only the site `named`.
    static func model(site named: String) throws -> ServerModel {
        let reader = ConfigReader(pathMapping: try PathMapping(parsing: mapPaths(userHome: try ScratchDirectory.make("iisx"))))
        var model = try reader.read(file: config)
        model.sites = model.sites.filter { $0.name == named }
        model.overrideBindings(address: "127.0.0.1", port: 0)
        return model
    }
}

@Suite("An IIS Express applicationhost.config, unchanged", .serialized)
struct IISExpressTemplateTests {
    @Test("check passes with only --map-path and prints the Windows-only summary", .enabled(if: executable() != nil))
    func checkIsCleanWithOnlyMapPath() async throws {
        let check = try ServerProcess(["check", "--config", IISExpressFixture.config]
                                      + IISExpressFixture.mapPathArguments(userHome: try ScratchDirectory.make("iisx")))
        #expect(await check.waitForExit() == 0, "\(check.text)")
        let text = check.text
        #expect(text.contains("applicationhost.config: OK (2 site(s), 0 warning(s))"), "\(text)")
        #expect(text.contains("not available on Linux:"))
        #expect(text.contains("ASP.NET (managed code, .NET Framework) (9): global module ManagedEngineV4.0_64bit, filter ASP.Net_4.0_64bit, module OutputCache"), "\(text)")
        #expect(text.contains("handler PageHandlerFactory-Integrated-4.0 (*.aspx)"))
        #expect(text.contains("-> ignored; requests for these handlers get 500.21 naming the handler"))
        #expect(text.contains("Windows, digest and client-certificate authentication (1): module WindowsAuthenticationModule"))
        #expect(text.contains("https certificates in the Windows certificate store (give the binding certificateFile and certificateKeyFile) (1): Shop https://*:44321:localhost"))
        #expect(text.contains("skipped by preCondition:"))
        #expect(text.contains("classic pipeline only (classicMode) (2): handler AXD-ISAPI-4.0_64bit, handler PageHandlerFactory-ISAPI-4.0_64bit"))
        #expect(text.contains("root: \(IISExpressFixture.directory)/repos/Shop/Shop"))
        // What runs: the static handler and the built-ins by their IIS names.
        #expect(text.contains("StaticFileModule         Swift built-in"))
        #expect(text.contains("ISAPI extension host"), "IsapiModule hosts the extensions of handlers with a scriptProcessor")
        #expect(text.contains("not run here (see the summary below): DynamicCompressionModule"))
    }

    @Test("without --map-path, check names the flag for each Windows path", .enabled(if: executable() != nil))
    func checkWithoutMapPathSaysWhatToMap() async throws {
        let check = try ServerProcess(["check", "--config", IISExpressFixture.config])
        #expect(await check.waitForExit() == 1, "\(check.text)")
        #expect(check.text.contains("<virtualDirectory physicalPath=\"%IIS_SITES_HOME%\\WebSite1\">: 'C:\\Users\\Default\\Documents\\My Web Sites\\WebSite1' is a Windows path; map it to a Linux directory with --map-path 'C:\\Users=/srv/...'"), "\(check.text)")
        #expect(check.text.contains("<virtualDirectory physicalPath=\"C:\\Users\\porter\\source\\repos\\Shop\\Shop\">"))
    }

    @Test("serve serves WebSite1 with only --map-path", .enabled(if: executable() != nil))
    func serveWithOnlyMapPath() async throws {
        let server = try ServerProcess(["serve", "--config", IISExpressFixture.config, "--host", "127.0.0.1", "--port", "0",
                                        "--workers", "0", "--no-request-log"]
                                       + IISExpressFixture.mapPathArguments(userHome: try ScratchDirectory.make("iisx")))
        #expect(await server.waitFor("listening on"), "\(server.text)")
        let port = try #require(server.port(after: "listening on "))
        let client = try TestClient(port: port)
        let home = try client.get("/", host: "localhost")
        #expect(home.status == 200)
        #expect(home.text == "<h1>WebSite1 on isapi-bridge</h1>\n")
        client.close()
        server.signal(SIGTERM)
        #expect(await server.waitForExit() == 0, "\(server.text)")
    }

    /// The project site: static files and default document are served; an .aspx page is answered
    /// 500.21 by its (unavailable) handler instead of being sent as text; hidden segments hold.
    @Test func theProjectSiteServesFilesAndRefusesASPNETPages() async throws {
        let assembled = try ServerAssembler().assemble(IISExpressFixture.model(site: "Shop"))
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        let home = try client.get("/", host: "localhost")
        #expect(home.status == 200 && home.text == "<h1>Shop</h1>\n")
        let css = try client.get("/site.css", host: "localhost")
        #expect(css.status == 200 && css.header("Content-Type")?.hasPrefix("text/css") == true)
        let page = try client.get("/Default.aspx", host: "localhost")
        #expect(page.status == 500)
        #expect(page.text == "500 Internal Server Error: handler 'PageHandlerFactory-Integrated-4.0' needs ASP.NET (managed code, .NET Framework), which isapi-bridge does not provide on Linux.\n")
        #expect(!page.text.contains("secret"))
        let classic = try client.get("/old/page.asp", host: "localhost")
        #expect(classic.status == 500 && classic.text.contains("'ASPClassic' needs Classic ASP"))
        #expect(try client.get("/web.config", host: "localhost").status == 404)
        // The fixture's <staticContent> lists .css, .htm and .html only: other files are not served (IIS's 404.3).
        let unlisted = try client.get("/notes.txt", host: "localhost")
        #expect(unlisted.status == 404 && unlisted.text.contains("has no <staticContent><mimeMap>"))
        #expect(css.header("X-Powered-By") == "ASP.NET", "the fixture's httpProtocol customHeaders")
        client.close()
        await server.shutdown()
    }

    /// Visual Studio's "Windows authentication" project: the site must not run open on Linux.
    @Test("a site that enables Windows authentication does not start unless allowed", .enabled(if: executable() != nil))
    func windowsAuthenticationStopsTheSite() async throws {
        let copy = try ScratchDirectory.make("iisx") + "/applicationhost.config"
        let text = try String(contentsOfFile: IISExpressFixture.config, encoding: .utf8)
            .replacingOccurrences(of: "<windowsAuthentication enabled=\"false\" />\n                    <anonymousAuthentication enabled=\"true\" />",
                                  with: "<windowsAuthentication enabled=\"true\" />\n                    <anonymousAuthentication enabled=\"false\" />")
        try Data(text.utf8).write(to: URL(fileURLWithPath: copy))
        let arguments = ["check", "--config", copy] + IISExpressFixture.mapPathArguments(userHome: try ScratchDirectory.make("iisx"))
        let refused = try ServerProcess(arguments)
        #expect(await refused.waitForExit() == 1, "\(refused.text)")
        #expect(refused.text.contains("error: site 'Shop': <windowsAuthentication enabled=\"true\"> is not available on Linux"), "\(refused.text)")
        #expect(refused.text.contains("--allow-unavailable-authentication"))
        let allowed = try ServerProcess(arguments + ["--allow-unavailable-authentication"])
        #expect(await allowed.waitForExit() == 0, "\(allowed.text)")
        #expect(allowed.text.contains("authentication: windowsAuthentication (not available: not offered)"), "\(allowed.text)")
    }
}
