import Config
import Foundation
import Pipeline
import SiteAssembly
import TestSupport
import Testing

/// What `assemble` reports for configurations that read fine but cannot be built.
private func assemblyMessages(_ xml: String, loader: SwiftFilterLoader = SwiftFilterLoader(filters: [:])) throws -> [String] {
    let directory = try TemporaryConfig.directory()
    let model = try TemporaryConfig.model(xml, in: directory)
    do {
        let assembled = try ServerAssembler(loader: loader).assemble(model)
        defer { assembled.terminate() }
        return assembled.warnings.map(\.message)
    } catch {
        return error.diagnostics.map { "\($0.severity): \($0.message)" }
    }
}

private func site(modules: String, handlers: String = "", filters: String = "", root: String = "site") -> String {
    """
    <configuration>
      <system.applicationHost><sites>
        <site name="Only" id="7">
          <application path="/"><virtualDirectory path="/" physicalPath="\(root)"/></application>
          <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
        </site>
      </sites></system.applicationHost>
      <system.webServer>
        <modules>\(modules)</modules>
        <handlers>\(handlers)</handlers>
        <isapiFilters>\(filters)</isapiFilters>
      </system.webServer>
    </configuration>
    """
}

@Suite("Assembling a configuration into pipelines")
struct AssemblyErrorTests {
    @Test func unknownModuleNeedsAGlobalModulesEntry() throws {
        let messages = try assemblyMessages(site(modules: "<add name=\"Mystery\"/>"))
        #expect(messages == ["error: module 'Mystery' in <modules> has no <globalModules> entry and is not a built-in module; add <globalModules><add name=\"Mystery\" image=\"/path/to/lib.so\"/></globalModules>"])
    }

    @Test func aTypoInTheServersModulesIsReportedOnceNotOncePerSite() throws {
        let twoSites = site(modules: "<add name=\"StaticFileModul\"/>").replacingOccurrences(of: "</sites>", with: """
            <site name="Second" id="8">
              <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
              <bindings><binding protocol="http" bindingInformation="*:8080:second.local"/></bindings>
            </site></sites>
            """)
        let messages = try assemblyMessages(twoSites)
        #expect(messages == ["error: module 'StaticFileModul' in <modules> has no <globalModules> entry and is not a built-in module; add <globalModules><add name=\"StaticFileModul\" image=\"/path/to/lib.so\"/></globalModules>"])
    }

    @Test func rewriteRuleWarningsAreConfigurationWarnings() throws {
        let directory = try TemporaryConfig.directory()
        try "RewriteRule ^/a$ /b [L]\nRewriteRule ^/c$ /d [Q]\n".write(toFile: directory + "/IIRF.ini", atomically: true, encoding: .utf8)
        let xml = site(modules: "<add name=\"IsapiFilterModule\"/>").replacingOccurrences(
            of: "<isapiFilters></isapiFilters>", with: "<isapiFilters></isapiFilters><rewrite rulesFile=\"IIRF.ini\" dialect=\"iirf\"/>")
        let assembled = try ServerAssembler(loader: SwiftFilterLoader(filters: [:])).assemble(try TemporaryConfig.model(xml, in: directory))
        defer { assembled.terminate() }
        #expect(assembled.warnings.count == 1, "\(assembled.warnings)")
        #expect(assembled.warnings.first?.file.hasSuffix("/IIRF.ini") == true)
        #expect(assembled.warnings.first?.line == 2)
        #expect(assembled.warnings.first?.message.hasPrefix("rewrite rules: ") == true)
    }

    @Test func handlerNamingAModuleNotEnabled() throws {
        let messages = try assemblyMessages(site(modules: "<add name=\"StaticFileModule\"/>",
                                                 handlers: "<add name=\"H\" path=\"*\" modules=\"HelloModule\"/>"))
        #expect(messages == ["error: <handlers> entry 'H' names module 'HelloModule', which is not enabled in <modules> for site 'Only'"])
    }

    @Test func physicalPathMustBeADirectory() throws {
        let messages = try assemblyMessages(site(modules: "", root: "site/index.html"))
        #expect(messages.count == 1)
        #expect(messages[0].hasPrefix("error: <site name=\"Only\">: the physical path '"))
        #expect(messages[0].hasSuffix("/site/index.html' is not a directory; create it or fix <virtualDirectory physicalPath>"))
    }

