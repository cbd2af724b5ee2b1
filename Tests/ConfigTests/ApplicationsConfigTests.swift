import Config
import Foundation
import Testing

/// `<application>`, `<virtualDirectory>`, `applicationDefaults`, `virtualDirectoryDefaults` and
/// `ipSecurity` as the IIS configuration reference describes them.
@Suite struct ApplicationsConfigTests {
    static func config(_ applications: String, sites: String = "", pools: String = "") -> String {
        """
        <configuration>
          <system.applicationHost>
            \(pools)
            <sites>
              \(sites)
              <site name="Shop" id="1">
                \(applications)
                <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
        </configuration>
        """
    }

    @Test func everyApplicationAndVirtualDirectoryIsResolved() throws {
        let model = try readConfig(Self.config("""
            <application path="/"><virtualDirectory path="/" physicalPath="%ROOT%/www"/></application>
            <application path="/Shop/" applicationPool="ShopPool">
              <virtualDirectory path="/" physicalPath="shop"/>
              <virtualDirectory path="/images" physicalPath="/mnt/images" allowSubDirConfig="false"/>
            </application>
            """), variables: ["ROOT": "/srv"])
        let site = try #require(model.sites.first)
        #expect(site.physicalPath == "/srv/www")
        let shop = try #require(site.applications.first { $0.path == "/Shop" })
        #expect(shop.applicationPool == "ShopPool")
        #expect(shop.physicalPath == "/etc/isapi/shop")
        let images = try #require(shop.virtualDirectories.first { $0.path == "/images" })
        #expect(shop.fullPath(of: images) == "/Shop/images")
        #expect(!images.allowSubDirConfig)
        #expect(site.physicalDirectory(of: "/shop/images/a.png")?.1 == "/mnt/images/a.png")
        #expect(site.physicalDirectory(of: "/shop/x/a.png")?.1 == "/etc/isapi/shop/x/a.png")
        #expect(site.physicalDirectory(of: "/shopping")?.1 == "/srv/www/shopping")
    }

    @Test func defaultsFillWhatAnElementLeavesOut() throws {
        let model = try readConfig(Self.config("""
            <application path="/"><virtualDirectory path="/" physicalPath="/srv/www"/></application>
            <application path="/app"><virtualDirectory path="/"/></application>
            """, sites: """
            <applicationDefaults applicationPool="Fallback"/>
            <virtualDirectoryDefaults physicalPath="/srv/default" allowSubDirConfig="false"/>
            """))
        let app = try #require(model.sites.first?.applications.first { $0.path == "/app" })
        #expect(app.applicationPool == "Fallback")
        #expect(app.physicalPath == "/srv/default")
        #expect(app.virtualDirectories.first?.allowSubDirConfig == false)
    }

    @Test func badApplicationsAreErrorsNamingTheLine() {
        let errors = configErrors(Self.config("""
            <application path="/"><virtualDirectory path="/" physicalPath="/srv/www"/></application>
            <application path="app"><virtualDirectory path="/" physicalPath="/srv/app"/></application>
            <application path="/b"><virtualDirectory path="/x" physicalPath="/srv/b"/></application>
            <application path="/"><virtualDirectory path="/" physicalPath="/srv/again"/></application>
            """))
        #expect(errors.contains { $0.contains("path=\"app\"") && $0.contains("starts with '/'") })
        #expect(errors.contains { $0.contains("<application path=\"/b\"> has no <virtualDirectory path=\"/\"") })
        #expect(errors.contains { $0.contains("already has an application at this path") })
    }

    @Test func anApplicationInAnotherPoolIsNotedAndAnUndeclaredPoolIsAnError() throws {
        let apps = """
            <application path="/"><virtualDirectory path="/" physicalPath="/srv/www"/></application>
            <application path="/app" applicationPool="Other"><virtualDirectory path="/" physicalPath="/srv/app"/></application>
            """
        let model = try readConfig(Self.config(apps, pools: "<applicationPools><add name=\"DefaultAppPool\"/><add name=\"Other\"/></applicationPools>"))
        #expect(model.notes.contains { $0.feature.contains("different application pools") && $0.consequence.contains("DefaultAppPool") })
        let errors = configErrors(Self.config(apps, pools: "<applicationPools><add name=\"DefaultAppPool\"/></applicationPools>"))
        #expect(errors.contains { $0.contains("'/app' names applicationPool 'Other'") })
    }

    @Test func ipSecurityEntriesMatchByMaskInOrder() throws {
        let model = try readConfig(Self.config("""
            <application path="/"><virtualDirectory path="/" physicalPath="/srv/www"/></application>
            """).replacingOccurrences(of: "</configuration>", with: """
            <system.webServer><security><ipSecurity allowUnlisted="false" denyAction="AbortRequest">
              <add ipAddress="10.1.2.3" allowed="false"/>
              <add ipAddress="10.0.0.0" subnetMask="255.0.0.0" allowed="true"/>
              <add ipAddress="2001:db8::" subnetMask="32" allowed="true"/>
            </ipSecurity></security></system.webServer>
            </configuration>
            """))
        let security = try #require(model.sites.first?.ipSecurity)
        #expect(security.denyAction == .abortRequest)
        #expect(!security.allows("10.1.2.3"))
        #expect(security.allows("10.9.9.9"))
        #expect(security.allows("::ffff:10.9.9.9"))
        #expect(security.allows("2001:db8:1::5"))
        #expect(!security.allows("192.168.0.1"))
        let errors = configErrors(Self.config("<application path=\"/\"><virtualDirectory path=\"/\" physicalPath=\"/srv\"/></application>")
            .replacingOccurrences(of: "</configuration>", with: """
            <system.webServer><security><ipSecurity>
              <add ipAddress="10.0.0.300"/><add ipAddress="10.0.0.0" subnetMask="40"/><add domainName="example.com"/>
            </ipSecurity></security></system.webServer></configuration>
            """))
        #expect(errors.contains { $0.contains("10.0.0.300") })
        #expect(errors.contains { $0.contains("subnetMask=\"40\"") })
        #expect(errors.contains { $0.contains("reverse DNS") })
    }
}
