import Config
import Foundation
import Server
import SiteAssembly
import TestSupport
import Testing

/// The IIS Express fixture with the site Visual Studio adds for an ASP.NET Core project: a drive-
/// letter path on another drive, and a `<location path="Site">` that maps every path to the
/// aspNetCore handler with `%LAUNCHER_PATH%` arguments. On Linux the site must load, say once
/// that the ASP.NET Core Module is not available, and answer its requests 500.21, not crash.
enum IISExpressCoreProject {
    static let site = """
                <site name="CoreApp" id="3">
                    <application path="/" applicationPool="CoreApp AppPool">
                        <virtualDirectory path="/" physicalPath="D:\\Workspace\\CoreApp\\CoreApp" />
                    </application>
                    <bindings>
                        <binding protocol="http" bindingInformation="*:50073:localhost" />
                    </bindings>
                </site>
                <siteDefaults>
        """
    static let location = """
        <location path="CoreApp">
            <system.webServer>
                <handlers>
                    <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified" />
                </handlers>
                <aspNetCore processPath="%LAUNCHER_PATH%" arguments="%LAUNCHER_ARGS%" stdoutLogEnabled="false" hostingModel="InProcess" startupTimeLimit="3600" requestTimeout="23:00:00" />
            </system.webServer>
        </location>
        </configuration>
        """

    /// The fixture with the project site, written to a scratch directory with its site folder.
    static func write() throws -> (config: String, mapPaths: [String]) {
        let directory = try ScratchDirectory.make("iisx-core")
        try FileManager.default.createDirectory(atPath: directory + "/D/Workspace/CoreApp/CoreApp/wwwroot", withIntermediateDirectories: true)
        try Data("body{}\n".utf8).write(to: URL(fileURLWithPath: directory + "/D/Workspace/CoreApp/CoreApp/wwwroot/site.css"))
        var text = try String(contentsOfFile: IISExpressFixture.config, encoding: .utf8)
        text = text.replacingOccurrences(of: "            <siteDefaults>", with: site)
        text = text.replacingOccurrences(of: "</configuration>", with: location)
        // The fixture's server level maps `*.core` under the same name; IIS Express's template does not.
        text = text.replacingOccurrences(of: "<add name=\"aspNetCore\" path=\"*.core\" verb=\"*\" modules=\"AspNetCoreModuleV2\" resourceType=\"Unspecified\" />", with: "")
        text = text.replacingOccurrences(of: "        </applicationPools>",
                                         with: "            <add name=\"CoreApp AppPool\" managedRuntimeVersion=\"\" />\n        </applicationPools>")
        let config = directory + "/applicationhost.config"
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        let mapPaths = IISExpressFixture.mapPaths(userHome: try ScratchDirectory.make("iisx")) + ["D:\\=\(directory)/D"]
        return (config, mapPaths)
    }
}

@Suite("An IIS Express applicationhost.config with an ASP.NET Core project site", .serialized)
struct IISExpressCoreProjectTests {
    @Test func theCoreSiteLoadsAndAnswers500_21NamingTheModule() async throws {
        let (config, mapPaths) = try IISExpressCoreProject.write()
        var model = try ConfigReader(pathMapping: try PathMapping(parsing: mapPaths)).read(file: config)
        #expect(model.warnings.isEmpty, "\(model.warnings)")
        model.sites = model.sites.filter { $0.name == "CoreApp" }
        model.overrideBindings(address: "127.0.0.1", port: 0)
        let assembled = try ServerAssembler().assemble(model)
        let report = LoadReport.text(assembled)
        #expect(report.contains("handler aspNetCore (*)"), "\(report)")
        #expect(!report.contains("<serverRuntime>"), "serverRuntime is read, not listed as not implemented")
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        for path in ["/", "/Home/Privacy", "/site.css"] {
            let response = try client.get(path, host: "localhost")
            #expect(response.status == 500, "\(path)")
            #expect(response.text.contains("handler 'aspNetCore' needs ASP.NET Core Module"), "\(path): \(response.text)")
        }
        client.close()
        await server.shutdown()
    }
}
