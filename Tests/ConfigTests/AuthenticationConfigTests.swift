import Config
import Foundation
import Testing

private func config(server: String = "", site: String = "") -> String {
    """
    <configuration>
      <system.applicationHost><sites>
        <site name="S" id="1">
          <application path="/"><virtualDirectory path="/" physicalPath="/srv/site"/></application>
          <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
        </site>
      </sites></system.applicationHost>
      <system.webServer><security><authentication>\(server)</authentication></security></system.webServer>
      <location path="S"><system.webServer><security><authentication>\(site)</authentication></security></system.webServer></location>
    </configuration>
    """
}

private func read(_ xml: String, allow: Bool = false) throws(ConfigError) -> ServerModel {
    try ConfigReader(allowUnavailableAuthentication: allow).read(data: Data(xml.utf8), file: "test.config", baseDirectory: "/etc/isapi")
}

@Suite struct AuthenticationConfigTests {
    @Test func defaultsAreAnonymousOnly() throws {
        let authentication = try read(config()).sites[0].authentication
        #expect(authentication.anonymousEnabled && !authentication.basicEnabled && authentication.unavailableSchemes.isEmpty)
    }

    @Test func theSiteLocationOverridesTheServerLevel() throws {
        let xml = config(server: "<anonymousAuthentication enabled=\"true\"/><basicAuthentication enabled=\"true\" userFile=\"users.htpasswd\" realm=\"Shop\"/>",
                         site: "<anonymousAuthentication enabled=\"false\"/>")
        let authentication = try read(xml).sites[0].authentication
        #expect(!authentication.anonymousEnabled)
        #expect(authentication.basicEnabled && authentication.basicRealm == "Shop")
        #expect(authentication.basicUserFile == "/etc/isapi/users.htpasswd")
    }

    /// A site configured as closed by a scheme isapi-bridge cannot offer never runs open.
    @Test func anEnabledWindowsSchemeStopsTheSite() {
        let xml = config(site: "<anonymousAuthentication enabled=\"false\"/><windowsAuthentication enabled=\"true\"/>")
        #expect(throws: ConfigError.self) { try read(xml) }
        do {
            _ = try read(xml)
        } catch {
            #expect(error.errors.map(\.description) == [
                "test.config:9: error: site 'S': <windowsAuthentication enabled=\"true\"> is not available on Linux, and isapi-bridge will not serve the site without it; disable it (enabled=\"false\"), use <basicAuthentication enabled=\"true\" userFile=...> instead, or pass --allow-unavailable-authentication to serve without it (requests that need it get 401)",
            ])
        }
    }

    @Test func theSwitchServesWithoutTheSchemeAndSaysSo() throws {
        let xml = config(server: "<windowsAuthentication enabled=\"true\"/>", site: "<anonymousAuthentication enabled=\"false\"/>")
        let model = try read(xml, allow: true)
        #expect(model.sites[0].authentication.unavailableSchemes.map(\.element) == ["windowsAuthentication"])
        #expect(model.notes.contains { $0.feature == PortingFeature.windowsAuthentication && $0.consequence.contains("401") })
    }

    @Test func aSiteThatTurnsTheSchemeOffStarts() throws {
        let xml = config(server: "<windowsAuthentication enabled=\"true\"/>", site: "<windowsAuthentication enabled=\"false\"/>")
        #expect(try read(xml).sites[0].authentication.unavailableSchemes.isEmpty)
    }

    @Test func basicNeedsAUserFile() {
        let xml = config(server: "<basicAuthentication enabled=\"true\"/>")
        #expect(throws: ConfigError.self) { try read(xml) }
        do { _ = try read(xml) } catch {
            #expect(error.errors.first?.message.contains("needs userFile=\"FILE\" on Linux") == true)
        }
    }
}
