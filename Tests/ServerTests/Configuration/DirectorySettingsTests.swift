import Config
import Foundation
import Pipeline
import Server
import SiteAssembly
import Synchronization
import TestSupport
import Testing

/// Records `status.substatus` of every finished request, in order (what the W3C log's
/// sc-status and sc-substatus would hold).
final class SubstatusLog: RequestObserver {
    private let entries = Mutex<[String]>([])
    func requestCompleted(_ context: HttpContext) {
        let text = "\(context.response.status).\(context.response.subStatus)"
        entries.withLock { $0.append(text) }
    }
    var all: [String] { entries.withLock { $0 } }
    var last: String? { all.last }

    /// Waits (up to 5 s) until `count` requests are recorded: the server records a request just
    /// after its response went out, so right after reading a response its entry may still be on its way.
    func waitFor(_ count: Int) {
        for _ in 0..<5000 where entries.withLock({ $0.count }) < count { usleep(1000) }
    }
}

/// A `TestClient` whose every response is recorded in `log` before the call returns, so that
/// `log.last` is the entry of the response just read.
final class LoggedClient {
    let client: TestClient
    let log: SubstatusLog
    private var responses = 0

    init(_ client: TestClient, log: SubstatusLog) {
        self.client = client
        self.log = log
    }

    func get(_ path: String, headers: [String] = [], method: String = "GET") throws -> TestResponse {
        try send(TestClient.request(method, path, headers: headers))
        return try readResponse(isHead: method == "HEAD")
    }

    func send(_ text: String) throws { try client.send(text) }

    func readResponse(isHead: Bool = false) throws -> TestResponse {
        let response = try client.readResponse(isHead: isHead)
        responses += 1
        log.waitFor(responses)
        return response
    }
}

/// A site "Shop" with the root application in `site` and the application `/app` in `app`;
/// `<modules>` and `<handlers>` are unlocked for web.config files (as IIS Express's
/// `<location path="" overrideMode="Allow">` does).
func directoryConfig(webServer: String = "", rootLevel: String = "") -> String {
    """
    <configuration>
      <system.applicationHost>
        <sites>
          <site name="Shop" id="7">
            <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
            <application path="/app"><virtualDirectory path="/" physicalPath="app"/></application>
            <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
          </site>
        </sites>
      </system.applicationHost>
      \(rootLevel)
      <location path="" overrideMode="Allow">
        <system.webServer>
          <modules>
            <add name="StaticFileModule"/><add name="DefaultDocumentModule"/><add name="ProtocolSupportModule"/>
            <add name="RequestFilteringModule"/><add name="CustomErrorModule"/>
          </modules>
          <handlers>
            <add name="StaticFile" path="*" verb="GET,HEAD" modules="StaticFileModule"/>
          </handlers>
          \(webServer)
        </system.webServer>
      </location>
    </configuration>
    """
}

