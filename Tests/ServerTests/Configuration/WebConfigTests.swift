import Config
import Foundation
import Pipeline
import Server
import SiteAssembly
import TestSupport
import Testing

/// A site with an application `/app` (its own directory) holding a virtual directory `/app/img`.
private func applicationsConfig(_ extra: String = "", webServer: String = "", locations: String = "") -> String {
    """
    <configuration>
      <system.applicationHost>
        <applicationPools><add name="DefaultAppPool"/><add name="ShopPool"/></applicationPools>
        <sites>
          <site name="Shop" id="7">
            <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
            <application path="/app" applicationPool="ShopPool">
              <virtualDirectory path="/" physicalPath="app"/>
              <virtualDirectory path="/img" physicalPath="pictures"/>
            </application>
            <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
          </site>
        </sites>
      </system.applicationHost>
      <system.webServer>
        <modules>
          <add name="StaticFileModule"/><add name="DefaultDocumentModule"/><add name="HttpRedirectionModule"/>
          <add name="UrlAuthorizationModule"/><add name="ProtocolSupportModule"/><add name="IpRestrictionModule"/>
          <add name="AnonymousAuthenticationModule"/><add name="DirectoryListingModule"/>
        </modules>
        \(webServer)
      </system.webServer>
      \(locations)
    </configuration>
    """
}

