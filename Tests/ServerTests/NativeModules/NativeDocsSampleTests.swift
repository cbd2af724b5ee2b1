import NativeModules
import Pipeline
import TestSupport
import Testing

/// The C++ examples of the IIS native-code API reference pages, compiled with the project's headers
/// (`Fixtures/docs-samples/`, each naming its page) and run over loopback: each test checks what
/// the page says the example does.
@Suite("Native modules: the IIS documentation's examples", .serialized)
struct NativeDocsSampleTests {
    /// Serves `modules` (then a text handler) and runs `body` with a client.
    private func serve(_ modules: [ModuleRegistration], globals: [GlobalModuleRegistration] = [],
                       _ body: (TestClient) throws -> Void) async throws {
        let pipeline = makePipeline(modules: modules + [textHandler()], globalModules: globals)
        try await withServer(pipeline) { _, port in try body(try TestClient(port: port)) }
        pipeline.terminate()
    }

    private func sample(_ name: String) throws -> ModuleRegistration {
        try nativeRegistration(name, image: try NativeFixtures.docSample(name))
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

    @Test("IHttpRequest::GetHeader: both overloads; (none) when missing")
    func requestGetHeader() async throws {
        try await serve([try sample("request_getheader")]) { (client: TestClient) throws in
            let both = try client.get("/", headers: ["User-Agent: Sample/1.0", "Accept-Language: en-ie"])
            #expect(both.status == 200)
            #expect(both.header("Content-Type") == "text/plain")
            #expect(both.text == "User-Agent: Sample/1.0\nAccept-Language: en-ie")
            #expect(try client.get("/").text == "User-Agent: (none)\nAccept-Language: (none)")
        }
    }

    @Test("IHttpRequest::SetHeader: later modules see the replaced User-Agent and Accept-Language")
    func requestSetHeader() async throws {
        try await serve([try sample("request_setheader"), headerEcho()]) { (client: TestClient) throws in
            #expect(try client.get("/", headers: ["User-Agent: curl", "Accept-Language: de"]).text == "Test Browser|en-ie")
            #expect(try client.get("/").text == "Test Browser|en-ie")
        }
    }

    @Test("IHttpRequest::DeleteHeader: later modules see neither header")
    func requestDeleteHeader() async throws {
        try await serve([try sample("request_deleteheader"), headerEcho()]) { (client: TestClient) throws in
            #expect(try client.get("/", headers: ["User-Agent: curl", "Accept-Language: de"]).text == "(none)|(none)")
        }
    }

    @Test("IHttpResponse::GetStatus/SetStatus: the body shows the status, the response is 200 OK")
    func responseStatus() async throws {
        try await serve([try sample("response_getstatus")]) { (client: TestClient) throws in
            let response = try client.get("/anything")
            #expect(response.statusLine == "HTTP/1.1 200 OK")
            #expect(response.text == "HTTP Status: 200.0 OK")
        }
    }

    @Test("IHttpResponse::SetHeader: Refresh added, Content-Type and Server replaced")
    func responseSetHeader() async throws {
        try await serve([try sample("response_setheader")]) { (client: TestClient) throws in
            let response = try client.get("/page")
            #expect(response.text == "handled /page")
            #expect(response.header("Refresh") == "30")
            #expect(response.header("Content-Type") == "text/plain")
            #expect(response.headers.filter { $0.0.lowercased() == "server" }.map(\.1) == ["MyServer/7.0"])
        }
    }

    @Test("IHttpResponse::Redirect: 302 to /example/")
    func responseRedirect() async throws {
        try await serve([try sample("response_redirect")]) { (client: TestClient) throws in
            let response = try client.get("/old/page")
            #expect(response.status == 302)
            #expect(response.header("Location")?.hasSuffix("/example/") == true)
        }
    }

    @Test("IHttpEventProvider::SetErrorStatus(S_OK) after writing: 200 Hello World!")
    func setErrorStatus() async throws {
        try await serve([try sample("eventprovider_seterrorstatus")]) { (client: TestClient) throws in
            let response = try client.get("/")
            #expect(response.status == 200)
            #expect(response.text == "Hello World!")
        }
    }

    @Test("IHttpContext::GetServerVariable: SERVER_NAME in the body")
    func getServerVariable() async throws {
        try await serve([try sample("context_getservervariable")]) { (client: TestClient) throws in
            #expect(try client.get("/", host: "sample.test").text == "Server Name: sample.test")
        }
    }

    @Test("IHttpContext::DisableNotifications: OnPostBeginRequest does not run; the flushed start stays")
    func disableNotifications() async throws {
        try await serve([try sample("context_disablenotifications")]) { (client: TestClient) throws in
            let response = try client.get("/")
            #expect(response.status == 200)
            #expect(response.text == "\nNotification: OnBeginRequest\nNotification: OnAcquireRequestState")
        }
    }

    @Test("IHttpConnection::IsConnected in OnSendResponse replaces the body")
    func isConnected() async throws {
        try await serve([try sample("connection_isconnected")]) { (client: TestClient) throws in
            let response = try client.get("/page")
            #expect(response.header("Content-Type") == "text/plain")
            #expect(response.text == "Client connected: Yes")
        }
    }

    @Test("IHttpContext::GetUser in OnSendResponse: the authenticated user's name")
    func getUser() async throws {
        let login = ClosureModule.registration("Login", .authenticateRequest) { _, context in
            if let name = context.request.headers["X-Login"] {
                context.user = HttpUser(name: name, authenticationType: "Basic")
            }
            return .continue
        }
        try await serve([login, try sample("context_getuser")]) { (client: TestClient) throws in
            #expect(try client.get("/", headers: ["X-Login: alice"]).text == "User name: alice")
        }
    }

    @Test("IHttpRequest::ReadEntityBody: a POST body comes back; without a body the request continues")
    func readEntityBody() async throws {
        try await serve([try sample("request_readentitybody")]) { (client: TestClient) throws in
            let body = String(repeating: "0123456789", count: 300)
            try client.send(TestClient.request("POST", "/echo", body: body))
            let echoed = try client.readResponse()
            #expect(echoed.header("Content-Type") == "text/plain")
            #expect(echoed.text == body)
            #expect(try client.get("/plain").text == "handled /plain")
        }
    }

    @Test("IHttpRequest::GetRemoteAddress through SOCKADDR_IN's Windows member names: 7F.00.00.01")
    func remoteAddress() async throws {
        try await serve([try sample("request_getremoteaddress")]) { (client: TestClient) throws in
            #expect(try client.get("/").text == "IP Address: 7F.00.00.01")
        }
    }

    @Test("IHttpContext::GetScriptName at PostMapRequestHandler")
    func scriptName() async throws {
        try await serve([try sample("context_getscriptname")]) { (client: TestClient) throws in
            #expect(try client.get("/dir/page.aspx?q=1").text == "Script Name: /dir/page.aspx")
        }
    }

    @Test("IHttpRequest::SetUrl: the handler sees /example/default.aspx")
    func setUrl() async throws {
        try await serve([try sample("request_seturl")]) { (client: TestClient) throws in
            #expect(try client.get("/anything?x=1").text == "handled /example/default.aspx")
        }
    }

    @Test("IHttpContext::GetSite: the site name")
    func siteName() async throws {
        try await serve([try sample("context_getsite")]) { (client: TestClient) throws in
            #expect(try client.get("/").text == "Site Name: Default Web Site")
        }
    }

    @Test("IHttpServer::GetAppPoolName (wpframework.h, wcslen, wcstombs on PCWSTR)")
    func appPoolName() async throws {
        try await serve([try sample("server_getapppoolname")]) { (client: TestClient) throws in
            #expect(try client.get("/").text == "Application pool name: isapi-bridge")
        }
    }

    @Test("IHttpModuleContextContainer (a GL_TRACE_EVENT module: tchar.h, initguid.h, httptrace.h, httpcach.h) loads; requests are unaffected")
    func traceEventContainerLoads() async throws {
        let module = try NativeModuleLoader.load(name: "Container", image: try NativeFixtures.docSample("container_storedcontext"))
        #expect(module.registration == nil)
        let global = try #require(module.globalRegistration)
        #expect(global.notifications.isEmpty, "GL_TRACE_EVENT is never raised (logged at load)")
        try await serve([], globals: [global]) { (client: TestClient) throws in
            #expect(try client.get("/a").text == "handled /a")
        }
    }

    @Test("CGlobalModule::OnGlobalPreBeginRequest writes its event-log entry for every request")
    func preBeginRequestEventLog() async throws {
        let module = try NativeModuleLoader.load(name: "PreBegin", image: try NativeFixtures.docSample("global_prebeginrequest"))
        let global = try #require(module.globalRegistration)
        let (_, errors) = try await capturingStandardError {
            try await serve([], globals: [global]) { (client: TestClient) throws in
                #expect(try client.get("/a").text == "handled /a")
                #expect(try client.get("/b").text == "handled /b")
            }
        }
        let entries = errors.split(separator: "\n").filter { $0 == "isapi-bridge event [IISADMIN] information: OnGlobalPreBeginRequest" }
        #expect(entries.count == 2)
    }

    @Test("CHttpModule::OnSendResponse (L\"\" written u\"\"): an event-log entry per response")
    func onSendResponseEventLog() async throws {
        let registration = try sample("module_onsendresponse")
        let (_, errors) = try await capturingStandardError {
            try await serve([registration]) { (client: TestClient) throws in
                #expect(try client.get("/a").text == "handled /a")
            }
        }
        #expect(errors.contains("isapi-bridge event [IISADMIN] information: OnSendResponse\n"))
    }
}
