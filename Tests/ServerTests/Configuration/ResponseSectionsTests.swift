import Config
import Foundation
import Server
import SiteAssembly
import TestSupport
import Testing

private func site(_ webServer: String, modules: String = "<add name=\"StaticFileModule\"/><add name=\"DefaultDocumentModule\"/>") -> String {
    """
    <configuration>
      <system.applicationHost><sites>
        <site name="Docs" id="4">
          <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
          <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
        </site>
      </sites></system.applicationHost>
      <system.webServer>
        <modules>\(modules)</modules>
        \(webServer)
      </system.webServer>
    </configuration>
    """
}

/// Serves `xml` over a site folder holding `files` (path -> text) and hands a client to `body`.
private func serving(_ xml: String, files: [String: String], _ body: (TestClient) throws -> Void) async throws {
    let directory = try TemporaryConfig.directory()
    for (path, text) in files {
        let url = URL(fileURLWithPath: directory + "/site/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    try await servingConfig(xml, in: directory, body)
}

@Suite("defaultDocument and httpProtocol over loopback", .serialized)
struct ResponseSectionsTests {
    @Test func theFirstDefaultDocumentThatExistsIsServed() async throws {
        let xml = site("""
            <defaultDocument enabled="true">
              <files><add value="Default.htm"/><add value="home page.htm"/><add value="index.html"/></files>
            </defaultDocument>
            """)
        try await serving(xml, files: ["docs/home page.htm": "home\n", "docs/index.html": "index\n", "other/index.html": "other\n"]) { (client: TestClient) throws in
            #expect(try client.get("/docs/").text == "home\n")
            #expect(try client.get("/docs/?q=1").text == "home\n")
            #expect(try client.get("/other/").text == "other\n")
            #expect(try client.get("/docs/index.html").text == "index\n")
        }
    }

    /// A site's `<location>` edits the inherited list: `<remove>` and `<clear/>` as in IIS.
    @Test func aDefaultDocumentRemovedIsNotServed() async throws {
        let xml = site("<defaultDocument><files><add value=\"home.htm\"/><add value=\"index.html\"/></files></defaultDocument>")
            .replacingOccurrences(of: "</configuration>", with: """
              <location path="Docs"><system.webServer>
                <defaultDocument><files><remove value="home.htm"/></files></defaultDocument>
              </system.webServer></location>
            </configuration>
            """)
        try await serving(xml, files: ["home.htm": "home\n", "index.html": "index\n"]) { (client: TestClient) throws in
            #expect(try client.get("/").text == "index\n")
        }
    }

    @Test func customHeadersOnEveryResponseRedirectHeadersOnRedirects() async throws {
        let xml = site("""
            <httpProtocol>
              <customHeaders><clear/><add name="X-Powered-By" value="ASP.NET"/><add name="X-Frame-Options" value="DENY"/></customHeaders>
              <redirectHeaders><add name="X-Redirect-Reason" value="moved"/></redirectHeaders>
            </httpProtocol>
            """)
        try await serving(xml, files: ["dir/index.html": "dir\n"]) { (client: TestClient) throws in
            let page = try client.get("/dir/")
            #expect(page.status == 200)
            #expect(page.header("X-Powered-By") == "ASP.NET")
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.header("X-Redirect-Reason") == nil)
            let missing = try client.get("/nothing-here")
            #expect(missing.status == 404 && missing.header("X-Frame-Options") == "DENY")
            let redirect = try client.get("/dir")
            #expect(redirect.status == 301)
            #expect(redirect.header("X-Redirect-Reason") == "moved")
        }
    }

    @Test func aHeaderValueWithALineBreakIsAnError() throws {
        let xml = site("<httpProtocol><customHeaders><add name=\"X-Bad\" value=\"a&#10;b\"/></customHeaders></httpProtocol>")
        do {
            _ = try TemporaryConfig.model(xml, in: try TemporaryConfig.directory())
            Issue.record("a line break in a header value must be refused")
        } catch let error as ConfigError {
            #expect(error.errors.first?.message.contains("its value no line break") == true)
        }
    }

    @Test func directoryBrowseListsADirectoryWithoutADefaultDocument() async throws {
        let modules = "<add name=\"StaticFileModule\"/><add name=\"DefaultDocumentModule\"/><add name=\"DirectoryListingModule\"/>"
        let handlers = "<handlers><add name=\"StaticFile\" path=\"*\" verb=\"*\" modules=\"StaticFileModule,DefaultDocumentModule,DirectoryListingModule\"/></handlers>"
        let on = site(handlers + "<directoryBrowse enabled=\"true\"/><security><requestFiltering><hiddenSegments><add segment=\"secret\"/></hiddenSegments></requestFiltering></security>",
                      modules: modules)
        let files = ["files/a&b.txt": "ab\n", "files/sub/x.txt": "x\n", "files/secret/key": "k\n", "docs/index.html": "index\n"]
        try await serving(on, files: files) { (client: TestClient) throws in
            let listing = try client.get("/files/")
            #expect(listing.status == 200)
            #expect(listing.header("Content-Type") == "text/html; charset=utf-8")
            #expect(listing.text.contains("<h1>/files/</h1>"))
            #expect(listing.text.contains("<a href=\"a&amp;b.txt\">a&amp;b.txt</a>"))
            #expect(listing.text.contains("&lt;dir&gt; <a href=\"sub/\">sub</a>"))
            #expect(listing.text.contains("<a href=\"../\">[To Parent Directory]</a>"))
            #expect(!listing.text.contains("secret"))
            #expect(try client.get("/docs/").text == "index\n")
            #expect(try client.get("/files/a%26b.txt").text == "ab\n")
        }
        try await serving(site(handlers + "<directoryBrowse enabled=\"false\"/>", modules: modules), files: files) { (client: TestClient) throws in
            #expect(try client.get("/files/").status == 403)
        }
    }

    @Test func staticContentMimeMapsDecideWhatIsServedAndItsType() async throws {
        let xml = site("""
            <staticContent>
              <mimeMap fileExtension=".html" mimeType="text/html" />
              <mimeMap fileExtension=".data" mimeType="application/x-test-data" />
              <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="7.00:00:00" />
            </staticContent>
            """)
        try await serving(xml, files: ["index.html": "home\n", "a.data": "data\n", "HEAD": "ref\n", "dir/index.html": "dir\n"]) { (client: TestClient) throws in
            let data = try client.get("/a.data")
            #expect(data.status == 200 && data.header("Content-Type") == "application/x-test-data")
            #expect(data.header("Cache-Control") == "max-age=604800")
            #expect(try client.get("/").text == "home\n")
            let unlisted = try client.get("/HEAD")
            #expect(unlisted.status == 404 && unlisted.header("Cache-Control") == nil)
            #expect(try client.get("/dir").status == 301, "a directory without its slash is still redirected")
        }
    }

    @Test func httpRedirectSendsEveryRequestElsewhere() async throws {
        let modules = "<add name=\"StaticFileModule\"/><add name=\"HttpRedirectionModule\"/>"
        let keepPath = site("<httpRedirect enabled=\"true\" destination=\"http://new.example/\" httpResponseStatus=\"Permanent\" childOnly=\"true\"/>",
                            modules: modules)
        try await serving(keepPath, files: [:]) { (client: TestClient) throws in
            let moved = try client.get("/a/b.html?x=1")
            #expect(moved.status == 301)
            #expect(moved.header("Location") == "http://new.example/a/b.html?x=1")
            #expect(try client.get("/").status == 200, "childOnly leaves the root")
        }
        let exact = site("<httpRedirect enabled=\"true\" destination=\"http://new.example/landing\" exactDestination=\"true\"/>", modules: modules)
        try await serving(exact, files: [:]) { (client: TestClient) throws in
            let found = try client.get("/a/b.html")
            #expect(found.status == 302)
            #expect(found.header("Location") == "http://new.example/landing")
        }
    }

    /// The test client is local: errorMode="Custom" applies custom pages to it too.
    @Test func httpErrorsReplaceErrorResponsesWithTheConfiguredPages() async throws {
        let modules = "<add name=\"StaticFileModule\"/><add name=\"CustomErrorModule\"/>"
        let xml = site("""
            <httpErrors errorMode="Custom" existingResponse="Replace">
              <error statusCode="404" prefixLanguageFilePath="%IIS_BIN%\\custerr" path="404.htm" />
              <remove statusCode="404" />
              <error statusCode="404" path="errors\\missing.html" responseMode="File" />
              <error statusCode="403" subStatusCode="14" path="/errors/listing.html" responseMode="ExecuteURL" />
              <error statusCode="405" path="/moved-here" responseMode="Redirect" />
            </httpErrors>
            """, modules: modules)
        let files = ["errors/missing.html": "<p>not here</p>\n", "errors/listing.html": "<p>no listing</p>\n", "empty/.keep": ""]
        try await serving(xml, files: files) { (client: TestClient) throws in
            let missing = try client.get("/nothing")
            #expect(missing.status == 404)
            #expect(missing.text == "<p>not here</p>\n" && missing.header("Content-Type") == "text/html; charset=utf-8")
            let listing = try client.get("/empty/")
            #expect(listing.status == 403 && listing.text == "<p>no listing</p>\n")
            let post = try client.get("/errors/missing.html", method: "POST")
            #expect(post.status == 302 && post.header("Location")?.hasSuffix("/moved-here") == true)
        }
        let local = site("<httpErrors><error statusCode=\"404\" path=\"errors/missing.html\"/></httpErrors>", modules: modules)
        try await serving(local, files: files) { (client: TestClient) throws in
            #expect(try client.get("/nothing").text.hasPrefix("404 Not Found"), "DetailedLocalOnly: a local client sees the detailed error")
        }
    }
}