    /// A root application without a root directory would have no root at all: an error.
    @Test func aSiteWithoutRootDirectoryIsAnError() throws {
        let xml = site(modules: "").replacingOccurrences(of: "<virtualDirectory path=\"/\" physicalPath=\"site\"/>",
                                                         with: "<virtualDirectory path=\"/images\" physicalPath=\"site\"/>")
        #expect(try assemblyMessages(xml) == ["error: <site name=\"Only\">: its root application has no <virtualDirectory path=\"/\" physicalPath=...>; add one"])
    }

    /// As IIS: a site whose directory does not exist (yet) starts, with a warning.
    @Test func aMissingPhysicalPathIsAWarning() throws {
        let messages = try assemblyMessages(site(modules: "", root: "missing"))
        #expect(messages.count == 1)
        #expect(messages[0].hasPrefix("<site name=\"Only\">: the physical path '"))
        #expect(messages[0].hasSuffix("/missing' does not exist; the site is served and its requests get 404 until it does (create it, or fix <virtualDirectory physicalPath> or --map-path)"))
    }

    @Test func filtersWithoutIsapiFilterModuleDoNotRun() throws {
        let filter = RecordingFilter("F")
        let messages = try assemblyMessages(site(modules: "<add name=\"StaticFileModule\"/>",
                                                 filters: "<filter name=\"F\" path=\"/f.so\"/>"),
                                            loader: SwiftFilterLoader(filters: ["/f.so": filter]))
        #expect(messages == ["site 'Only' configures ISAPI filters but IsapiFilterModule is not enabled in its <modules>; its filters do not run (add <add name=\"IsapiFilterModule\"/>)"])
    }

    @Test func filterLoadFailureNamesTheEntry() throws {
        let messages = try assemblyMessages(site(modules: "<add name=\"IsapiFilterModule\"/>",
                                                 filters: "<filter name=\"Gone\" path=\"/gone.so\"/>"))
        #expect(messages == ["error: <isapiFilters> filter 'Gone': ISAPI filter 'Gone' could not be loaded: no test filter at /gone.so (no file at /gone.so: build it — `swift build` builds the package's example filters and modules — or fix the path)"])
    }

    @Test func builtInNamesMapToSwiftModules() throws {
        let directory = try TemporaryConfig.directory()
        let model = try TemporaryConfig.model(site(modules: """
            <add name="StaticFileModule"/><add name="PoweredBy" type="IsapiBridge.PoweredByModule"/>
            <add name="DefaultDocumentModule"/><add name="RequestFilteringModule"/><add name="StaticCompressionModule"/>
            """), in: directory)
        let assembled = try ServerAssembler(loader: SwiftFilterLoader(filters: [:])).assemble(model)
        let only = try #require(assembled.site(named: "Only"))
        // Around them, the section slots a web.config could use with these modules (500.19 for a
        // broken web.config, 500.21 for a handler a web.config adds that has no Linux meaning,
        // staticContent with StaticFileModule, defaultDocument).
        #expect(only.pipeline.modules.map(\.name) == ["ConfigurationError", "StaticFileModule", "PoweredByModule",
                                                      "UnavailableHandler", "DefaultDocumentModule", "StaticContent"])
        #expect(only.pipeline.site.id == 7)
        #expect(assembled.warnings.isEmpty)
        #expect(assembled.notes.map(\.item) == ["module StaticCompressionModule"])
        #expect(assembled.notes.first?.category == .notImplemented)
        let report = LoadReport.text(assembled)
        #expect(report.contains("DefaultDocumentModule    accepted: serves <defaultDocument> files (without one, StaticFileModule serves index.html)"))
        #expect(report.split(separator: "\n").contains {
            $0.contains("RequestFilteringModule") && $0.contains("accepted: the pipeline applies <requestFiltering> to every request")
        })
    }

    @Test func theExampleConfigurationLoads() throws {
        let model = try ConfigReader().read(file: NativeFixtures.packageRoot + "/Examples/applicationHost.config")
        #expect(model.sites.map(\.name) == ["Default Web Site", "Rewrite Demo", "Secure Demo"])
        #expect(model.globalModules.map(\.name) == ["HeaderEcho", "ConnectionCounter"])
        #expect(model.sites[0].filters.map(\.name) == ["ResponseHeaders", "LogRewrite"])
        #expect(model.sites[1].rewrite?.dialect == "iirf")
        #expect(model.warnings.isEmpty)
        #expect(model.listeners == [Listener(address: "127.0.0.1", port: 8080), Listener(address: "127.0.0.1", port: 8443, secure: true)])
        #expect(model.sites[2].bindings.first?.tls?.selfSignedIfMissing == true)
    }
}
