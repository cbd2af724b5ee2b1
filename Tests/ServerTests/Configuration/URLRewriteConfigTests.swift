import Config
import Foundation
import Server
import SiteAssembly
import TestSupport
import Testing

/// IIS URL Rewrite rules in applicationHost.config (`<globalRules>` at server level, `<rules>` in the
/// site's `<location>`), served over loopback by the static file handler.
@Suite("IIS URL Rewrite rules in applicationHost.config over loopback", .serialized)
struct URLRewriteConfigTests {
    static func config(global: String = "", site: String, modules: String = "<add name=\"StaticFileModule\"/><add name=\"RewriteModule\"/>") -> String {
        """
        <configuration>
          <system.applicationHost><sites>
            <site name="Shop" id="7">
              <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
              <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
            </site>
          </sites></system.applicationHost>
          <system.webServer>
            <modules>\(modules)</modules>
            <rewrite><globalRules>\(global)</globalRules></rewrite>
          </system.webServer>
          <location path="Shop"><system.webServer><rewrite>
            <rewriteMaps>
              <rewriteMap name="Products" defaultValue="">
                <add key="/kettle" value="/new/kettle.html"/>
              </rewriteMap>
            </rewriteMaps>
            <rules>\(site)</rules>
          </rewrite></system.webServer></location>
        </configuration>
        """
    }

    static let siteRules = """
        <rule name="Canonical host" stopProcessing="true">
          <match url="(.*)"/>
          <conditions><add input="{HTTP_HOST}" pattern="^(www\\.shop\\.test|localhost)$" negate="true"/></conditions>
          <action type="Redirect" url="http://www.shop.test/{R:1}"/>
        </rule>
        <rule name="Old to new"><match url="^old/(.*)$"/><action type="Rewrite" url="new/{R:1}"/></rule>
        <rule name="Friendly products" stopProcessing="true">
          <match url=".*"/>
          <conditions><add input="{Products:{REQUEST_URI}}" pattern="(.+)"/></conditions>
          <action type="Rewrite" url="{C:1}"/>
        </rule>
        <rule name="Admin" stopProcessing="true">
          <match url="^admin" ignoreCase="true"/>
          <action type="CustomResponse" statusCode="403" subStatusCode="6" statusReason="Forbidden by rule" statusDescription="No admin here"/>
        </rule>
        <rule name="Backend"><match url="^api/(.*)"/><action type="Rewrite" url="http://127.0.0.1:9/{R:1}"/></rule>
        """

    static let globalRules = """
        <rule name="Block bots" stopProcessing="true"><match url="^wp-login"/><action type="AbortRequest"/></rule>
        <rule name="Legacy prefix"><match url="^legacy/(.*)$"/><action type="Rewrite" url="old/{R:1}"/></rule>
        """

    static func serving(_ xml: String, _ body: (TestClient) throws -> Void) async throws {
        let directory = try TemporaryConfig.directory()
        try FileManager.default.createDirectory(atPath: directory + "/site/new", withIntermediateDirectories: true)
        try Data("NEW A\n".utf8).write(to: URL(fileURLWithPath: directory + "/site/new/a.html"))
        try Data("KETTLE\n".utf8).write(to: URL(fileURLWithPath: directory + "/site/new/kettle.html"))
        try await servingConfig(xml, in: directory, body)
    }

    @Test func aRewriteChangesWhatTheStaticHandlerServes() async throws {
        try await Self.serving(Self.config(global: Self.globalRules, site: Self.siteRules)) { (client: TestClient) throws in
            #expect(try client.get("/old/a.html").text == "NEW A\n")
            #expect(try client.get("/OLD/a.html").text == "NEW A\n")
            #expect(try client.get("/new/a.html").text == "NEW A\n")
            #expect(try client.get("/kettle").text == "KETTLE\n")
            #expect(try client.get("/missing.html").status == 404)
        }
    }

    /// Global rules run first; the site's rules then see the URL they rewrote.
    @Test func globalRulesRunBeforeTheSiteRules() async throws {
        try await Self.serving(Self.config(global: Self.globalRules, site: Self.siteRules)) { (client: TestClient) throws in
            #expect(try client.get("/legacy/a.html").text == "NEW A\n")
        }
    }

    @Test func aRedirectAnswersWithTheStatusAndLocation() async throws {
        try await Self.serving(Self.config(site: Self.siteRules)) { (client: TestClient) throws in
            let response = try client.get("/page?x=1", host: "shop.test")
            #expect(response.status == 301)
            #expect(response.header("Location") == "http://www.shop.test/page?x=1")
        }
    }

    @Test func customResponseAndReverseProxyAnswers() async throws {
        try await Self.serving(Self.config(site: Self.siteRules)) { (client: TestClient) throws in
            let admin = try client.get("/Admin/users")
            #expect(admin.status == 403)
            #expect(admin.statusLine.contains("Forbidden by rule"))
            #expect(admin.text == "No admin here")
            // A Rewrite to http://... needs a proxy (ARR), which isapi-bridge does not have yet.
            #expect(try client.get("/api/items").status == 502)
            #expect(try client.get("/new/a.html").status == 200)
        }
    }

    @Test func abortRequestClosesTheConnectionWithoutAnAnswer() async throws {
        try await Self.serving(Self.config(global: Self.globalRules, site: Self.siteRules)) { (client: TestClient) throws in
            try client.send(TestClient.request("GET", "/wp-login.php"))
            #expect(try client.bytesUntilClose().isEmpty)
        }
    }

    /// As in IIS, the rules run only where RewriteModule is enabled; `check` says so.
    @Test func withoutRewriteModuleTheRulesDoNotRunAndAWarningSaysWhy() async throws {
        let xml = Self.config(site: Self.siteRules, modules: "<add name=\"StaticFileModule\"/>")
        let directory = try TemporaryConfig.directory()
        let assembled = try ServerAssembler().assemble(TemporaryConfig.model(xml, in: directory))
        #expect(assembled.warnings.contains { $0.message.contains("RewriteModule") })
        try await Self.serving(xml) { (client: TestClient) throws in
            #expect(try client.get("/old/a.html").status == 404)
        }
    }
}
