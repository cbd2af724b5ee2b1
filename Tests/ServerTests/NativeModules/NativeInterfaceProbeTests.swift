import NativeModules
import Pipeline
import TestSupport
import Testing

/// Native modules written for these tests (`Fixtures/*_probe.cpp`, `trace_container.cpp`) that
/// exercise one server interface method per URL path, compiled with the project's headers and run
/// over loopback: each test checks what the IIS reference documents the method to do.
@Suite("Native modules: interface probes", .serialized)
struct NativeInterfaceProbeTests {
    /// Serves `modules` (then a text handler) and runs `body` with a client.
    private func serve(_ modules: [ModuleRegistration], globals: [GlobalModuleRegistration] = [],
                       _ body: (TestClient) throws -> Void) async throws {
        let pipeline = makePipeline(modules: modules + [textHandler()], globalModules: globals)
        try await withServer(pipeline) { _, port in try body(try TestClient(port: port)) }
        pipeline.terminate()
    }

    private func probe(_ name: String) throws -> ModuleRegistration {
        try nativeRegistration(name, image: try NativeFixtures.fixture(name))
    }

    /// A handler that answers with the request headers the native module left.
    private func headerEcho() -> ModuleRegistration {
        ClosureModule.registration("HeaderEcho", .beginRequest) { _, context in
            context.response.headers.set("Content-Type", "text/plain")
            let agent = context.request.headers["User-Agent"] ?? "(none)"
            let language = context.request.headers["Accept-Language"] ?? "(none)"
            context.response.write("\(agent)|\(language)")
            return .finishRequest
        }
    }

    // MARK: IHttpRequest (request_probe.cpp)

    @Test("IHttpRequest::GetHeader: by name and by HTTP_HEADER_ID; NULL when missing")
    func requestGetHeader() async throws {
        try await serve([try probe("request_probe")]) { (client: TestClient) throws in
            let both = try client.get("/read-headers", headers: ["User-Agent: Sample/1.0", "Accept-Language: en-ie"])
            #expect(both.status == 200)
            #expect(both.header("Content-Type") == "text/plain")
            #expect(both.text == "User-Agent Sample/1.0\nAccept-Language en-ie")
            #expect(try client.get("/read-headers").text == "User-Agent (absent)\nAccept-Language (absent)")
        }
    }

    @Test("IHttpRequest::SetHeader: later modules see the replaced User-Agent and Accept-Language")
    func requestSetHeader() async throws {
        try await serve([try probe("request_probe"), headerEcho()]) { (client: TestClient) throws in
            let replaced = try client.get("/replace-headers", headers: ["User-Agent: curl", "Accept-Language: de"])
            #expect(replaced.text == "Probe Agent/2|fr-ca")
            #expect(try client.get("/replace-headers").text == "Probe Agent/2|fr-ca")
        }
    }

    @Test("IHttpRequest::DeleteHeader: later modules see neither header")
    func requestDeleteHeader() async throws {
        try await serve([try probe("request_probe"), headerEcho()]) { (client: TestClient) throws in
            let removed = try client.get("/remove-headers", headers: ["User-Agent: curl", "Accept-Language: de"])
            #expect(removed.text == "(none)|(none)")
        }
    }

    @Test("IHttpRequest::ReadEntityBody: a POST body comes back; without a body the request continues")
    func readEntityBody() async throws {
        try await serve([try probe("request_probe")]) { (client: TestClient) throws in
            let body = String(repeating: "0123456789", count: 300)
            try client.send(TestClient.request("POST", "/echo-body", body: body))
            let echoed = try client.readResponse()
            #expect(echoed.header("Content-Type") == "text/plain")
            #expect(echoed.text == body)
            #expect(try client.get("/echo-body").text == "handled /echo-body")
        }
    }

