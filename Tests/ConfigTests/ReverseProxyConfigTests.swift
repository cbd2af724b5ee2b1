import Config
import Testing

/// `<reverseProxy>` and `ReverseProxyModule` handlers, as read.
@Suite struct ReverseProxyConfigTests {
    static func config(_ webServer: String, location: String = "") -> String {
        """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="S" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="/srv/s"/></application>
                <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
          <system.webServer>\(webServer)</system.webServer>
          \(location)
        </configuration>
        """
    }

    @Test func defaultsWithoutTheSection() throws {
        let site = try readConfig(Self.config("")).sites[0]
        #expect(site.reverseProxy == ReverseProxyModel())
        #expect(site.reverseProxy.timeout == .seconds(30))
        #expect(site.reverseProxy.preserveHostHeader)
    }

    @Test func settingsWebFarmsAndALocationOverride() throws {
        let model = try readConfig(Self.config("""
            <reverseProxy timeout="00:01:00" connectTimeout="3" forwardedHost="false" failureBackoff="00:00:20"
                          upstreamCertificateAuthorities="/etc/isapi-bridge/internal-ca.pem">
              <webFarm name="app">
                <server address="10.0.0.1:8080"/>
                <server address="backend"/>
              </webFarm>
            </reverseProxy>
            <handlers>
              <add name="api" path="/api/*" verb="*" modules="ReverseProxyModule" scriptProcessor="http://app/base"/>
            </handlers>
            """, location: """
            <location path="S"><system.webServer><reverseProxy preserveHostHeader="false"/></system.webServer></location>
            """))
        let site = model.sites[0]
        #expect(site.reverseProxy.timeout == .seconds(60))
        #expect(site.reverseProxy.connectTimeout == .seconds(3))
        #expect(site.reverseProxy.failureBackoff == .seconds(20))
        #expect(site.reverseProxy.forwardedHost == false)
        #expect(site.reverseProxy.upstreamCertificateAuthorities == "/etc/isapi-bridge/internal-ca.pem")
        #expect(site.reverseProxy.preserveHostHeader == false, "the site's <location> overrides the server level")
        #expect(site.reverseProxy.webFarms.map(\.name) == ["app"])
        #expect(site.reverseProxy.webFarms.first?.servers == ["10.0.0.1:8080", "backend"])
        #expect(site.handlers.first?.upstream == "http://app/base")
        #expect(site.handlers.first?.unavailable == nil)
    }

    @Test func mistakesAreReported() {
        let errors = configErrors(Self.config("""
            <reverseProxy timeout="soon">
              <webFarm name="empty"/>
              <webFarm name="bad"><server address="host:99999"/></webFarm>
            </reverseProxy>
            <handlers><add name="p" path="*" verb="*" modules="ReverseProxyModule"/></handlers>
            """))
        #expect(errors.contains { $0.contains("timeout") && $0.contains("soon") }, "\(errors)")
        #expect(errors.contains { $0.contains("<webFarm name=\"empty\"> has no <server") }, "\(errors)")
        #expect(errors.contains { $0.contains("host:99999") }, "\(errors)")
        #expect(errors.contains { $0.contains("ReverseProxyModule handler needs scriptProcessor") }, "\(errors)")
    }
}
