import Config
import Foundation
import Pipeline
import RequestLog
import Server
import SiteAssembly
import TestSupport
import Testing

/// IIS URL Rewrite rules in web.config files below the site root and in `<location path="Site/dir">`,
/// outbound rules rewriting a page and a header, and the W3C log's URL: over loopback.
@Suite("IIS URL Rewrite rules in web.config and outbound rules over loopback", .serialized)
struct URLRewriteWebConfigTests {
    static func config(location: String = "", webServer: String = "") -> String {
        """
        <configuration>
          <system.applicationHost><sites>
            <site name="Shop" id="7">
              <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
              <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
            </site>
          </sites></system.applicationHost>
          <system.webServer>
            <modules><add name="StaticFileModule"/><add name="RewriteModule"/><add name="ProtocolSupportModule"/></modules>
            \(webServer)
          </system.webServer>
          <location path="Shop/docs"><system.webServer><rewrite><rules>
            <rule name="Versioned"><match url="^v1/(.*)$"/><action type="Rewrite" url="current/{R:1}"/></rule>
          </rules></rewrite></system.webServer></location>
          \(location)
        </configuration>
        """
    }

    static func webConfig(_ rewrite: String) -> String {
        "<configuration><system.webServer><rewrite>\(rewrite)</rewrite></system.webServer></configuration>"
    }

    /// The site root's web.config rules see paths relative to the root; /blog's see them relative
    /// to /blog and run after the root's; /plain clears the inherited rules, /kept removes one.
    static let files: [String: String] = [
        "site/web.config": webConfig("""
            <rules>
              <rule name="First post"><match url="^blog/post/1$"/><action type="Rewrite" url="blog/post/2"/></rule>
              <rule name="Htm"><match url="^(.*)\\.htm$"/><action type="Rewrite" url="{R:1}.html"/></rule>
              <rule name="Logged"><match url="^logged/(.*)$"/><action type="Rewrite" url="x.html" logRewrittenUrl="true"/></rule>
            </rules>
            """),
        "site/blog/web.config": webConfig("""
            <rules>
              <rule name="Posts" stopProcessing="true"><match url="^post/([0-9]+)$"/><action type="Rewrite" url="posts/{R:1}.html"/></rule>
              <rule name="Not relative"><match url="^blog/"/><action type="CustomResponse" statusCode="418"/></rule>
            </rules>
            """),
        "site/plain/web.config": webConfig("<rules><clear/></rules>"),
        "site/kept/web.config": webConfig("<rules><remove name=\"Htm\"/><rule name=\"Own\"><match url=\"^own$\"/><action type=\"Rewrite\" url=\"x.html\"/></rule></rules>"),
        "site/x.html": "ROOT X\n",
        "site/blog/posts/2.html": "POST 2\n",
        "site/plain/x.html": "PLAIN X\n",
        "site/kept/x.html": "KEPT X\n",
        "site/docs/current/a.html": "DOCS A\n",
        "site/page.html": #"<html><body><a href="/article.aspx?id=42">t</a> <img src="/img/a.png"> <a href="/other">o</a></body></html>"#,
        "site/zipped/page.html": #"<a href="/article.aspx?id=42">t</a>"#,
    ]