    @Test("IHttpRequest::GetRemoteAddress through SOCKADDR_IN's Windows member names: 7F.00.00.01")
    func remoteAddress() async throws {
        try await serve([try probe("request_probe")]) { (client: TestClient) throws in
            #expect(try client.get("/client-address").text == "client 7F.00.00.01")
        }
    }

    @Test("IHttpRequest::SetUrl: the handler sees the new URL, without the query string")
    func setUrl() async throws {
        try await serve([try probe("request_probe")]) { (client: TestClient) throws in
            #expect(try client.get("/rewrite?x=1").text == "handled /rewritten/target.aspx")
        }
    }

    @Test("IHttpRequest::GetRawHttpRequest: V1 members reached directly through HTTP_REQUEST, as in C++ on Windows")
    func rawRequest() async throws {
        try await serve([try probe("request_probe")]) { (client: TestClient) throws in
            #expect(try client.get("/raw-request?x=1").text == "raw GET /raw-request?x=1")
        }
    }

    // MARK: IHttpResponse, IHttpConnection (response_probe.cpp)

    @Test("IHttpResponse::GetStatus after SetStatus: 200.0 OK in the body, 200 OK on the wire")
    func responseStatus() async throws {
        try await serve([try probe("response_probe")]) { (client: TestClient) throws in
            let response = try client.get("/status")
            #expect(response.statusLine == "HTTP/1.1 200 OK")
            #expect(response.text == "status 200.0 OK")
        }
    }

