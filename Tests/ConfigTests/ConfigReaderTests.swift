import Config
import Foundation
import Testing

/// Reads `xml` as if it were /etc/isapi/applicationHost.config.
func readConfig(_ xml: String, variables: [String: String] = ["ISAPI_BRIDGE_BIN": "/opt/bin"]) throws(ConfigError) -> ServerModel {
    try ConfigReader(variables: variables).read(data: Data(xml.utf8), file: "test.config", baseDirectory: "/etc/isapi")
}

/// The error messages of a configuration that must fail.
func configErrors(_ xml: String) -> [String] {
    do {
        _ = try readConfig(xml)
        return []
    } catch {
        return error.errors.map(\.description)
    }
}

let twoSites = """
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
      <siteDefaults><logFile directory="logs"/></siteDefaults>
      <site name="Alpha" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="sites/alpha"/></application>
        <bindings>
          <binding protocol="http" bindingInformation="*:8080:alpha.local"/>
          <binding protocol="http" bindingInformation="127.0.0.1:9090:"/>
        </bindings>
      </site>
      <site name="Beta" id="2">
        <application path="/"><virtualDirectory path="/" physicalPath="/srv/beta"/></application>
        <bindings><binding protocol="http" bindingInformation="*:8080:beta.local"/></bindings>
        <logFile directory="/var/log/beta"/>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer>
    <globalModules>
      <add name="HelloWorld" image="%ISAPI_BRIDGE_BIN%/libHelloWorldModule.so" preCondition="bitness64"/>
      <add name="Old32" image="/opt/old.so" preCondition="bitness32"/>
    </globalModules>
    <modules>
      <add name="StaticFileModule"/>
      <add name="HelloWorld" preCondition="integratedMode"/>
    </modules>
    <isapiFilters>
      <filter name="Global" path="/opt/filters/global.so"/>
    </isapiFilters>
    <handlers>
      <add name="Hello" path="/hello" verb="GET,HEAD" modules="HelloWorld"/>
      <add name="Static" path="*" verb="*" modules="StaticFileModule"/>
    </handlers>
  </system.webServer>
  <location path="Beta">
    <system.webServer>
      <modules><remove name="HelloWorld"/></modules>
      <isapiFilters>
        <filter name="BetaOnly" path="filters/beta.so" enabled="true"/>
        <filter name="Off" path="filters/off.so" enabled="false"/>
      </isapiFilters>
      <rewrite rulesFile="rules/beta.ini" dialect="iirf"/>
    </system.webServer>
  </location>
</configuration>
"""

@Suite struct ConfigReaderTests {
    @Test func sitesBindingsAndPaths() throws {
        let model = try readConfig(twoSites)
        #expect(model.sites.map(\.name) == ["Alpha", "Beta"])
        #expect(model.sites.map(\.id) == [1, 2])
        let alpha = model.sites[0]
        #expect(alpha.physicalPath == "/etc/isapi/sites/alpha")
        #expect(alpha.bindings.map(\.hostName) == ["alpha.local", ""])
        #expect(alpha.bindings[1].address == "127.0.0.1" && alpha.bindings[1].port == 9090)
        #expect(alpha.logDirectory == "/etc/isapi/logs")
        #expect(model.sites[1].logDirectory == "/var/log/beta")
        #expect(model.listeners == [Listener(address: "*", port: 8080), Listener(address: "127.0.0.1", port: 9090)])
    }

    @Test func globalModulesAndPreconditions() throws {
        let model = try readConfig(twoSites)
        #expect(model.globalModules.map(\.name) == ["HelloWorld"])
        #expect(model.globalModules.map(\.image) == ["/opt/bin/libHelloWorldModule.so"])
        #expect(model.globalModules.map(\.line) == [22])
        #expect(model.notes.contains { $0.line == 23 && $0.category == .preconditionFalse && $0.feature.contains("bitness32") })
        #expect(!model.warnings.contains { $0.message.contains("bitness32") }, "a summary note, not a warning per line")
    }

    @Test func modulesMergeWithLocationRemove() throws {
        let model = try readConfig(twoSites)
        #expect(model.sites[0].modules.map(\.name) == ["StaticFileModule", "HelloWorld"])
        #expect(model.sites[1].modules.map(\.name) == ["StaticFileModule"])
    }

