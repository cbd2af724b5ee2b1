import Config
import Foundation
import Pipeline
import Server
import SiteAssembly
import TestSupport
import Testing

/// Reads `<stamp value="..."/>`: the value, or an error for an empty one.
private struct StampReader: ConfigSectionReader {
    func read(_ element: ConfigElement, virtualPath: String, diagnostics: SectionDiagnostics) -> (any Sendable)? {
        guard let value = element.attributes["value"], !value.isEmpty else {
            diagnostics.error(line: element.line, "<stamp> needs a value")
            return nil
        }
        return "\(virtualPath)=\(value)"
    }
}

/// Puts every stamp of the directory, parent first, in `X-Stamp`.
private final class StampModule: HttpModule, Sendable {
    let stamps: String
    init(_ stamps: String) { self.stamps = stamps }
    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        if case .sendResponse(let event) = provider, event.headersBeingSent { context.response.headers.set("X-Stamp", stamps) }
        return .continue
    }
}

/// The registration point another section's parser (the URL Rewrite `<rewrite>` section) plugs into:
/// a reader registered by name gets each occurrence with its directory, and a module made per
/// directory serves that directory's requests.
@Suite("section readers registered by name", .serialized)
struct SectionReaderHookTests {
    @Test func aRegisteredReaderSeesEveryLevelAndItsModuleServesEachDirectory() async throws {
        let directory = try TemporaryConfig.directory()
        let files = [
            "site/web.config": "<configuration><system.webServer><stamp value=\"root-file\"/></system.webServer></configuration>",
            "site/sub/web.config": "<configuration><system.webServer><stamp value=\"sub-file\"/></system.webServer></configuration>",
            "site/bad/web.config": "<configuration><system.webServer><stamp value=\"\"/></system.webServer></configuration>",
            "site/sub/a.txt": "a\n", "site/other/a.txt": "a\n", "site/bad/a.txt": "a\n",
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: directory + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let xml = """
            <configuration>
              <system.applicationHost><sites><site name="Hook" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
                <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
              </site></sites></system.applicationHost>
              <system.webServer><modules><add name="StaticFileModule"/></modules><stamp value="server"/></system.webServer>
              <location path="Hook/other"><system.webServer><stamp value="host-location"/></system.webServer></location>
            </configuration>
            """
        try Data(xml.utf8).write(to: URL(fileURLWithPath: directory + "/applicationHost.config"))
        var reader = ConfigReader()
        reader.sectionReaders["stamp"] = StampReader()
        var model = try reader.read(file: directory + "/applicationHost.config")
        model.overrideBindings(port: 0)
        #expect(model.sites.first?.customSections["stamp"]?.map(\.virtualPath) == ["/"])
        let options = PipelineOptions(sectionModules: [
            CustomSectionModule(section: "stamp", notifications: .sendResponse) { sections, _ in
                StampModule(sections.compactMap { $0.value as? String }.joined(separator: ","))
            },
        ])
        let server = ConfiguredServer(try ServerAssembler(options: options).assemble(model), template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        defer { client.close() }
        let sub = try client.get("/sub/a.txt").header("X-Stamp")
        let other = try client.get("/other/a.txt").header("X-Stamp")
        let bad = try client.get("/bad/a.txt")
        await server.shutdown()
        #expect(sub == "/=server,/=root-file,/sub=sub-file")
        #expect(other == "/=server,/=root-file,/other=host-location")
        #expect(bad.status == 500 && bad.text.contains("<stamp> needs a value"))
    }
}