/// Writes `files` (relative to the config directory) and serves `xml` with `options`.
private func serving(_ xml: String, files: [String: String], options: PipelineOptions = PipelineOptions(webConfigCheckInterval: .zero),
                     reader: ConfigReader = ConfigReader().withURLRewrite(), _ body: (TestClient, String) throws -> Void) async throws {
    let directory = try TemporaryConfig.directory()
    for (path, text) in files { try write(text, to: directory + "/" + path) }
    let file = directory + "/applicationHost.config"
    try Data(xml.utf8).write(to: URL(fileURLWithPath: file))
    var model = try reader.read(file: file)
    model.overrideBindings(port: 0)
    let assembled = try ServerAssembler(options: options).assemble(model)
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

private func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

/// IIS configuration reference: `<application>`, `<virtualDirectory>`, and web.config files
/// ("Configuration files in IIS 7 and later": web.config at any level of the URL, merged parent to
/// child; `<location path>`; `<clear/>`/`<remove>`; section locking with `overrideMode`).
@Suite("applications, virtual directories and web.config over loopback", .serialized)
struct WebConfigTests {
    @Test func eachApplicationAndVirtualDirectoryServesItsOwnDirectory() async throws {
        let files = ["site/a.txt": "root\n", "app/a.txt": "app\n", "pictures/a.txt": "picture\n", "site/app/a.txt": "shadowed\n"]
        try await serving(applicationsConfig(), files: files) { (client: TestClient, _: String) throws in
            #expect(try client.get("/a.txt").text == "root\n")
            #expect(try client.get("/app/a.txt").text == "app\n")
            #expect(try client.get("/APP/a.txt").text == "app\n")
            #expect(try client.get("/app/img/a.txt").text == "picture\n")
            #expect(try client.get("/app/IMG/a.txt").text == "picture\n")
            #expect(try client.get("/app/img/../a.txt").text == "app\n")
        }
    }

    @Test func webConfigSectionsApplyToTheirDirectoryAndBelowMergedParentToChild() async throws {
        let files = [
            "site/web.config": """
                <configuration><system.webServer>
                  <defaultDocument><files><clear/><add value="home.htm"/></files></defaultDocument>
                  <httpProtocol><customHeaders><add name="X-Level" value="root"/><add name="X-Root-Only" value="yes"/></customHeaders></httpProtocol>
                </system.webServer><system.web><compilation debug="true"/></system.web></configuration>
                """,
            "site/home.htm": "root home\n",
            "site/sub/home.htm": "sub home\n",
            "site/sub/start.htm": "sub start\n",
            "site/sub/web.config": """
                <configuration><system.webServer>
                  <defaultDocument><files><add value="start.htm"/><remove value="home.htm"/></files></defaultDocument>
                  <httpProtocol><customHeaders><remove name="X-Root-Only"/><add name="X-Sub" value="1"/></customHeaders></httpProtocol>
                </system.webServer></configuration>
                """,
            "app/home.htm": "app home\n",
        ]
        try await serving(applicationsConfig(), files: files) { (client: TestClient, _: String) throws in
            let root = try client.get("/")
            #expect(root.text == "root home\n")
            #expect(root.header("X-Level") == "root" && root.header("X-Root-Only") == "yes")
            let sub = try client.get("/sub/")
            #expect(sub.text == "sub start\n")
            #expect(sub.header("X-Level") == "root" && sub.header("X-Sub") == "1" && sub.header("X-Root-Only") == nil)
            // The application /app lies below the root: the root's web.config applies to it too (as IIS).
            let app = try client.get("/app/")
            #expect(app.text == "app home\n" && app.header("X-Level") == "root")
        }
    }

    @Test func aLocationInAWebConfigAppliesToItsPath() async throws {
        let files = [
            "site/web.config": """
                <configuration>
                  <location path="private"><system.webServer>
                    <security><authorization><clear/><add accessType="Deny" users="?"/></authorization></security>
                  </system.webServer></location>
                  <location path="admin.txt"><system.webServer>
                    <security><authorization><add accessType="Deny" users="?"/></authorization></security>
                  </system.webServer></location>
                </configuration>
                """,
            "site/private/a.txt": "secret\n",
            "site/admin.txt": "admin\n",
            "site/sub/web.config": """
                <configuration><location path="Page.txt"><system.webServer>
                  <security><authorization><add accessType="Deny" users="*"/></authorization></security>
                </system.webServer></location></configuration>
                """,
            "site/sub/page.txt": "page\n",
            "site/sub/other.txt": "other\n",
            "site/public/a.txt": "open\n",
        ]
        try await serving(applicationsConfig(), files: files) { (client: TestClient, _: String) throws in
            #expect(try client.get("/public/a.txt").status == 200)
            let denied = try client.get("/private/a.txt")
            #expect(denied.status == 401)
            #expect(!denied.text.contains("secret"))
            // A location naming a file applies to that file (compared ignoring case), not its neighbours.
            #expect(try client.get("/admin.txt").status == 401)
            #expect(try client.get("/sub/page.txt").status == 401)
            #expect(try client.get("/sub/other.txt").text == "other\n")
        }
    }

    /// A malformed web.config: 500.19 for its directory (and below), the file and line in the
    /// detailed (local) answer; other directories are served.
    @Test func aMalformedWebConfigAnswers500_19ForItsDirectoryOnly() async throws {
        let files = [
            "site/broken/web.config": "<configuration>\n<system.webServer>\n<defaultDocument>\n</system.webServer></configuration>",
            "site/broken/a.txt": "hidden\n",
            "site/broken/deeper/a.txt": "hidden\n",
            "site/fine/a.txt": "fine\n",
            "site/fine/web.config": "<configuration><system.webServer><directoryBrowse enabled=\"maybe\"/></system.webServer></configuration>",
            "site/ok/a.txt": "ok\n",
        ]
        try await serving(applicationsConfig(), files: files) { (client: TestClient, directory: String) throws in
            let broken = try client.get("/broken/a.txt")
            #expect(broken.status == 500)
            #expect(broken.statusLine.contains("500"))
            #expect(broken.text.contains("500.19"))
            #expect(broken.text.contains(directory + "/site/broken/web.config:"))
            #expect(try client.get("/broken/deeper/a.txt").status == 500)
            // An invalid value is as bad as bad XML (IIS: 500.19 naming the attribute).
            let invalid = try client.get("/fine/a.txt")
            #expect(invalid.status == 500 && invalid.text.contains("enabled=\"maybe\""))
            #expect(try client.get("/ok/a.txt").text == "ok\n")
            #expect(try client.get("/a.txt").status == 404)
        }
    }

    /// IIS locks the authentication sections at applicationHost.config (overrideModeDefault="Deny"):
    /// a web.config that sets one gets 500.19, unless a `<location overrideMode="Allow">` unlocks it.
    @Test func authenticationInAWebConfigIsLockedUnlessUnlocked() async throws {
        let webConfig = """
            <configuration><system.webServer><security><authentication>
              <anonymousAuthentication enabled="false"/>
            </authentication></security></system.webServer></configuration>
            """
        let files = ["app/web.config": webConfig, "app/a.txt": "app\n", "site/a.txt": "root\n"]
        try await serving(applicationsConfig(), files: files) { (client: TestClient, _: String) throws in
            let locked = try client.get("/app/a.txt")
            #expect(locked.status == 500)
            #expect(locked.text.contains("system.webServer/security/authentication/anonymousAuthentication"))
            #expect(locked.text.contains("locked"))
            #expect(try client.get("/a.txt").text == "root\n")
        }
        let unlocked = applicationsConfig(locations: """
            <location path="Shop/app" overrideMode="Allow"><system.webServer><security><authentication>
              <anonymousAuthentication enabled="true"/>
            </authentication></security></system.webServer></location>
            """)
        try await serving(unlocked, files: files) { (client: TestClient, _: String) throws in
            let closed = try client.get("/app/a.txt")
            #expect(closed.status == 401, "\(closed.statusLine) \(closed.text)")
            #expect(try client.get("/a.txt").status == 200)
        }
    }

    /// Requests filtering and other Allow sections may be set in a web.config; a parent that locks
    /// one with `<location overrideMode="Deny">` makes the child's use of it an error.
    @Test func aLocationWithOverrideModeDenyLocksASection() async throws {
        let files = [
            "app/web.config": "<configuration><system.webServer><directoryBrowse enabled=\"true\"/></system.webServer></configuration>",
            "app/a.txt": "app\n",
        ]
        let locked = applicationsConfig(locations: """
            <location path="Shop" overrideMode="Deny"><system.webServer><directoryBrowse enabled="false"/></system.webServer></location>
            """)
        try await serving(locked, files: files) { (client: TestClient, _: String) throws in
            #expect(try client.get("/app/a.txt").status == 500)
        }
        try await serving(applicationsConfig(), files: files) { (client: TestClient, _: String) throws in
            #expect(try client.get("/app/a.txt").text == "app\n")
        }
    }

    @Test func aChangedWebConfigTakesEffectWithoutARestart() async throws {
        let files = ["site/dir/a.txt": "a\n"]
        try await serving(applicationsConfig(), files: files) { (client: TestClient, directory: String) throws in
            #expect(try client.get("/dir/a.txt").header("X-Version") == nil)
            try write("<configuration><system.webServer><httpProtocol><customHeaders><add name=\"X-Version\" value=\"1\"/></customHeaders></httpProtocol></system.webServer></configuration>",
                      to: directory + "/site/dir/web.config")
            #expect(try client.get("/dir/a.txt").header("X-Version") == "1")
            try write("<configuration><system.webServer><httpProtocol><customHeaders><add name=\"X-Version\" value=\"second\"/></customHeaders></httpProtocol></system.webServer></configuration>",
                      to: directory + "/site/dir/web.config")
            #expect(try client.get("/dir/a.txt").header("X-Version") == "second")
            try FileManager.default.removeItem(atPath: directory + "/site/dir/web.config")
            #expect(try client.get("/dir/a.txt").header("X-Version") == nil)
        }
    }

    /// `allowSubDirConfig="false"`: web.config files below the virtual directory's own are not read.
    @Test func allowSubDirConfigFalseSkipsSubdirectoryWebConfigs() async throws {
        let xml = applicationsConfig().replacingOccurrences(of: "<virtualDirectory path=\"/\" physicalPath=\"site\"/>",
                                                            with: "<virtualDirectory path=\"/\" physicalPath=\"site\" allowSubDirConfig=\"false\"/>")
        let files = [
            "site/web.config": "<configuration><system.webServer><httpProtocol><customHeaders><add name=\"X-Root\" value=\"1\"/></customHeaders></httpProtocol></system.webServer></configuration>",
            "site/sub/web.config": "<configuration><system.webServer><httpProtocol><customHeaders><add name=\"X-Sub\" value=\"1\"/></customHeaders></httpProtocol></system.webServer></configuration>",
            "site/sub/a.txt": "a\n",
        ]
        try await serving(xml, files: files) { (client: TestClient, _: String) throws in
            let response = try client.get("/sub/a.txt")
            #expect(response.header("X-Root") == "1" && response.header("X-Sub") == nil)
        }
    }

    /// `<httpRedirect>` in a web.config: relative to its directory; `exactDestination` with `$V`,
    /// `$S`, `$Q` and `$P` (IIS configuration reference, httpRedirect).
    @Test func httpRedirectInAWebConfigExpandsItsVariables() async throws {
        let files = [
            "site/old/web.config": """
                <configuration><system.webServer>
                  <httpRedirect enabled="true" destination="http://new.test/archive" httpResponseStatus="Permanent"/>
                </system.webServer></configuration>
                """,
            "site/exact/web.config": """
                <configuration><system.webServer>
                  <httpRedirect enabled="true" exactDestination="true" destination="http://new.test/v$V/s$S$Q;p=$P"/>
                </system.webServer></configuration>
                """,
            "site/a.txt": "root\n",
        ]
        try await serving(applicationsConfig(), files: files) { (client: TestClient, _: String) throws in
            let moved = try client.get("/old/page.htm?x=1")
            #expect(moved.status == 301)
            #expect(moved.header("Location") == "http://new.test/archive/page.htm?x=1")
            let exact = try client.get("/exact/in/page.htm?x=1")
            #expect(exact.status == 302)
            #expect(exact.header("Location") == "http://new.test/v/exact/in/page.htm/s/in/page.htm?x=1;p=x=1")
            #expect(try client.get("/a.txt").status == 200)
        }
    }

    /// IIS IP and Domain Restrictions (`<ipSecurity>`): the first matching entry decides; unlisted
    /// addresses follow `allowUnlisted`; `denyAction` picks the answer. The test client is 127.0.0.1.
    @Test func ipSecurityRefusesDeniedAddressesWithTheDenyAction() async throws {
        func config(_ section: String) -> String {
            applicationsConfig(locations: """
                <location path="Shop" overrideMode="Allow"><system.webServer><security>\(section)</security></system.webServer></location>
                """)
        }
        let files = ["site/a.txt": "root\n", "app/a.txt": "app\n"]
        try await serving(config("<ipSecurity><add ipAddress=\"127.0.0.1\" allowed=\"false\"/></ipSecurity>"), files: files) { (client: TestClient, _: String) throws in
            let refused = try client.get("/a.txt")
            #expect(refused.status == 403 && !refused.text.contains("root"))
        }
        try await serving(config("<ipSecurity allowUnlisted=\"false\" denyAction=\"NotFound\"><add ipAddress=\"10.0.0.0\" subnetMask=\"255.0.0.0\" allowed=\"true\"/></ipSecurity>"),
                          files: files) { (client: TestClient, _: String) throws in
            #expect(try client.get("/a.txt").status == 404)
        }
        try await serving(config("<ipSecurity allowUnlisted=\"false\"><add ipAddress=\"127.0.0.0\" subnetMask=\"8\" allowed=\"true\"/></ipSecurity>"),
                          files: files) { (client: TestClient, _: String) throws in
            #expect(try client.get("/a.txt").text == "root\n")
        }
        // In the application's web.config once the site unlocks the section.
        var withWebConfig = files
        withWebConfig["app/web.config"] = "<configuration><system.webServer><security><ipSecurity denyAction=\"Unauthorized\"><add ipAddress=\"127.0.0.1\" allowed=\"false\"/></ipSecurity></security></system.webServer></configuration>"
        try await serving(config("<ipSecurity allowUnlisted=\"true\"/>"), files: withWebConfig) { (client: TestClient, _: String) throws in
            let closed = try client.get("/app/a.txt")
            #expect(closed.status == 401, "\(closed.statusLine) \(closed.text)")
            #expect(try client.get("/a.txt").status == 200)
        }
    }

    @Test func abortRequestClosesTheConnectionWithoutAnAnswer() async throws {
        let xml = applicationsConfig(webServer: "<security><ipSecurity denyAction=\"AbortRequest\"><add ipAddress=\"127.0.0.1\" allowed=\"false\"/></ipSecurity></security>")
        try await serving(xml, files: ["site/a.txt": "root\n"]) { (client: TestClient, _: String) throws in
            try client.send("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.bytesUntilClose().isEmpty)
        }
    }

    /// A directory's settings are found by its path's bytes up to the last `/`, non-ASCII names
    /// included, and a changed web.config is read again (the entry replaced after each check).
    @Test func aNonASCIIDirectoryKeepsItsWebConfigAndSeesItChange() async throws {
        func header(_ value: String) -> String {
            "<configuration><system.webServer><httpProtocol><customHeaders><add name=\"X-Dir\" value=\"\(value)\"/></customHeaders></httpProtocol></system.webServer></configuration>"
        }
        let files = [
            "site/caf\u{E9}/web.config": header("cafe"),
            "site/caf\u{E9}/a.txt": "a\n",
            "site/caf\u{E9}/inner/b.txt": "b\n",
            "site/cafe/c.txt": "c\n",
        ]
        try await serving(applicationsConfig(), files: files) { (client: TestClient, directory: String) throws in
            #expect(try client.get("/caf%C3%A9/a.txt").header("X-Dir") == "cafe")
            #expect(try client.get("/caf%C3%A9/inner/b.txt").header("X-Dir") == "cafe")
            let plain = try client.get("/cafe/c.txt")
            #expect(plain.text == "c\n" && plain.header("X-Dir") == nil)
            try write(header("changed-value"), to: directory + "/site/caf\u{E9}/web.config")
            #expect(try client.get("/caf%C3%A9/a.txt").header("X-Dir") == "changed-value")
        }
    }
}
