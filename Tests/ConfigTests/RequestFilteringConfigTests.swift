import Config
import Testing

@Suite struct RequestFilteringConfigTests {
    /// One site; `server` and `site` are the requestFiltering elements at each level.
    func config(server: String, site: String = "") -> String {
        """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="Alpha" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="/srv/alpha"/></application>
                <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
          <system.webServer>
            <security>
              \(server)
            </security>
          </system.webServer>
          <location path="Alpha">
            <system.webServer><security>\(site)</security></system.webServer>
          </location>
        </configuration>
        """
    }

    @Test func absentMeansTheIISDefaults() throws {
        let filtering = try readConfig(config(server: "")).sites[0].requestFiltering
        #expect(filtering == RequestFilteringModel())
        #expect(!filtering.allowDoubleEscaping && filtering.allowHighBitCharacters)
        #expect(filtering.maxAllowedContentLength == 30_000_000 && filtering.maxURL == 4096 && filtering.maxQueryString == 2048)
    }

    @Test func serverLevelThenTheSitesLocationEdits() throws {
        let server = """
            <requestFiltering allowDoubleEscaping="true">
              <fileExtensions allowUnlisted="true">
                <add fileExtension=".CONFIG" allowed="false"/>
                <add fileExtension=".bak" allowed="false"/>
              </fileExtensions>
              <verbs><add verb="TRACE" allowed="false"/></verbs>
              <hiddenSegments><add segment="bin"/><add segment="App_Data"/></hiddenSegments>
              <denyUrlSequences><add sequence=".."/></denyUrlSequences>
              <requestLimits maxAllowedContentLength="1000" maxUrl="260" maxQueryString="100"/>
            </requestFiltering>
            """
        let site = """
            <requestFiltering allowHighBitCharacters="false">
              <fileExtensions><remove fileExtension=".bak"/></fileExtensions>
              <hiddenSegments><clear/><add segment="private"/></hiddenSegments>
              <requestLimits maxUrl="128"/>
            </requestFiltering>
            """
        let filtering = try readConfig(config(server: server, site: site)).sites[0].requestFiltering
        #expect(filtering.allowDoubleEscaping)
        #expect(!filtering.allowHighBitCharacters)
        #expect(filtering.fileExtensions == [ListedName(name: ".config", allowed: false)])
        #expect(filtering.verbs == [ListedName(name: "TRACE", allowed: false)])
        #expect(filtering.hiddenSegments == ["private"])
        #expect(filtering.denyURLSequences == [".."])
        #expect(filtering.maxAllowedContentLength == 1000 && filtering.maxURL == 128 && filtering.maxQueryString == 100)
    }

    @Test func badValuesNameTheElementAndLine() {
        let server = """
            <requestFiltering allowDoubleEscaping="yes">
              <fileExtensions><add fileExtension="config"/></fileExtensions>
              <requestLimits maxUrl="-1"/>
              <hiddenSegments><add/></hiddenSegments>
            </requestFiltering>
            """
        #expect(configErrors(config(server: server)) == [
            "test.config:12: error: <requestFiltering allowDoubleEscaping=\"yes\">: must be true or false",
            "test.config:13: error: <add fileExtension=\"config\">: an extension starts with a dot, as in \".config\"",
            "test.config:14: error: <requestLimits maxUrl=\"-1\">: must be a whole number of bytes from 0 to 4294967295",
            "test.config:15: error: <add> needs a non-empty 'segment' attribute",
        ])
    }

    /// `ipSecurity` is enforced now: read into the site's model, not warned about.
    @Test func ipSecurityIsReadIntoTheSite() throws {
        let model = try readConfig(config(server: "<ipSecurity allowUnlisted=\"false\"/>"))
        #expect(model.sites.first?.ipSecurity.allowUnlisted == false)
        #expect(!model.warnings.map(\.description).contains { $0.contains("ipSecurity") })
    }
}
