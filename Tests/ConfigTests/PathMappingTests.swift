import Config
import Foundation
import Testing

/// A site whose root is `physicalPath`, read with `--map-path` entries.
private func site(_ physicalPath: String, logDirectory: String? = nil) -> String {
    """
    <configuration>
      <system.applicationHost><sites>
        <site name="S" id="1">
          <application path="/"><virtualDirectory path="/" physicalPath="\(physicalPath)"/></application>
          <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
          \(logDirectory.map { "<logFile directory=\"\($0)\"/>" } ?? "")
        </site>
      </sites></system.applicationHost>
    </configuration>
    """
}

private func read(_ xml: String, _ mappings: [String]) throws -> ServerModel {
    let reader = ConfigReader(variables: ["ISAPI_BRIDGE_BIN": "/opt/bin"], pathMapping: try PathMapping(parsing: mappings))
    return try reader.read(data: Data(xml.utf8), file: "test.config", baseDirectory: "/etc/isapi")
}

private func errors(_ xml: String, _ mappings: [String]) -> [String] {
    do {
        _ = try read(xml, mappings)
        return []
    } catch let error as ConfigError {
        return error.errors.map(\.description)
    } catch {
        return ["\(error)"]
    }
}

@Suite struct PathMappingTests {
    @Test func driveLetterPathsAreTranslatedLongestPrefixFirstIgnoringCase() throws {
        let mappings = ["C:\\inetpub=/srv/inetpub", "c:/INETPUB/wwwroot/shop=/srv/shop"]
        #expect(try read(site("C:\\inetpub\\wwwroot\\Shop\\Assets"), mappings).sites[0].physicalPath == "/srv/shop/Assets")
        #expect(try read(site("C:\\Inetpub\\other"), mappings).sites[0].physicalPath == "/srv/inetpub/other")
        #expect(try read(site("C:\\inetpub"), mappings).sites[0].physicalPath == "/srv/inetpub")
    }

    /// A prefix matches whole components: C:\inetpub does not cover C:\inetpub2.
    @Test func prefixesMatchWholeComponents() {
        #expect(errors(site("C:\\inetpub2\\site"), ["C:\\inetpub=/srv/inetpub"]).first?.contains("is a Windows path; map it") == true)
    }

    @Test func variablesDefaultToTheirWindowsValuesAndMapLikeAnyPath() throws {
        // %IIS_SITES_HOME% is %USERPROFILE%\Documents\My Web Sites when unset.
        #expect(try read(site("%IIS_SITES_HOME%\\WebSite1"), ["C:\\Users=/home"]).sites[0].physicalPath
                == "/home/Default/Documents/My Web Sites/WebSite1")
        // A %VARIABLE% prefix is matched before expansion.
        #expect(try read(site("%IIS_SITES_HOME%\\WebSite1"), ["%iis_sites_home%=/srv/sites"]).sites[0].physicalPath == "/srv/sites/WebSite1")
        #expect(try read(site("%SystemDrive%\\inetpub\\wwwroot"), ["C:\\=/srv/c"]).sites[0].physicalPath == "/srv/c/inetpub/wwwroot")
    }

    @Test func anUnmappedWindowsPathIsAnErrorNamingTheFlag() {
        #expect(errors(site("%IIS_SITES_HOME%\\WebSite1"), []) == [
            "test.config:4: error: <virtualDirectory physicalPath=\"%IIS_SITES_HOME%\\WebSite1\">: 'C:\\Users\\Default\\Documents\\My Web Sites\\WebSite1' is a Windows path; map it to a Linux directory with --map-path 'C:\\Users=/srv/...' (repeatable, longest prefix wins)",
        ])
    }

    @Test func anUndefinedVariableWithoutDefaultIsAnError() {
        #expect(errors(site("%NO_SUCH_VARIABLE_HERE%/site"), []).first?.contains("%NO_SUCH_VARIABLE_HERE% is not set") == true)
    }

    /// Logs are not worth refusing to start for: an unmapped log directory falls back to --log-dir.
    @Test func anUnmappedLogDirectoryIsAWarning() throws {
        let model = try read(site("/srv/site", logDirectory: "%IIS_USER_HOME%\\Logs"), [])
        #expect(model.sites[0].logDirectory == nil)
        #expect(model.warnings.contains { $0.message.contains("%IIS_USER_HOME%\\Logs") && $0.message.contains("--log-dir") })
    }

    @Test func malformedMappingsAreRefusedWithTheReason() {
        #expect(throws: PathMappingError.self) { try PathMapping(parsing: ["C:\\inetpub"]) }
        #expect(throws: PathMappingError.self) { try PathMapping(parsing: ["/srv=/srv2"]) }
        #expect(throws: PathMappingError.self) { try PathMapping(parsing: ["C:\\inetpub=relative/dir"]) }
        do {
            _ = try PathMapping(parsing: ["C:\\inetpub=srv"])
        } catch {
            #expect(error.description == "--map-path 'C:\\inetpub=srv': the right side must be an absolute Linux directory, e.g. /srv/inetpub")
        }
    }

    @Test func uncPathsMap() throws {
        #expect(try read(site("\\\\fileserver\\share\\site"), ["\\\\fileserver\\share=/mnt/share"]).sites[0].physicalPath == "/mnt/share/site")
    }

    @Test func aRelativePathWithBackslashesIsRelativeToTheFile() throws {
        #expect(try read(site("sites\\shop"), []).sites[0].physicalPath == "/etc/isapi/sites/shop")
        #expect(try read(site("\\inetpub\\wwwroot"), ["C:\\inetpub=/srv/inetpub"]).sites[0].physicalPath == "/srv/inetpub/wwwroot",
                "a leading backslash is the system drive's root")
    }
}