    static func directory() throws -> String {
        let directory = try TemporaryConfig.directory()
        for (path, text) in files {
            let url = URL(fileURLWithPath: directory + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return directory
    }

    static func serving(_ xml: String, logs: W3CLogWriterSet? = nil, _ body: (TestClient, String) throws -> Void) async throws {
        let directory = try Self.directory()
        let options = PipelineOptions(logDirectory: directory + "/logs", logWriters: logs)
        let assembled = try ServerAssembler(options: options).assemble(TemporaryConfig.model(xml, in: directory))
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        defer { client.close() }
        do { try body(client, directory) } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    @Test func webConfigRulesMatchPathsRelativeToTheirDirectoryAfterTheirParents() async throws {
        try await Self.serving(Self.config()) { (client: TestClient, _: String) throws in
            #expect(try client.get("/x.htm").text == "ROOT X\n", "the root web.config's rule")
            // Root rule first (blog/post/1 -> blog/post/2), then /blog's, matching "post/2".
            #expect(try client.get("/blog/post/1").text == "POST 2\n")
            #expect(try client.get("/blog/post/2").text == "POST 2\n")
            #expect(try client.get("/blog/x").status == 404, "/blog's rules never see the 'blog/' prefix")
            #expect(try client.get("/docs/v1/a.html").text == "DOCS A\n", "<location path=\"Shop/docs\">")
        }
    }

    @Test func clearAndRemoveStopInheritedRules() async throws {
        try await Self.serving(Self.config()) { (client: TestClient, _: String) throws in
            #expect(try client.get("/plain/x.htm").status == 404, "<clear/>: the root's Htm rule does not apply")
            #expect(try client.get("/plain/x.html").text == "PLAIN X\n")
            #expect(try client.get("/kept/x.htm").status == 404, "<remove name=\"Htm\"/>")
            #expect(try client.get("/kept/own").text == "KEPT X\n", "its own rule runs")
            #expect(try client.get("/x.htm").text == "ROOT X\n", "the root still has it")
        }
    }

    /// The rules are compiled once per directory and kept with its configuration; a changed
    /// web.config is read again (the configuration's stat check) and its new rules apply.
    @Test func aChangedWebConfigIsReadAgain() async throws {
        try await Self.serving(Self.config()) { (client: TestClient, directory: String) throws in
            #expect(try client.get("/kept/own").text == "KEPT X\n")
            let file = directory + "/site/kept/web.config"
            try Data(Self.webConfig("<rules><rule name=\"Own\"><match url=\"^mine$\"/><action type=\"Rewrite\" url=\"x.html\"/></rule></rules>").utf8)
                .write(to: URL(fileURLWithPath: file))
            var served = false
            for _ in 0..<100 where !served {
                served = try client.get("/kept/mine").status == 200
                if !served { Thread.sleep(forTimeInterval: 0.1) }
            }
            #expect(served, "the new rule applies after the configuration check interval")
        }
    }

    static let outbound = """
        <rewrite><outboundRules>
          <preConditions>
            <preCondition name="IsHTML"><add input="{RESPONSE_CONTENT_TYPE}" pattern="^text/html"/></preCondition>
          </preConditions>
          <rule name="Articles" preCondition="IsHTML">
            <match filterByTags="A, Img" pattern="^/article\\.aspx\\?id=([0-9]+)$"/>
            <action type="Rewrite" value="/article/{R:1}"/>
          </rule>
          <rule name="Images" preCondition="IsHTML" stopProcessing="true">
            <match filterByTags="Img" pattern="^/img/(.*)$"/>
            <action type="Rewrite" value="https://cdn.test/{R:1}"/>
          </rule>
          <rule name="Backend header">
            <match serverVariable="RESPONSE_X_Backend" pattern="^internal-(.*)$"/>
            <action type="Rewrite" value="edge-{R:1}"/>
          </rule>
        </outboundRules></rewrite>
        <httpProtocol><customHeaders><add name="X-Backend" value="internal-7"/></customHeaders></httpProtocol>
        """

    @Test func outboundRulesRewriteAPageAndAHeader() async throws {
        try await Self.serving(Self.config(webServer: Self.outbound)) { (client: TestClient, _: String) throws in
            let page = try client.get("/page.html")
            #expect(page.status == 200)
            #expect(page.text == #"<html><body><a href="/article/42">t</a> <img src="https://cdn.test/a.png"> <a href="/other">o</a></body></html>"#)
            #expect(page.header("Content-Length") == String(page.body.count), "the length of the rewritten body")
            #expect(page.header("X-Backend") == "edge-7")
            let text = try client.get("/x.html")
            #expect(text.text == "ROOT X\n")
        }
    }

    /// IIS refuses to rewrite an encoded body (500.52); isapi-bridge sends it unchanged and logs why.
    @Test func anEncodedBodyIsSentUnchanged() async throws {
        let location = """
            <location path="Shop/zipped"><system.webServer><httpProtocol><customHeaders>
              <add name="Content-Encoding" value="gzip"/>
            </customHeaders></httpProtocol></system.webServer></location>
            """
        try await Self.serving(Self.config(location: location, webServer: Self.outbound)) { (client: TestClient, _: String) throws in
            let page = try client.get("/zipped/page.html")
            #expect(page.text == #"<a href="/article.aspx?id=42">t</a>"#)
        }
    }

    /// As IIS: cs-uri-stem shows the URL as received, unless the rule says logRewrittenUrl.
    @Test func theW3CLogShowsTheReceivedURLUnlessTheRuleSaysLogRewrittenUrl() async throws {
        let writers = W3CLogWriterSet()
        var logs = ""
        try await Self.serving(Self.config(), logs: writers) { (client: TestClient, directory: String) throws in
            logs = directory + "/logs"
            #expect(try client.get("/x.htm").text == "ROOT X\n")
            #expect(try client.get("/logged/a").text == "ROOT X\n")
        }
        writers.flushAll()
        let file = logs + "/W3SVC7/" + W3CLogEntry.fileName(for: Date())
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\r\n").filter { !$0.hasPrefix("#") }
        #expect(lines.map { $0.split(separator: " ")[4] } == ["/x.htm", "/x.html"])
    }
}
