import Config
import Foundation
import Pipeline
import Server
import SiteAssembly
import TestSupport
import Testing

/// `ReverseProxyModule` enabled in applicationHost.config: a `<handlers>` entry forwarding to a
/// `<reverseProxy><webFarm>`, and a URL Rewrite rule to an absolute URL, each reaching a second
/// server (the upstream) over loopback.
@Suite("Reverse proxy from applicationHost.config over loopback", .serialized)
struct ReverseProxyConfigLoopbackTests {
    /// The upstream: answers every request with its method, URL and forwarding headers.
    static let upstream = RequestPipeline(site: SiteInfo(physicalPath: "/srv/upstream"), modules: [
        ClosureModule.registration("Echo", .executeRequestHandler) { _, context in
            let request = context.request
            context.response.write("\(request.method) \(request.target) host=\(request.headers["Host"] ?? "-") "
                                   + "via=\(request.headers["Via"] ?? "-") forwardedHost=\(request.headers["X-Forwarded-Host"] ?? "-")")
            return .finishRequest
        },
    ])

    static func config(upstreamPort: Int) -> String {
        """
        <configuration>
          <system.applicationHost><sites>
            <site name="Front" id="3">
              <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
              <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
            </site>
          </sites></system.applicationHost>
          <system.webServer>
            <modules><add name="StaticFileModule"/><add name="RewriteModule"/><add name="ReverseProxyModule"/></modules>
            <reverseProxy forwardedHost="false">
              <webFarm name="backend"><server address="127.0.0.1:\(upstreamPort)"/></webFarm>
            </reverseProxy>
            <handlers>
              <add name="Static" path="*" verb="GET,HEAD" modules="StaticFileModule"/>
            </handlers>
          </system.webServer>
          <location path="Front/app"><system.webServer><handlers>
            <add name="App" path="*" verb="*" modules="ReverseProxyModule" scriptProcessor="http://backend/base"/>
          </handlers></system.webServer></location>
          <location path="Front"><system.webServer><rewrite><rules>
            <rule name="Legacy"><match url="^legacy/(.*)"/><action type="Rewrite" url="http://backend/old/{R:1}"/></rule>
          </rules></rewrite></system.webServer></location>
        </configuration>
        """
    }

    @Test func handlersAndRewriteRulesForwardToTheWebFarm() async throws {
        try await withServer(Self.upstream) { _, upstreamPort in
            let directory = try TemporaryConfig.directory()
            try FileManager.default.createDirectory(atPath: directory + "/site", withIntermediateDirectories: true)
            try Data("LOCAL\n".utf8).write(to: URL(fileURLWithPath: directory + "/site/index.html"))
            try await servingConfig(Self.config(upstreamPort: upstreamPort), in: directory) { client in
                let mapped = try client.get("/app/page?x=1", host: "front.test")
                #expect(mapped.status == 200)
                #expect(mapped.text == "GET /base/app/page?x=1 host=front.test via=1.1 isapi-bridge forwardedHost=-", "\(mapped.text)")
                let rewritten = try client.get("/legacy/thing", method: "GET")
                #expect(rewritten.text.hasPrefix("GET /old/thing "), "\(rewritten.text)")
                let answer10 = try client.get("/index.html")
                #expect(answer10.text == "LOCAL\n")
            }
        }
    }
}
