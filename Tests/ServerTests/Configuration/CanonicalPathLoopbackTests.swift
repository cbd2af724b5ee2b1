import Config
import Foundation
import Pipeline
import RequestLog
import Server
import SiteAssembly
import TestSupport
import Testing

/// The hostile-client findings against the example configuration's rewrite site, over loopback:
/// every spelling of a denied path meets the `[F]` rule, and methods get IIS's answers.
@Suite("Canonical request path over loopback", .serialized)
struct CanonicalPathLoopbackTests {
    /// The example's "Rewrite Demo" site: the IIRF deny rule, handlers for GET and HEAD only.
    static func rewriteSiteConfig(extraWebServer: String = "") -> String {
        """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="Rewrite Demo" id="2">
                <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
                <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
          <system.webServer>
            <modules>
              <add name="IsapiFilterModule"/>
              <add name="StaticFileModule"/>
            </modules>
            <handlers>
              <add name="StaticFile" path="*" verb="GET,HEAD" modules="StaticFileModule"/>
            </handlers>
            \(extraWebServer)
          </system.webServer>
          <location path="Rewrite Demo">
            <system.webServer>
              <rewrite rulesFile="IIRF.ini" dialect="iirf"/>
            </system.webServer>
          </location>
        </configuration>
        """
    }

