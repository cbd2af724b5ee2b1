import Foundation
import Config
import Testing

@Suite struct ConfigErrorTests {
    @Test func unmappedWindowsImagePathNamesTheFlag() {
        let xml = twoSites.replacingOccurrences(of: "%ISAPI_BRIDGE_BIN%/libHelloWorldModule.so", with: "D:\\modules\\hello.dll")
        #expect(configErrors(xml) == ["test.config:22: error: <add image=\"D:\\modules\\hello.dll\">: 'D:\\modules\\hello.dll' is a Windows path; map it to a Linux directory with --map-path 'D:\\modules=/srv/...' (repeatable, longest prefix wins)"])
    }

    @Test func windowsFilterPaths() {
        let xml = twoSites.replacingOccurrences(of: "/opt/filters/global.so", with: "C:/filters/global.so")
        #expect(configErrors(xml).first?.contains("<filter path=\"C:/filters/global.so\">: 'C:/filters/global.so' is a Windows path; map it") == true)
    }

    /// A .dll with no Linux build beside it is listed, not an error: the porter may not have
    /// ported it yet.
    @Test func windowsFilterWithoutLinuxBuildIsNoted() throws {
        let dll = twoSites.replacingOccurrences(of: "filters/beta.so", with: "filters/beta.dll")
        let model = try readConfig(dll)
        #expect(model.sites[1].filters.map(\.name) == ["Global", "Off"])
        #expect(model.notes.contains { $0.item == "filter BetaOnly (filters/beta.dll)" && $0.feature == PortingFeature.windowsBinary })
    }

    /// A DLL of Windows or IIS (here under %windir%\System32\inetsrv) is never loaded or mapped.
    @Test func windowsComponentImageIsNotLoaded() throws {
        let xml = twoSites.replacingOccurrences(of: "%ISAPI_BRIDGE_BIN%/libHelloWorldModule.so", with: "%windir%\\System32\\inetsrv\\hello.dll")
        let model = try readConfig(xml)
        #expect(model.globalModules.isEmpty)
        #expect(model.otherGlobalModules.map(\.name) == ["HelloWorld"])
    }

    @Test func invalidEnabled() {
        let xml = twoSites.replacingOccurrences(of: "enabled=\"false\"", with: "enabled=\"maybe\"")
        #expect(configErrors(xml) == ["test.config:42: error: <filter enabled=\"maybe\">: must be true or false"])
    }

    @Test func invalidBindings() {
        let port = twoSites.replacingOccurrences(of: "*:8080:beta.local", with: "*:80800:beta.local")
        #expect(configErrors(port) == ["test.config:15: error: <binding bindingInformation=\"*:80800:beta.local\">: the port '80800' must be a number from 1 to 65535"])
        let shape = twoSites.replacingOccurrences(of: "*:8080:beta.local", with: "8080")
        #expect(configErrors(shape).first?.contains("must be ip:port:host") == true)
        // A binding another site has is not an error: the later site does not get it (as in IIS).
        let duplicate = twoSites.replacingOccurrences(of: "*:8080:beta.local", with: "*:8080:alpha.local")
        #expect(configErrors(duplicate).isEmpty)
    }

    @Test func wildcardAndSpecificAddressOnOnePort() {
        let xml = twoSites.replacingOccurrences(of: "*:8080:beta.local", with: "127.0.0.1:8080:beta.local")
        #expect(configErrors(xml) == ["test.config:15: error: <binding bindingInformation=\"127.0.0.1:8080:beta.local\">: port 8080 is also bound on * (site 'Alpha'); isapi-bridge cannot listen on '*' and a single address with one port: use the same address in both bindings and tell the sites apart by host name"])
    }

    @Test func missingAttributes() {
        let xml = twoSites.replacingOccurrences(of: "<add name=\"Hello\" path=\"/hello\"", with: "<add path=\"/hello\"")
        #expect(configErrors(xml) == ["test.config:33: error: <add> needs a non-empty 'name' attribute"])
        let id = twoSites.replacingOccurrences(of: "id=\"2\"", with: "id=\"two\"")
        #expect(configErrors(id) == ["test.config:13: error: <site id=\"two\">: must be a positive whole number"])
    }

    @Test func locationForUnknownSite() {
        let xml = twoSites.replacingOccurrences(of: "<location path=\"Beta\">", with: "<location path=\"Gamma\">")
        #expect(configErrors(xml).isEmpty, "IIS ignores a location for a path that does not exist")
        let model = try? readConfig(xml)
        #expect(model?.warnings.contains { $0.description == "test.config:37: warning: <location path=\"Gamma\">: no site is named 'Gamma'; its sections are ignored (the path must be a site name from <sites>)" } == true)
        let security = xml.replacingOccurrences(of: "<modules><remove name=\"HelloWorld\"/></modules>",
                                                with: "<security><authentication><anonymousAuthentication enabled=\"false\"/></authentication></security>")
        #expect(configErrors(security) == ["test.config:37: error: <location path=\"Gamma\">: no site is named 'Gamma', and its security settings would apply to none; the path must be a site name from <sites>"])
    }

