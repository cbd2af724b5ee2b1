import Config
import Testing

/// `<handlers>` with `IsapiModule` + `scriptProcessor`, `isapiCgiRestriction` and
/// `serverRuntime uploadReadAheadSize`, as read (no library is loaded here).
@Suite struct ExtensionConfigTests {
    static func config(_ webServer: String) -> String {
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
        </configuration>
        """
    }

    @Test func aScriptProcessorIsResolvedLikeAFilterPath() throws {
        let model = try readConfig(Self.config("""
            <handlers>
              <add name="Status" path="status.isa" verb="GET" modules="IsapiModule" scriptProcessor="lib/status.so"/>
              <add name="Win" path="*.win" verb="*" modules="IsapiModule" scriptProcessor="ext/none.dll"/>
              <add name="Url" path="*.dll" verb="*" modules="IsapiModule"/>
            </handlers>
            """), variables: [:])
        let handlers = model.sites[0].handlers
        #expect(handlers[0].scriptProcessor == "/etc/isapi/lib/status.so")
        #expect(handlers[0].unavailable == nil)
        #expect(handlers[1].scriptProcessor == nil && handlers[1].unavailable != nil, "a Windows DLL without a Linux build answers 500.21")
        #expect(handlers[2].unavailable?.feature.contains("named by the request URL") == true)
    }

    @Test func theRestrictionListDefaultsToRefusingUnlistedExtensions() throws {
        let none = try readConfig(Self.config(""))
        #expect(!none.isapiCgiRestriction.allows("/etc/isapi/a.so"))
        #expect(none.uploadReadAheadSize == 49152)
        let model = try readConfig(Self.config("""
            <serverRuntime uploadReadAheadSize="1024"/>
            <security>
              <isapiCgiRestriction notListedIsapisAllowed="false">
                <add path="a.so" allowed="true"/>
                <add path="b.so" allowed="false"/>
                <add path="c.so" allowed="true"/>
                <remove path="c.so"/>
              </isapiCgiRestriction>
            </security>
            """))
        #expect(model.isapiCgiRestriction.allows("/etc/isapi/a.so"))
        #expect(!model.isapiCgiRestriction.allows("/etc/isapi/b.so"))
        #expect(!model.isapiCgiRestriction.allows("/etc/isapi/c.so"))
        #expect(!model.isapiCgiRestriction.allows("/etc/isapi/other.so"))
        #expect(model.uploadReadAheadSize == 1024)
        let open = try readConfig(Self.config("<security><isapiCgiRestriction notListedIsapisAllowed=\"true\"/></security>"))
        #expect(open.isapiCgiRestriction.allows("/anything.so"))
    }

    @Test func aBadReadAheadSizeIsAnError() {
        let errors = configErrors(Self.config("<serverRuntime uploadReadAheadSize=\"lots\"/>"))
        #expect(errors.contains { $0.contains("uploadReadAheadSize") })
    }
}