    /// Serves the rewrite site from a fresh directory with `site/private/x.txt` and `site/public/y.txt`.
    static func withRewriteSite(extraWebServer: String = "", logs: W3CLogWriterSet? = nil,
                                _ body: (Int, String) throws -> Void) async throws {
        let directory = try TemporaryConfig.directory()
        for (folder, text) in [("private", "PRIVATE"), ("public", "PUBLIC")] {
            try FileManager.default.createDirectory(atPath: "\(directory)/site/\(folder)", withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory)/site/\(folder)/\(folder == "private" ? "x" : "y").txt"))
        }
        try Data("RewriteRule ^/private(/.*)?$ - [F]\n".utf8).write(to: URL(fileURLWithPath: directory + "/IIRF.ini"))
        let options = PipelineOptions(logDirectory: directory + "/logs", logWriters: logs)
        let model = try TemporaryConfig.model(rewriteSiteConfig(extraWebServer: extraWebServer), in: directory)
        let assembled = try ServerAssembler(loader: SwiftFilterLoader(filters: [:]), options: options).assemble(model)
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        do {
            try body(port, directory)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    @Test("every hostile spelling of /private/x.txt gets the [F] rule's 403, never the file",
          arguments: ["/private/x.txt", "/%70rivate/x.txt", "//private/x.txt", "/./private/x.txt", "/priv%61te/x.txt",
                      "/PRIV%61te/../private/x.txt", "/public/../private/x.txt", "/public/..%2Fprivate/x.txt",
                      "/%2e/private/x.txt", "/private%2Fx.txt", "/private%5Cx.txt", "/public/%2E%2E/private//x.txt"])
    func hostileSpellingsMeetTheDenyRule(_ spelling: String) async throws {
        try await Self.withRewriteSite { port, _ in
            let client = try TestClient(port: port)
            let response = try client.get(spelling)
            #expect(response.status == 403, "\(spelling): \(response.statusLine)")
            #expect(response.text != "PRIVATE")
            #expect(try client.get("/public/y.txt").text == "PUBLIC", "the connection stays usable")
        }
    }

    @Test func aRawOrEncodedBackslashIsASeparator() async throws {
        try await Self.withRewriteSite { port, _ in
            let client = try TestClient(port: port)
            #expect(try client.get("/\\private\\x.txt").status == 403)
            #expect(try client.get("/%5Cprivate%5cx.txt").status == 403)
            #expect(try client.get("/public\\y.txt").text == "PUBLIC")
        }
    }

    @Test("POST, PUT, DELETE and OPTIONS on a static file get 405 with Allow: GET, HEAD",
          arguments: ["POST", "PUT", "DELETE", "OPTIONS"])
    func otherMethodsOnAStaticFileGet405(_ method: String) async throws {
        try await Self.withRewriteSite { port, _ in
            let client = try TestClient(port: port)
            try client.send(TestClient.request(method, "/public/y.txt", body: method == "OPTIONS" ? nil : "data"))
            let response = try client.readResponse()
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD")
            #expect(response.text.hasPrefix("405 Method Not Allowed: \(method) is not allowed here"))
            #expect(try client.get("/public/y.txt").text == "PUBLIC", "the connection stays usable")
        }
    }

    @Test func unknownMethodsGet501AndCONNECTIsRefusedAndClosed() async throws {
        try await Self.withRewriteSite { port, _ in
            // A method the HTTP parser knows but nothing here serves: the pipeline answers.
            let client = try TestClient(port: port)
            let purge = try client.get("/public/y.txt", method: "PURGE")
            #expect(purge.status == 501)
            #expect(purge.text.contains("'PURGE' is not implemented"))
            #expect(try client.get("/public/y.txt").text == "PUBLIC", "the connection stays usable")

            // A token the parser does not know: the connection layer answers and closes.
            let other = try TestClient(port: port)
            let unknown = try other.get("/public/y.txt", method: "FOO")
            #expect(unknown.status == 501)
            #expect(unknown.text.hasPrefix("501 Not Implemented"))
            #expect(other.waitForClose())

            let tunnel = try TestClient(port: port)
            try tunnel.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
            let refused = try tunnel.readResponse()
            #expect(refused.status == 501)
            #expect(refused.text.contains("CONNECT is not supported"))
            #expect(refused.header("Connection")?.lowercased() == "close")
            #expect(tunnel.waitForClose())
        }
    }

    @Test func requestFilteringAnswersWithIISSubstatusesAndLogsThem() async throws {
        let filtering = """
            <security>
              <requestFiltering>
                <fileExtensions><add fileExtension=".bak" allowed="false"/></fileExtensions>
                <hiddenSegments><add segment="public"/></hiddenSegments>
                <denyUrlSequences><add sequence="~"/></denyUrlSequences>
                <verbs><add verb="DELETE" allowed="false"/></verbs>
                <requestLimits maxUrl="64" maxQueryString="8"/>
              </requestFiltering>
            </security>
            """
        let directory = try TemporaryConfig.directory()
        let model = try TemporaryConfig.model(Self.rewriteSiteConfig(extraWebServer: filtering), in: directory)
        try Data().write(to: URL(fileURLWithPath: directory + "/IIRF.ini"))
        let report = LoadReport.text(try ServerAssembler(loader: SwiftFilterLoader(filters: [:])).assemble(model))
        #expect(report.contains("  request filtering: extensions: deny .bak, verbs: deny DELETE, hidden: public, deny sequences: ~, maxUrl 64, maxQueryString 8\n"),
                "check shows what differs from the IIS defaults")

        let writers = W3CLogWriterSet()
        var logDirectory = ""
        var expected: [String] = []
        try await Self.withRewriteSite(extraWebServer: filtering, logs: writers) { port, directory in
            logDirectory = directory + "/logs"
            let client = try TestClient(port: port)
            let cases: [(String, String, Int)] = [
                ("GET", "/PUBLIC/y.txt", 8), ("GET", "/%70ublic/y.txt", 8), ("GET", "/x.BAK", 7),
                ("GET", "/a%7Eb", 5), ("DELETE", "/x", 6), ("GET", "/a%252Fb", 11), ("GET", "/a+b", 11),
                ("GET", "/" + String(repeating: "a", count: 64), 14), ("GET", "/?q=123456789", 15),
            ]
            for (method, target, _) in cases {
                let response = try client.get(target, method: method)
                #expect(response.status == 404, "\(method) \(target)")
                #expect(response.text.contains("requestFiltering") || response.text.contains("requestLimits"),
                        "\(target): the body says what to change: \(response.text)")
            }
            expected = cases.map { "404.\($0.2)" } + ["403.0"]
            #expect(try client.get("/private/x.txt").status == 403, "the rewrite rule still runs")
        }
        writers.flushAll()
        let file = logDirectory + "/W3SVC2/" + W3CLogEntry.fileName(for: Date())
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\r\n").filter { !$0.hasPrefix("#") }
        let statuses = lines.map { line -> String in
            let fields = line.split(separator: " ")
            return "\(fields[11]).\(fields[12])"
        }
        #expect(statuses == expected, "sc-status.sc-substatus of each request in the W3C log")
    }
}