    @Test("IHttpResponse::SetHeader in OnSendResponse: Refresh added, Content-Type and Server replaced")
    func responseSetHeader() async throws {
        try await serve([try probe("response_probe")]) { (client: TestClient) throws in
            let response = try client.get("/headers")
            #expect(response.text == "handled /headers")
            #expect(response.header("Refresh") == "30")
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.headers.filter { $0.0.lowercased() == "server" }.map(\.1) == ["ProbeServer/1.0"])
        }
    }

    @Test("IHttpResponse::Redirect: 302 to /moved/")
    func responseRedirect() async throws {
        try await serve([try probe("response_probe")]) { (client: TestClient) throws in
            let response = try client.get("/redirect/page")
            #expect(response.status == 302)
            #expect(response.header("Location")?.hasSuffix("/moved/") == true)
        }
    }

    @Test("IHttpEventProvider::SetErrorStatus(S_OK) after writing: the response stays 200 with its body")
    func setErrorStatus() async throws {
        try await serve([try probe("response_probe")]) { (client: TestClient) throws in
            let response = try client.get("/error-status")
            #expect(response.status == 200)
            #expect(response.text == "all good")
        }
    }

    @Test("IHttpConnection::IsConnected in OnSendResponse: the probe replaces the body")
    func isConnected() async throws {
        try await serve([try probe("response_probe")]) { (client: TestClient) throws in
            let response = try client.get("/connected")
            #expect(response.header("Content-Type") == "text/plain; charset=us-ascii")
            #expect(response.text == "connected: yes")
        }
    }

    // MARK: IHttpContext, IHttpServer (context_probe.cpp)

    @Test("IHttpContext::GetServerVariable: SERVER_NAME is the Host")
    func getServerVariable() async throws {
        try await serve([try probe("context_probe")]) { (client: TestClient) throws in
            #expect(try client.get("/server-name", host: "sample.test").text == "server name sample.test")
        }
    }

    @Test("IHttpContext::DisableNotifications: OnPostBeginRequest does not run; the flushed start stays")
    func disableNotifications() async throws {
        try await serve([try probe("context_probe")]) { (client: TestClient) throws in
            let response = try client.get("/disable")
            #expect(response.status == 200)
            #expect(response.text == "[begin][acquire]")
        }
    }

    @Test("IHttpContext::GetUser in OnSendResponse: the authenticated user's name; empty for anonymous")
    func getUser() async throws {
        let login = ClosureModule.registration("Login", .authenticateRequest) { _, context in
            if let name = context.request.headers["X-Login"] {
                context.user = HttpUser(name: name, authenticationType: "Basic")
            }
            return .continue
        }
        try await serve([login, try probe("context_probe")]) { (client: TestClient) throws in
            #expect(try client.get("/user", headers: ["X-Login: alice"]).text == "user alice")
            #expect(try client.get("/user").text == "user (anonymous)")
        }
    }

    @Test("IHttpContext::GetScriptName at PostMapRequestHandler: the path without the query")
    func scriptName() async throws {
        try await serve([try probe("context_probe")]) { (client: TestClient) throws in
            #expect(try client.get("/script/page.aspx?q=1").text == "script /script/page.aspx")
        }
    }

    @Test("IHttpContext::GetSite: the site name")
    func siteName() async throws {
        try await serve([try probe("context_probe")]) { (client: TestClient) throws in
            #expect(try client.get("/site").text == "site Default Web Site")
        }
    }

    @Test("IHttpServer::GetAppPoolName (wpframework.h, wcslen, wcstombs on PCWSTR)")
    func appPoolName() async throws {
        try await serve([try probe("context_probe")]) { (client: TestClient) throws in
            #expect(try client.get("/app-pool").text == "pool isapi-bridge")
        }
    }

    // MARK: windows.h's MSVC CRT and kernel32 spellings (windows_crt_probe.cpp)

    @Test("_itoa/_ltoa/_ultoa (radix 10 signed, others two's complement), _itoa_s ERANGE, _ltow_s/_itow_s, Sleep and GetTickCount64")
    func crtSpellings() async throws {
        try await serve([try probe("windows_crt_probe")]) { (client: TestClient) throws in
            let lines = try client.get("/").text.split(separator: "\n").map(String.init)
            #expect(lines == ["_itoa=-42", "itoa=ffffffff", "_ltoa=11111111", "_ultoa=deadbeef", "_itoa_s=ERANGE[]",
                              "_ltow_s=-7", "_itow_s=z", "ticks=advanced"])
        }
    }

    // MARK: Global modules and the event log

    @Test("IHttpModuleContextContainer (a GL_TRACE_EVENT module: tchar.h, initguid.h, httptrace.h, httpcach.h) loads; requests are unaffected")
    func traceEventContainerLoads() async throws {
        let module = try NativeModuleLoader.load(name: "Container", image: try NativeFixtures.fixture("trace_container"))
        #expect(module.registration == nil)
        let global = try #require(module.globalRegistration)
        #expect(global.notifications.isEmpty, "GL_TRACE_EVENT is never raised (logged at load)")
        try await serve([], globals: [global]) { (client: TestClient) throws in
            #expect(try client.get("/a").text == "handled /a")
        }
    }

    @Test("CGlobalModule::OnGlobalPreBeginRequest writes its event-log entry for every request")
    func preBeginRequestEventLog() async throws {
        let module = try NativeModuleLoader.load(name: "PreBegin", image: try NativeFixtures.fixture("event_log_probe"))
        let global = try #require(module.globalRegistration)
        let (_, errors) = try await capturingStandardError {
            try await serve([], globals: [global]) { (client: TestClient) throws in
                #expect(try client.get("/a").text == "handled /a")
                #expect(try client.get("/b").text == "handled /b")
            }
        }
        let entries = errors.split(separator: "\n").filter { $0 == "isapi-bridge event [ProbeLog] information: pre-begin-request" }
        #expect(entries.count == 2)
    }

    @Test("CHttpModule::OnSendResponse (UTF-16 u\"\" strings): an event-log entry per response")
    func onSendResponseEventLog() async throws {
        let registration = try probe("event_log_probe")
        let (_, errors) = try await capturingStandardError {
            try await serve([registration]) { (client: TestClient) throws in
                #expect(try client.get("/a").text == "handled /a")
            }
        }
        #expect(errors.contains("isapi-bridge event [ProbeLog] information: send-response\n"))
    }
}