    @Test func filtersAtServerAndSiteLevel() throws {
        let model = try readConfig(twoSites)
        #expect(model.sites[0].filters.map(\.name) == ["Global"])
        let beta = model.sites[1].filters
        #expect(beta.map(\.name) == ["Global", "BetaOnly", "Off"])
        #expect(beta.map(\.isGlobal) == [true, false, false])
        #expect(beta.map(\.enabled) == [true, true, false])
        #expect(beta[1].path == "/etc/isapi/filters/beta.so")
    }

    @Test func handlersAndRewrite() throws {
        let model = try readConfig(twoSites)
        let handlers = model.sites[0].handlers
        #expect(handlers.map(\.name) == ["Hello", "Static"])
        #expect(handlers[0].verb == "GET,HEAD" && handlers[0].modules == ["HelloWorld"])
        #expect(model.sites[0].rewrite == nil)
        #expect(model.sites[1].rewrite?.rulesFile == "/etc/isapi/rules/beta.ini")
        #expect(model.sites[1].rewrite?.dialect == "iirf")
    }

    @Test func clearEmptiesInheritedCollections() throws {
        let xml = twoSites.replacingOccurrences(of: "<modules><remove name=\"HelloWorld\"/></modules>",
                                                with: "<modules><clear/><add name=\"PoweredByModule\"/></modules><isapiFilters><clear/></isapiFilters>")
        let model = try readConfig(xml)
        #expect(model.sites[1].modules.map(\.name) == ["PoweredByModule"])
        #expect(model.sites[1].filters.map(\.name) == ["BetaOnly", "Off"])
    }

    @Test func aSiteRemovesAGlobalFilter() throws {
        let xml = twoSites.replacingOccurrences(of: "<isapiFilters>\n        <filter name=\"BetaOnly\"",
                                                with: "<isapiFilters>\n        <remove name=\"Global\"/><remove name=\"Nobody\"/>\n        <filter name=\"BetaOnly\"")
        let model = try readConfig(xml)
        #expect(model.sites[1].filters.map(\.name) == ["BetaOnly", "Off"])
        #expect(model.sites[0].filters.map(\.name) == ["Global"])
        #expect(model.warnings.contains { $0.message == "<remove name=\"Nobody\"/> in <isapiFilters>: no entry of that name; ignored" })
    }

    @Test func unknownElementsWarnWithLine() throws {
        let xml = twoSites.replacingOccurrences(of: "<handlers>", with: "<frobnicate/>\n    <handlers>")
        let model = try readConfig(xml)
        let warning = try #require(model.warnings.first { $0.message.contains("frobnicate") })
        #expect(warning.description == "test.config:32: warning: unknown element <frobnicate> in <system.webServer>; ignored")
    }

    @Test func unknownPreconditionWarns() throws {
        let xml = twoSites.replacingOccurrences(of: "preCondition=\"integratedMode\"", with: "preCondition=\"integratedMode,frobnicate\"")
        let model = try readConfig(xml)
        #expect(model.warnings.contains { $0.message == "preCondition 'frobnicate' is not supported by isapi-bridge; ignored" })
        #expect(model.sites[0].modules.map(\.name).contains("HelloWorld"))
    }

    /// managedHandler: the module runs only for ASP.NET requests, which isapi-bridge never has.
    @Test func managedHandlerPreconditionSkipsTheModule() throws {
        let xml = twoSites.replacingOccurrences(of: "preCondition=\"integratedMode\"", with: "preCondition=\"integratedMode,managedHandler\"")
        let model = try readConfig(xml)
        #expect(!model.sites[0].modules.map(\.name).contains("HelloWorld"))
        #expect(model.notes.contains { $0.item == "module HelloWorld" && $0.feature == PortingFeature.aspNet })
    }

    /// Visual Studio leaves two sites on one binding ("App" and "App(1)"): as IIS, the first keeps
    /// it, the other does not start.
    @Test func aBindingTakenByAnEarlierSiteIsAWarningAndTheLaterSiteIsNotServed() throws {
        let xml = twoSites.replacingOccurrences(of: "*:8080:beta.local", with: "*:8080:alpha.local")
        let model = try readConfig(xml)
        #expect(model.sites.map(\.name) == ["Alpha"])
        #expect(model.warnings.contains { $0.line == 15 && $0.message.contains("site 'Alpha' already uses this binding, so site 'Beta' does not get it") })
        #expect(model.notes.contains { $0.item == "site Beta" && $0.consequence == "not served: it has no http binding" })
    }
}
