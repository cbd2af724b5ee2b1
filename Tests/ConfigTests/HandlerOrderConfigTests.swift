import Config
import Testing

/// IIS merges `<handlers>` with `mergeAppend="false"`: the entries a lower level adds come before
/// the ones it inherits (in their own order), so a site's or web.config's mapping wins over the
/// server's catch-all `StaticFile` one, as Visual Studio's ASP.NET Core configurations rely on.
@Suite struct HandlerOrderConfigTests {
    let xml = """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="Core" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="/srv/core"/></application>
                <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
          <system.webServer>
            <handlers>
              <add name="TRACEVerbHandler" path="*" verb="TRACE" modules="ProtocolSupportModule"/>
              <add name="StaticFile" path="*" verb="*" modules="StaticFileModule"/>
            </handlers>
          </system.webServer>
          <location path="Core">
            <system.webServer>
              <handlers>
                <remove name="TRACEVerbHandler"/>
                <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified"/>
                <add name="Second" path="*.x" verb="*" modules="StaticFileModule"/>
              </handlers>
            </system.webServer>
          </location>
        </configuration>
        """

    @Test func aLowerLevelsHandlersComeFirst() throws {
        let model = try readConfig(xml)
        #expect(model.sites[0].handlers.map(\.name) == ["aspNetCore", "Second", "StaticFile"])
    }

    @Test func clearAtALowerLevelStartsAnew() throws {
        let cleared = xml.replacingOccurrences(of: "<remove name=\"TRACEVerbHandler\"/>", with: "<clear/>")
        #expect(try readConfig(cleared).sites[0].handlers.map(\.name) == ["aspNetCore", "Second"])
    }
}