    @Test func duplicateFilterName() {
        let xml = twoSites.replacingOccurrences(of: "name=\"BetaOnly\"", with: "name=\"Global\"")
        #expect(configErrors(xml) == ["test.config:41: error: <isapiFilters> already has an entry named 'Global'; names must be unique (use <remove name=\"Global\"/> first to replace it)"])
    }

    @Test func badDialectAndMalformedXML() {
        let dialect = twoSites.replacingOccurrences(of: "dialect=\"iirf\"", with: "dialect=\"nginx\"")
        #expect(configErrors(dialect) == ["test.config:44: error: <rewrite dialect=\"nginx\">: must be iirf or mod_rewrite"])
        let broken = twoSites.replacingOccurrences(of: "</handlers>", with: "</handler>")
        let errors = configErrors(broken)
        #expect(errors.count == 1 && errors[0].contains("is not well-formed XML"))
    }

    /// Found by Fuzz/ (config-reader): an element name with bytes that are not UTF-8 trapped in
    /// FoundationXML. Now the read fails naming the line.
    @Test func bytesThatAreNotUTF8() throws {
        var data = Data(twoSites.utf8)
        let handlers = try #require(data.firstRange(of: Data("<handlers".utf8)))
        data.insert(contentsOf: [0xFF, 0xFE, 0x41], at: handlers.upperBound)
        do {
            _ = try ConfigReader().read(data: data, file: "test.config", baseDirectory: "/etc/isapi")
            Issue.record("a document that is not UTF-8 was read")
        } catch {
            let line = twoSites[..<twoSites.range(of: "<handlers")!.lowerBound].count { $0 == "\n" } + 1
            #expect(error.errors.map(\.description) == ["test.config:\(line): error: this line is not valid UTF-8; save the file as UTF-8, the encoding IIS writes applicationHost.config in"])
        }
    }

    /// Found by Fuzz/ (config-reader): `<?name?>` made FoundationXML call strlen on NULL (SIGSEGV),
    /// also where libxml2 found it only by recovering from an error. Now the read fails naming the line.
    @Test func processingInstructionWithoutContent() {
        let line = twoSites[..<twoSites.range(of: "<handlers>")!.lowerBound].count { $0 == "\n" } + 1
        func error(_ line: Int) -> String {
            "test.config:\(line): error: a processing instruction without content (<?name?>) cannot be read; remove it"
        }
        let xml = twoSites.replacingOccurrences(of: "<handlers>", with: "<?empty ?>\n    <handlers>")
        #expect(configErrors(xml) == [error(line)])
        let afterBrokenMarkup = twoSites.replacingOccurrences(of: "<handlers>", with: "<?xml \n<?xm?>\n    <handlers>")
        #expect(configErrors(afterBrokenMarkup) == [error(line + 1)])
        let withContent = twoSites.replacingOccurrences(of: "<handlers>", with: "<?tool setting?><handlers>")
        #expect(configErrors(withContent).isEmpty)
    }

    @Test func malformedXMLIsNamedInWordsWithLineAndColumn() {
        let unquoted = twoSites.replacingOccurrences(of: "id=\"2\"", with: "id=2")
        #expect(configErrors(unquoted) == ["test.config:13: error: the file is not well-formed XML at column 28: an attribute value without quotes; fix the markup there"])
        let mismatch = twoSites.replacingOccurrences(of: "</handlers>", with: "</handler>")
        let errors = configErrors(mismatch)
        #expect(errors.count == 1 && errors[0].contains(": a closing tag that does not match the open element"), "\(errors)")
        #expect(!errors.joined().contains("NSXMLParserErrorDomain"))
        #expect(configErrors("") == ["test.config:0: error: the file is empty; write a <configuration> element (see Examples/applicationHost.config)"])
    }

    @Test func globalModulesOnlyAtServerLevel() {
        let xml = twoSites.replacingOccurrences(of: "<modules><remove name=\"HelloWorld\"/></modules>",
                                                with: "<globalModules><add name=\"X\" image=\"/x.so\"/></globalModules>")
        #expect(configErrors(xml) == ["test.config:39: error: <globalModules> is allowed at server level only; move it out of <location>"])
    }

    @Test func noSites() {
        #expect(configErrors("<configuration/>") == ["test.config:0: error: no <site> is configured; add system.applicationHost/sites/site with a binding and a physical path"])
    }
}