/// Writes `files`, serves `xml` and records each request's status and substatus.
func servingRecordingSubstatus(_ xml: String, files: [String: String], _ body: (LoggedClient, SubstatusLog) throws -> Void) async throws {
    let directory = try TemporaryConfig.directory()
    for (path, text) in files {
        let url = URL(fileURLWithPath: directory + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    let log = SubstatusLog()
    let options = PipelineOptions(observers: [log], webConfigCheckInterval: .zero)
    let assembled = try ServerAssembler(options: options).assemble(TemporaryConfig.model(xml, in: directory))
    let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
    let port = try #require(try await server.start().first)
    let client = try TestClient(port: port)
    defer { client.close() }
    do { try body(LoggedClient(client, log: log), log) } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// IIS configuration reference: `requestFiltering`, `handlers` and `modules` may be set in a
/// web.config (once unlocked) and then apply to that directory and below, not to its parents.
@Suite("request filtering, handlers and modules per directory over loopback", .serialized)
struct DirectorySettingsTests {
    @Test func requestFilteringInAWebConfigAppliesToItsDirectoryOnly() async throws {
        let files = [
            "site/secret/a.txt": "root secret\n", "site/x.bak": "root bak\n",
            "app/secret/a.txt": "app secret\n", "app/x.bak": "app bak\n", "app/a.txt": "app\n",
            "app/web.config": """
                <configuration><system.webServer><security><requestFiltering>
                  <hiddenSegments><add segment="secret"/></hiddenSegments>
                  <fileExtensions><add fileExtension=".bak" allowed="false"/></fileExtensions>
                  <denyQueryStringSequences><add sequence="drop table"/></denyQueryStringSequences>
                </requestFiltering></security></system.webServer></configuration>
                """,
        ]
        try await servingRecordingSubstatus(directoryConfig(), files: files) { client, log in
            #expect(try client.get("/secret/a.txt").text == "root secret\n")
            #expect(try client.get("/x.bak").text == "root bak\n")
            #expect(try client.get("/?q=drop%20table").status == 200)
            let hidden = try client.get("/app/secret/a.txt")
            #expect(hidden.status == 404 && !hidden.text.contains("app secret"))
            #expect(log.last == "404.8")
            #expect(try client.get("/APP/x.bak").status == 404)
            #expect(log.last == "404.7")
            #expect(try client.get("/app/a.txt?q=DROP%20TABLE").status == 404)
            #expect(log.last == "404.18")
            #expect(try client.get("/app/a.txt").text == "app\n")
        }
    }

    @Test func aLocationPathBelowTheSiteRootSetsRequestFilteringThere() async throws {
        let location = """
            <location path="Shop/uploads"><system.webServer><security><requestFiltering>
              <requestLimits maxAllowedContentLength="10"/>
              <verbs><add verb="POST" allowed="false"/></verbs>
            </requestFiltering></security></system.webServer></location>
            """
        try await servingRecordingSubstatus(directoryConfig(rootLevel: location), files: ["site/uploads/a.txt": "up\n", "site/a.txt": "root\n"]) { client, log in
            try client.send(TestClient.request("POST", "/uploads/a.txt", body: "x"))
            #expect(try client.readResponse().status == 404)
            #expect(log.last == "404.6")
            try client.send(TestClient.request("GET", "/uploads/a.txt", headers: ["Content-Length: 11"]) + "01234567890")
            #expect(try client.readResponse().status == 404)
            #expect(log.last == "404.13")
            try client.send(TestClient.request("POST", "/a.txt", body: "01234567890"))
            #expect(try client.readResponse().status == 405, "the root keeps the site's filtering; its handler allows GET and HEAD")
            #expect(try client.get("/uploads/a.txt").text == "up\n")
        }
    }

    @Test func aWebConfigReplacesTheHandlerMappingOfItsDirectory() async throws {
        let files = [
            "site/a.html": "root html\n", "app/a.txt": "app text\n", "app/a.html": "app html\n",
            "app/web.config": """
                <configuration><system.webServer><handlers>
                  <clear/>
                  <add name="TextOnly" path="*.txt" verb="GET" modules="StaticFileModule"/>
                </handlers></system.webServer></configuration>
                """,
        ]
        try await servingRecordingSubstatus(directoryConfig(), files: files) { client, log in
            #expect(try client.get("/a.html").text == "root html\n")
            #expect(try client.get("/app/a.txt").text == "app text\n")
            let unmapped = try client.get("/app/a.html")
            #expect(unmapped.status == 404 && !unmapped.text.contains("app html"))
            #expect(log.last == "404.4", "no handler maps *.html in /app")
            #expect(try client.get("/app/a.txt", method: "HEAD").status == 405, "the directory's handler lists GET only")
        }
    }

    @Test func aModuleRemovedInAWebConfigDoesNotRunThere() async throws {
        let files = [
            "site/index.htm": "root index\n", "app/index.htm": "app index\n", "app/a.txt": "app\n",
            "app/web.config": """
                <configuration><system.webServer><modules><remove name="DefaultDocumentModule"/></modules></system.webServer></configuration>
                """,
        ]
        let sections = "<defaultDocument><files><clear/><add value=\"index.htm\"/></files></defaultDocument>"
        try await servingRecordingSubstatus(directoryConfig(webServer: sections), files: files) { client, _ in
            #expect(try client.get("/").text == "root index\n")
            let app = try client.get("/app/")
            #expect(app.status != 200 || app.text != "app index\n", "DefaultDocumentModule is removed in /app: \(app.statusLine) \(app.text)")
            #expect(try client.get("/app/a.txt").text == "app\n")
        }
    }

    @Test func removingStaticFileModuleInAWebConfigStopsFilesThere() async throws {
        let files = [
            "site/a.txt": "root\n", "app/a.txt": "app\n",
            "app/web.config": "<configuration><system.webServer><modules><remove name=\"StaticFileModule\"/></modules></system.webServer></configuration>",
        ]
        try await servingRecordingSubstatus(directoryConfig(), files: files) { client, log in
            #expect(try client.get("/a.txt").text == "root\n")
            let app = try client.get("/app/a.txt")
            #expect(app.status == 500 && app.text.contains("'StaticFileModule'"), "\(app.statusLine) \(app.text)")
            #expect(log.last == "500.21", "IIS's bad-module answer")
        }
    }

    /// Visual Studio's web.config for an ASP.NET Core app: the aspNetCore handler gets a clear
    /// 500.21 naming what is missing, the rest of the site is served.
    @Test func anASPNETCoreWebConfigAnswers500_21NotACrash() async throws {
        let files = [
            "site/a.txt": "root\n", "app/wwwroot/app.css": "css\n",
            "app/web.config": """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <location path="." inheritInChildApplications="false">
                    <system.webServer>
                      <handlers>
                        <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified" />
                      </handlers>
                      <aspNetCore processPath="dotnet" arguments=".\\Shop.dll" stdoutLogEnabled="false" stdoutLogFile=".\\logs\\stdout" hostingModel="inprocess" />
                    </system.webServer>
                  </location>
                </configuration>
                """,
        ]
        try await servingRecordingSubstatus(directoryConfig(), files: files) { client, log in
            let page = try client.get("/app/Home/Index")
            #expect(page.status == 500)
            #expect(log.last == "500.21")
            #expect(page.text.contains("'aspNetCore'") && page.text.contains("ASP.NET Core"), "\(page.text)")
            #expect(try client.get("/a.txt").text == "root\n", "the rest of the site is served")
        }
    }

    /// A static site's web.config as Visual Studio and hosting panels write it: MIME types,
    /// default document, custom headers and an error page.
    @Test func aStaticSiteWebConfigIsServed() async throws {
        let files = [
            "app/index.html": "<h1>static</h1>\n", "app/data.json": "{}\n", "app/font.woff2": "font",
            "app/404.html": "<h1>not here</h1>\n",
            "app/web.config": """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration>
                  <system.webServer>
                    <staticContent>
                      <remove fileExtension=".json" />
                      <mimeMap fileExtension=".json" mimeType="application/json" />
                      <mimeMap fileExtension=".woff2" mimeType="font/woff2" />
                    </staticContent>
                    <defaultDocument><files><clear /><add value="index.html" /></files></defaultDocument>
                    <httpProtocol><customHeaders><add name="X-Content-Type-Options" value="nosniff" /></customHeaders></httpProtocol>
                    <httpErrors errorMode="Custom" existingResponse="Replace">
                      <remove statusCode="404" />
                      <error statusCode="404" path="/app/404.html" responseMode="ExecuteURL" />
                    </httpErrors>
                  </system.webServer>
                </configuration>
                """,
        ]
        // The server level lists MIME types, as IIS's applicationHost.config does; the web.config adds two.
        let types = """
            <staticContent><mimeMap fileExtension=".html" mimeType="text/html"/><mimeMap fileExtension=".json" mimeType="text/json"/></staticContent>
            """
        try await servingRecordingSubstatus(directoryConfig(webServer: types), files: files) { client, _ in
            let home = try client.get("/app/")
            #expect(home.text == "<h1>static</h1>\n")
            #expect(home.header("X-Content-Type-Options") == "nosniff")
            #expect(try client.get("/app/data.json").header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(try client.get("/app/font.woff2").header("Content-Type") == "font/woff2")
            let missing = try client.get("/app/nothing.html")
            #expect(missing.status == 404 && missing.text == "<h1>not here</h1>\n")
        }
    }
}
