import Config
import Foundation
import Pipeline
import Server
import SiteAssembly
import Synchronization
import TestSupport
import Testing

/// Request filtering's IIS 7.5 additions, `serverRuntime` limits and `ipSecurity`'s substatus,
/// over loopback, with the status and substatus each request is logged with (IIS's codes:
/// 404.10 header too long, 404.18 query string sequence, 404.19 filtering rule, 413
/// maxRequestEntityAllowed, 503.2 appConcurrentRequestLimit, 403.503 IP address denied).
@Suite("request filtering extras and serverRuntime over loopback", .serialized)
struct RequestFilteringExtrasTests {
    static let files = ["site/a.txt": "a\n", "site/page.asp": "asp\n", "site/robots.txt": "robots\n", "site/bin/x.txt": "bin\n"]

    @Test func queryStringSequencesAndAlwaysAllowedQueryStrings() async throws {
        let filtering = """
            <security><requestFiltering>
              <denyQueryStringSequences><add sequence="&lt;script"/></denyQueryStringSequences>
              <alwaysAllowedQueryStrings><add queryString="text=%3Cscript"/></alwaysAllowedQueryStrings>
              <denyUrlSequences><add sequence="robots"/></denyUrlSequences>
              <alwaysAllowedUrls><add url="/robots.txt"/></alwaysAllowedUrls>
            </requestFiltering></security>
            """
        try await servingRecordingSubstatus(directoryConfig(webServer: filtering), files: Self.files) { client, log in
            do { let response = try client.get("/a.txt?x=%3Cscript%3E"); #expect(response.status == 404) }
            #expect(log.last == "404.18", "the unescaped query holds the sequence")
            do { let response = try client.get("/a.txt?x=%3CSCRIPT"); #expect(response.status == 404) }
            #expect(log.last == "404.18", "ignoring case")
            do { let response = try client.get("/a.txt?text=%3Cscript"); #expect(response.text == "a\n", "an always-allowed query string") }
            do { let response = try client.get("/a.txt?x=1"); #expect(response.text == "a\n") }
            do { let response = try client.get("/robots.txt"); #expect(response.text == "robots\n", "an always-allowed URL passes denyUrlSequences") }
            do { let response = try client.get("/robots2.txt"); #expect(response.status == 404) }
            #expect(log.last == "404.5")
        }
    }

    @Test func headerLimitsAnswer404_10() async throws {
        let filtering = """
            <security><requestFiltering><requestLimits>
              <headerLimits><add header="X-Token" sizeLimit="8"/></headerLimits>
            </requestLimits></requestFiltering></security>
            """
        try await servingRecordingSubstatus(directoryConfig(webServer: filtering), files: Self.files) { client, log in
            do { let response = try client.get("/a.txt", headers: ["X-Token: 12345678"]); #expect(response.text == "a\n") }
            let long = try client.get("/a.txt", headers: ["X-Token: 123456789"])
            #expect(long.status == 404 && long.text.contains("headerLimits"), "\(long.text)")
            #expect(log.last == "404.10")
            do { let response = try client.get("/a.txt", headers: ["x-token: 123456789"]); #expect(response.status == 404, "header names ignore case") }
        }
    }

    @Test func filteringRulesAnswer404_19ForWhatTheyScan() async throws {
        let filtering = """
            <security><requestFiltering><filteringRules>
              <filteringRule name="NoSQL" scanUrl="false" scanQueryString="true">
                <appliesTo><add fileExtension=".asp"/></appliesTo>
                <denyStrings><add string="xp_cmdshell"/></denyStrings>
              </filteringRule>
              <filteringRule name="NoBots" scanUrl="true">
                <scanHeaders><add requestHeader="User-Agent"/></scanHeaders>
                <denyStrings><add string="evilbot"/></denyStrings>
              </filteringRule>
            </filteringRules></requestFiltering></security>
            """
        try await servingRecordingSubstatus(directoryConfig(webServer: filtering), files: Self.files) { client, log in
            do { let response = try client.get("/page.asp?q=XP_CMDSHELL"); #expect(response.status == 404) }
            #expect(log.last == "404.19")
            do { let response = try client.get("/page.asp?q=xp%5Fcmdshell"); #expect(response.status == 404, "the query is scanned unescaped too") }
            do { let response = try client.get("/a.txt?q=xp_cmdshell"); #expect(response.text == "a\n", "the rule applies to .asp only") }
            let bot = try client.get("/a.txt", headers: ["User-Agent: EvilBot/1.0"])
            #expect(bot.status == 404 && bot.text.contains("NoBots"))
            #expect(log.last == "404.19")
            do { let response = try client.get("/evilbot.txt"); #expect(response.status == 404) }
            #expect(log.last == "404.19", "scanUrl")
            do { let response = try client.get("/a.txt", headers: ["User-Agent: curl"]); #expect(response.text == "a\n") }
        }
    }

    @Test func hiddenSegmentsApplyToWebDAVFalseLetsWebDAVMethodsPast() async throws {
        let on = "<security><requestFiltering><hiddenSegments><add segment=\"bin\"/></hiddenSegments></requestFiltering></security>"
        let off = "<security><requestFiltering><hiddenSegments applyToWebDAV=\"false\"><add segment=\"bin\"/></hiddenSegments></requestFiltering></security>"
        try await servingRecordingSubstatus(directoryConfig(webServer: on), files: Self.files) { client, log in
            do { let response = try client.get("/bin/x.txt", method: "PROPFIND"); #expect(response.status == 404) }
            #expect(log.last == "404.8")
        }
        try await servingRecordingSubstatus(directoryConfig(webServer: off), files: Self.files) { client, log in
            do { let response = try client.get("/bin/x.txt"); #expect(response.status == 404) }
            #expect(log.last == "404.8", "GET is not WebDAV")
            _ = try client.get("/bin/x.txt", method: "PROPFIND")
            #expect(log.last != "404.8", "PROPFIND passes the hidden segment (no WebDAV module answers it): \(log.all)")
        }
    }

    @Test func fileExtensionsAllowUnlistedFalseServesOnlyListedExtensions() async throws {
        let filtering = """
            <security><requestFiltering><fileExtensions allowUnlisted="false">
              <add fileExtension=".txt" allowed="true"/><add fileExtension="." allowed="true"/>
            </fileExtensions></requestFiltering></security>
            """
        try await servingRecordingSubstatus(directoryConfig(webServer: filtering), files: Self.files) { client, log in
            do { let response = try client.get("/a.txt"); #expect(response.text == "a\n") }
            do { let response = try client.get("/page.asp"); #expect(response.status == 404) }
            #expect(log.last == "404.7")
        }
    }

    @Test func maxRequestEntityAllowedAnswers413() async throws {
        let runtime = "<serverRuntime maxRequestEntityAllowed=\"5\"/>"
        let handlers = "<handlers><clear/><add name=\"Any\" path=\"*\" verb=\"*\" modules=\"StaticFileModule\"/></handlers>"
        try await servingRecordingSubstatus(directoryConfig(webServer: runtime + handlers), files: Self.files) { client, log in
            try client.send(TestClient.request("POST", "/a.txt", body: "123456"))
            let refused = try client.readResponse()
            #expect(refused.status == 413 && refused.text.contains("maxRequestEntityAllowed"), "\(refused.text)")
            #expect(log.last == "413.0")
            try client.send(TestClient.request("POST", "/a.txt", body: "12345"))
            #expect(try client.readResponse().status != 413)
        }
    }

    /// IIS 8 and later log an address the list denies with substatus 503, whatever the denyAction.
    @Test func ipSecurityAnswersWithIIS8Substatuses() async throws {
        for (action, expected) in [("Forbidden", "403.503"), ("NotFound", "404.503"), ("Unauthorized", "401.503")] {
            let section = "<security><ipSecurity denyAction=\"\(action)\"><add ipAddress=\"127.0.0.0\" subnetMask=\"8\" allowed=\"false\"/></ipSecurity></security>"
            try await servingRecordingSubstatus(directoryConfig(webServer: section), files: Self.files) { client, log in
                let refused = try client.get("/a.txt")
                #expect(refused.status == Int(expected.prefix(3)) && !refused.text.contains("a\n"), "\(action)")
                #expect(log.last == expected, "\(action): \(log.all)")
            }
        }
    }

    /// The limit counts requests in progress: a request parked in the pipeline (its handler
    /// returned PENDING) holds its place, a second one on another connection gets 503.2, and once
    /// the first finishes there is room again.
    @Test func appConcurrentRequestLimitAnswers503_2() async throws {
        let directory = try TemporaryConfig.directory()
        let xml = directoryConfig(webServer: "<serverRuntime appConcurrentRequestLimit=\"1\"/><hold/>")
        try Data(xml.utf8).write(to: URL(fileURLWithPath: directory + "/applicationHost.config"))
        var reader = ConfigReader()
        reader.sectionReaders["hold"] = HoldReader()
        var model = try reader.read(file: directory + "/applicationHost.config")
        model.overrideBindings(port: 0)
        let parked = ParkedRequests()
        let log = SubstatusLog()
        let options = PipelineOptions(observers: [log], sectionModules: [
            CustomSectionModule(section: "hold", notifications: .beginRequest) { _, _ in HoldModule(parked) },
        ])
        let server = ConfiguredServer(try ServerAssembler(options: options).assemble(model), template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let first = try TestClient(port: port), second = try TestClient(port: port)
        defer { first.close(); second.close() }
        try first.send(TestClient.request("GET", "/index.html"))
        #expect(await eventually { parked.count == 1 }, "the first request is parked")
        let refused = try second.get("/index.html")
        #expect(refused.status == 503 && refused.text.contains("appConcurrentRequestLimit"), "\(refused.text)")
        #expect(await eventually { log.last == "503.2" }, "\(log.all)")
        parked.releaseAll()
        #expect(try first.readResponse().status == 200)
        #expect(try second.get("/index.html").status == 200, "the finished request no longer counts")
        await server.shutdown()
    }
}

/// `<hold/>`: marks a configuration whose requests `HoldModule` parks.
private struct HoldReader: ConfigSectionReader {
    func read(_ element: ConfigElement, virtualPath: String, diagnostics: SectionDiagnostics) -> (any Sendable)? { true }
}

/// Completion handles of parked requests.
private final class ParkedRequests: Sendable {
    private let handles = Mutex<[CompletionHandle]>([])
    func park(_ handle: CompletionHandle) { handles.withLock { $0.append(handle) } }
    var count: Int { handles.withLock { $0.count } }
    func releaseAll() {
        for handle in handles.withLock({ list in defer { list.removeAll() }; return list }) { _ = handle.indicateCompletion(.continue) }
    }
}

/// Parks the first request it sees (PENDING at BeginRequest) until the test releases it.
private final class HoldModule: HttpModule, Sendable {
    let parked: ParkedRequests
    private let used = Mutex(false)
    init(_ parked: ParkedRequests) { self.parked = parked }
    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard used.withLock({ used in defer { used = true }; return !used }) else { return .continue }
        parked.park(context.makeCompletionHandle())
        return .pending
    }
}
