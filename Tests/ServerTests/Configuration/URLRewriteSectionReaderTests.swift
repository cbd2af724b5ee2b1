import Config
import Foundation
import Rewrite
import SiteAssembly
import Testing

/// `<rewrite>` read by SiteAssembly's `URLRewriteSectionReader` into the engine's `IISRewriteSection`.
@Suite("system.webServer/rewrite: IIS URL Rewrite rules")
struct URLRewriteSectionReaderTests {
    static func read(_ xml: String) throws(ConfigError) -> ServerModel {
        try ConfigReader().withURLRewrite().read(data: Data(xml.utf8), file: "test.config", baseDirectory: "/etc/isapi")
    }

    static func errors(_ xml: String) -> [String] {
        do {
            _ = try read(xml)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    static func sections(_ site: SiteModel) -> [IISRewriteSection] {
        (site.customSections["rewrite"] ?? []).compactMap { $0.value as? IISRewriteSection }
    }

    static func config(server: String = "", site: String) -> String {
        """
        <configuration>
          <system.applicationHost><sites>
            <site name="A" id="1">
              <application path="/"><virtualDirectory path="/" physicalPath="/srv/a"/></application>
              <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
            </site>
          </sites></system.applicationHost>
          <system.webServer>\(server)</system.webServer>
          <location path="A"><system.webServer><rewrite>\(site)</rewrite></system.webServer></location>
        </configuration>
        """
    }

    @Test func rulesConditionsActionsAndMapsAreRead() throws {
        let model = try Self.read(Self.config(
            server: #"<rewrite><globalRules><rule name="G"><match url="^g"/><action type="AbortRequest"/></rule></globalRules></rewrite>"#,
            site: """
                <rewriteMaps><rewriteMap name="M" defaultValue="d" ignoreCase="false"><add key="k" value="v"/></rewriteMap></rewriteMaps>
                <rules>
                  <rule name="R" stopProcessing="true" patternSyntax="wildcard">
                    <match url="*.htm" ignoreCase="false" negate="true"/>
                    <conditions logicalGrouping="MatchAny" trackAllCaptures="true">
                      <add input="{REQUEST_FILENAME}" matchType="IsFile" negate="true"/>
                      <add input="{HTTP_HOST}" pattern="^a$"/>
                    </conditions>
                    <serverVariables><set name="HTTP_X_ORIGINAL" value="{HTTP_HOST}" replace="false"/></serverVariables>
                    <action type="Redirect" url="/x/{R:1}" redirectType="SeeOther" appendQueryString="false"/>
                  </rule>
                  <rule name="C"><match url="^c"/><action type="CustomResponse" statusCode="401" subStatusCode="1" statusReason="No" statusDescription="Nope"/></rule>
                </rules>
                """))
        let sections = Self.sections(model.sites[0])
        #expect(sections.count == 2)
        #expect(sections[0].globalRules.map(\.name) == ["G"])
        #expect(sections[0].globalRules[0].action == .abortRequest)
        let rule = try #require(sections[1].rules.first)
        #expect(rule.stopProcessing && rule.patternSyntax == .wildcard && !rule.ignoreCase && rule.negate)
        #expect(rule.matchAny && rule.trackAllCaptures)
        #expect(rule.conditions.map(\.matchType) == [.isFile, .pattern])
        #expect(rule.conditions[0].negate && rule.conditions[1].pattern == "^a$")
        #expect(rule.serverVariables.map(\.name) == ["HTTP_X_ORIGINAL"] && rule.serverVariables[0].value == "{HTTP_HOST}")
        #expect(rule.serverVariables[0].replace == false)
        #expect(rule.action == .redirect && rule.redirectStatus == 303 && !rule.appendQueryString && rule.actionURL == "/x/{R:1}")
        let custom = sections[1].rules[1]
        #expect(custom.statusCode == 401 && custom.subStatusCode == 1 && custom.statusReason == "No" && custom.statusDescription == "Nope")
        let map = try #require(sections[1].maps.first)
        #expect(map.name == "M" && map.defaultValue == "d" && !map.ignoreCase)
        #expect(map.entries.map { $0.key } == ["k"] && map.entries.map { $0.value } == ["v"])
    }

    @Test func badValuesAreErrorsThatNameTheAttribute() {
        let errors = Self.errors(Self.config(site: """
            <globalRules><rule name="X"><match url="."/></rule></globalRules>
            <rules>
              <rule name="A"><match url="."/><action type="Redirect" url="/b" redirectType="Sometimes"/></rule>
              <rule name="B"><match url="."/><action type="Rewrite"/></rule>
              <rule name="C"><action type="None"/></rule>
              <rule name="D"><match url="."/><action type="CustomResponse" statusCode="abc"/></rule>
              <rule name="E" patternSyntax="Glob"><match url="."/></rule>
            </rules>
            """))
        #expect(errors.contains { $0.contains("<globalRules> is allowed in applicationHost.config at server level only") })
        #expect(errors.contains { $0.contains("redirectType=\"Sometimes\"") })
        #expect(errors.contains { $0.contains("<action type=\"Rewrite\"> needs a non-empty 'url'") })
        #expect(errors.contains { $0.contains("has no <match url=...>") })
        #expect(errors.contains { $0.contains("statusCode=\"abc\"") })
        #expect(errors.contains { $0.contains("patternSyntax=\"Glob\"") })
    }

    @Test func duplicateRuleNamesAreAnError() {
        let errors = Self.errors(Self.config(site: """
            <rules><rule name="A"><match url="a"/></rule><rule name="a"><match url="b"/></rule></rules>
            """))
        #expect(errors.contains { $0.contains("already defined") })
    }
}
