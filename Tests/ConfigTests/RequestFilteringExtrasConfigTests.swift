import Config
import Testing

/// `requestFiltering`'s IIS 7.5 collections and `serverRuntime`, as read from the file (written
/// from the IIS configuration reference: element and attribute names, defaults).
@Suite struct RequestFilteringExtrasConfigTests {
    func config(_ webServer: String, location: String = "") -> String {
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
          <system.webServer>\(webServer)</system.webServer>
          <location path="Alpha"><system.webServer>\(location)</system.webServer></location>
        </configuration>
        """
    }

    @Test func theIIS75CollectionsAreReadAndMergedLevelByLevel() throws {
        let server = """
            <security><requestFiltering unescapeQueryString="false">
              <alwaysAllowedUrls><add url="/robots.txt"/></alwaysAllowedUrls>
              <alwaysAllowedQueryStrings><add queryString="id=1"/></alwaysAllowedQueryStrings>
              <denyQueryStringSequences><add sequence="&lt;script"/><add sequence="--"/></denyQueryStringSequences>
              <hiddenSegments applyToWebDAV="false"><add segment="bin"/></hiddenSegments>
              <fileExtensions allowUnlisted="false" applyToWebDAV="false"><add fileExtension=".html" allowed="true"/></fileExtensions>
              <requestLimits maxUrl="1024">
                <headerLimits><add header="Content-Type" sizeLimit="100"/><add header="Referer" sizeLimit="200"/></headerLimits>
              </requestLimits>
              <filteringRules>
                <filteringRule name="SQL" scanUrl="false" scanQueryString="true" denyUnescapedPercent="true">
                  <appliesTo><add fileExtension=".asp"/></appliesTo>
                  <denyStrings><add string="xp_"/><add string="DROP TABLE"/></denyStrings>
                  <scanHeaders><add requestHeader="User-Agent"/></scanHeaders>
                </filteringRule>
              </filteringRules>
            </requestFiltering></security>
            """
        let site = """
            <security><requestFiltering>
              <denyQueryStringSequences><remove sequence="--"/></denyQueryStringSequences>
              <requestLimits><headerLimits><remove header="Referer"/></headerLimits></requestLimits>
            </requestFiltering></security>
            """
        let model = try readConfig(config(server, location: site))
        #expect(!model.warnings.contains { $0.message.contains("requestFiltering") }, "\(model.warnings)")
        let filtering = model.sites[0].requestFiltering
        #expect(!filtering.unescapeQueryString)
        #expect(filtering.alwaysAllowedURLs == ["/robots.txt"])
        #expect(filtering.alwaysAllowedQueryStrings == ["id=1"])
        #expect(filtering.denyQueryStringSequences == ["<script"])
        #expect(!filtering.hiddenSegmentsApplyToWebDAV && !filtering.fileExtensionsApplyToWebDAV)
        #expect(!filtering.fileExtensionsAllowUnlisted)
        #expect(filtering.headerLimits == [HeaderLimitEntry(header: "Content-Type", sizeLimit: 100)])
        #expect(filtering.maxURL == 1024)
        let rule = try #require(filtering.filteringRules.first)
        #expect(rule.name == "SQL" && rule.scanQueryString && !rule.scanURL && rule.denyUnescapedPercent && !rule.scanAllRaw)
        #expect(rule.appliesTo == [".asp"] && rule.denyStrings == ["xp_", "DROP TABLE"] && rule.scanHeaders == ["User-Agent"])
    }

    @Test func badValuesAreErrorsWithTheirLine() throws {
        let errors = configErrors(config("""
            <security><requestFiltering>
              <requestLimits><headerLimits><add header="Host" sizeLimit="big"/><add header="Accept"/></headerLimits></requestLimits>
              <filteringRules><filteringRule scanUrl="true"/></filteringRules>
            </requestFiltering></security>
            """))
        #expect(errors.contains { $0.contains("sizeLimit=\"big\"") }, "\(errors)")
        #expect(errors.contains { $0.contains("needs a non-empty 'sizeLimit'") }, "\(errors)")
        #expect(errors.contains { $0.contains("<filteringRule> needs a non-empty 'name'") }, "\(errors)")
    }

    @Test func serverRuntimeAppliesItsLimitsAndReportsTheRestOnce() throws {
        let model = try readConfig(config("""
            <serverRuntime maxRequestEntityAllowed="1000" appConcurrentRequestLimit="50" frequentHitThreshold="5" enableNagling="true"/>
            """, location: "<serverRuntime maxRequestEntityAllowed=\"500\"/>"))
        let runtime = model.sites[0].serverRuntime
        #expect(runtime.maxRequestEntityAllowed == 500 && runtime.appConcurrentRequestLimit == 50)
        let reported = model.notes.filter { $0.feature == "serverRuntime settings" }.map(\.item)
        #expect(reported == ["frequentHitThreshold=\"5\"", "enableNagling=\"true\""], "\(model.notes)")
        #expect(model.warnings.isEmpty, "\(model.warnings)")
        #expect(!model.notes.contains { $0.item == "<serverRuntime>" }, "no longer listed as not implemented")
    }

    /// IIS Express writes `<serverRuntime />`: nothing to apply, nothing to report.
    @Test func anEmptyServerRuntimeIsSilent() throws {
        let model = try readConfig(config("<serverRuntime />"))
        #expect(model.warnings.isEmpty && model.notes.isEmpty, "\(model.warnings) \(model.notes)")
        #expect(model.sites[0].serverRuntime == ServerRuntimeModel())
    }

    @Test func serverRuntimeRejectsNonsense() throws {
        let errors = configErrors(config("<serverRuntime appConcurrentRequestLimit=\"0\" maxRequestEntityAllowed=\"-1\"/>"))
        #expect(errors.contains { $0.contains("appConcurrentRequestLimit=\"0\"") }, "\(errors)")
        #expect(errors.contains { $0.contains("maxRequestEntityAllowed=\"-1\"") }, "\(errors)")
    }
}
