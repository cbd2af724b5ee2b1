import Foundation
import NativeModules
import Pipeline
import Server
import Synchronization
import TestSupport
import Testing

/// The descriptors a native module gets from the server (IHttpFileInfo, IScriptMapInfo,
/// IHttpCachePolicy, IMetadataInfo, IHttpTraceContext and GL_TRACE_EVENT) and the request and
/// response methods that came with them, through `Fixtures/descriptor_probe.cpp` and
/// `Fixtures/trace_probe.cpp`, over loopback.
@Suite("Native modules: descriptors", .serialized)
struct NativeDescriptorTests {
    @Test("every method of the descriptor and provider interfaces sits in the SDK header's vtable slot")
    func vtableSlots() throws {
        let image = try NativeFixtures.fixture("vtable_slots")
        let handle = try #require(dlopen(image, RTLD_NOW | RTLD_LOCAL))
        defer { dlclose(handle) }
        typealias Count = @convention(c) () -> Int32
        typealias Text = @convention(c) () -> UnsafePointer<CChar>?
        let mismatches = unsafeBitCast(try #require(dlsym(handle, "VtableSlotMismatches")), to: Count.self)
        let first = unsafeBitCast(try #require(dlsym(handle, "VtableSlotFirstMismatch")), to: Text.self)
        #expect(mismatches() == 0, "\(first().map { String(cString: $0) } ?? "")")
    }

    /// A site root holding `hello.txt`.
    private func siteRoot() throws -> (root: String, file: String) {
        let root = try ScratchDirectory.make("descriptors")
        let file = root + "/hello.txt"
        try "hello file\n".write(toFile: file, atomically: true, encoding: .utf8)
        return (root, file)
    }

    private func serve(root: String, modules: [ModuleRegistration], globals: [GlobalModuleRegistration] = [],
                       handlers: [HandlerMapping] = [], traceHandler: (@Sendable (RequestTrace) -> Void)? = nil,
                       _ body: (TestClient) throws -> Void) async throws {
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: root), modules: modules + [textHandler()],
                                       globalModules: globals, handlers: handlers, traceHandler: traceHandler)
        try await withServer(pipeline) { _, port in try body(try TestClient(port: port)) }
        pipeline.terminate()
    }

    private func descriptorProbe() throws -> ModuleRegistration {
        try nativeRegistration("DescriptorProbe", image: try NativeFixtures.fixture("descriptor_probe"))
    }

    /// The ETag of a file: its last-write FILETIME in hex, ":", its size in hex (as static files have it).
    private func expectedETag(_ path: String) -> String {
        var status = stat()
        stat(path, &status)
        let fileTime = 116_444_736_000_000_000 + UInt64(status.st_mtim.tv_sec) * 10_000_000 + UInt64(status.st_mtim.tv_nsec) / 100
        return "\"\(String(fileTime, radix: 16)):\(String(UInt64(status.st_size), radix: 16))\""
    }

    private func httpDate(_ path: String) -> String {
        var status = stat()
        stat(path, &status)
        var seconds = status.st_mtim.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(cString: buffer)
    }

    @Test("IHttpContext::GetFileInfo: size, ETag, Last-Modified, buffer, FILE cache key and handle of the requested file")
    func contextFileInfo() async throws {
        let (root, file) = try siteRoot()
        try await serve(root: root, modules: [try descriptorProbe()]) { (client: TestClient) throws in
            let info = try client.get("/hello.txt?file-info")
            #expect(info.status == 200)
            #expect(info.text == "size=11 etag=\(expectedETag(file)) modified=\(httpDate(file)) buffer=hello file\n"
                + " name=FILE handle=hello file\n")
            #expect(try client.get("/missing.txt?file-info").text == "no file info")
        }
    }

    @Test("IHttpContext::GetFileInfo: the ETag and Last-Modified of the static file handler's response, from its file cache")
    func fileInfoMatchesStaticResponse() async throws {
        let (root, _) = try siteRoot()
        try await serve(root: root, modules: [try descriptorProbe(), StaticFileModule.registration()]) { (client: TestClient) throws in
            let served = try client.get("/hello.txt")
            #expect(served.status == 200)
            #expect(served.text == "hello file\n")
            let etag = try #require(served.header("ETag"))
            let modified = try #require(served.header("Last-Modified"))
            let info = try client.get("/hello.txt?file-info")
            #expect(info.text == "size=11 etag=\(etag) modified=\(modified) buffer=hello file\n name=FILE handle=hello file\n")
        }
    }

    @Test("IHttpServer::GetFileInfo: a reference the caller releases; ERROR_FILE_NOT_FOUND for a missing file")
    func serverFileInfo() async throws {
        let (root, _) = try siteRoot()
        try await serve(root: root, modules: [try descriptorProbe()]) { (client: TestClient) throws in
            #expect(try client.get("/hello.txt?server-file-info").text == "size=11 changed=0")
            #expect(try client.get("/missing.txt?server-file-info").text == "error 0x80070002")
        }
    }

    @Test("IHttpContext::GetScriptMap: the handler mapping chosen at MapRequestHandler, NULL before it; MapHandler for another URL")
    func scriptMap() async throws {
        let (root, _) = try siteRoot()
        let handlers = [HandlerMapping(name: "TextFiles", path: "*.txt", verb: "GET,POST", modules: ["TextHandler"])]
        try await serve(root: root, modules: [try descriptorProbe()], handlers: handlers) { (client: TestClient) throws in
            #expect(try client.get("/map/notes.txt").text == "map TextFiles path=*.txt verbs=GET,POST modules=TextHandler/11 star=0")
            #expect(try client.get("/map/notes.txt?early-map").text == "no script map yet")
            #expect(try client.get("/map/notes.txt?map-handler").text
                == "handler TextFiles and none for .html 0x00000000 0x80070490")
        }
    }

    @Test("IHttpContext::GetIsLastNotification: TRUE while a later notification would run; not after FINISH_REQUEST")
    func isLastNotification() async throws {
        let (root, _) = try siteRoot()
        // The probe's own PostMapRequestHandler is still to come; nothing subscribes to LogRequest or EndRequest.
        try await serve(root: root, modules: [try descriptorProbe()]) { (client: TestClient) throws in
            #expect(try client.get("/?last").text == "continue=1 finish=0")
        }
        let logger = ClosureModule.registration("Logger", .logRequest) { _, _ in .continue }
        try await serve(root: root, modules: [try descriptorProbe(), logger]) { (client: TestClient) throws in
            #expect(try client.get("/?last").text == "continue=1 finish=1")
        }
    }

    @Test("IHttpResponse::GetCachePolicy: vary-by lists, vary-by value, user cache and kernel policy read back as set")
    func cachePolicy() async throws {
        let (root, _) = try siteRoot()
        try await serve(root: root, modules: [try descriptorProbe()]) { (client: TestClient) throws in
            #expect(try client.get("/?cache-policy").text == "vary=Accept,Accept-Language value=v1 user=0 kernel=2/60")
        }
    }

    @Test("IHttpContext::GetMetadata: the site's metabase path and its root as the virtual-directory path")
    func metadata() async throws {
        let (root, _) = try siteRoot()
        try await serve(root: root, modules: [try descriptorProbe()]) { (client: TestClient) throws in
            let text = try client.get("/?metadata").text
            #expect(text.hasPrefix("meta=/LM/W3SVC/1/ROOT vr=\(root)"))
        }
    }

    @Test("IHttpRequest::InsertEntityBody: the inserted bytes are read again before the rest of the body")
    func insertEntityBody() async throws {
        let (root, _) = try siteRoot()
        try await serve(root: root, modules: [try descriptorProbe()]) { (client: TestClient) throws in
            try client.send(TestClient.request("POST", "/?insert-body", body: "posted"))
            #expect(try client.readResponse().text == "inserted:posted")
        }
    }

    @Test("IHttpResponse::ResetConnection: the connection closes; nothing written before or after the reset is sent")
    func resetConnection() async throws {
        let (root, _) = try siteRoot()
        try await serve(root: root, modules: [try descriptorProbe()]) { (client: TestClient) throws in
            try client.send(TestClient.request("GET", "/?reset"))
            #expect(try client.bytesUntilClose().isEmpty)
        }
    }

    @Test("IHttpResponse::DisableBuffering: each write is sent at once (headers are out after the first)")
    func disableBuffering() async throws {
        let (root, _) = try siteRoot()
        try await serve(root: root, modules: [try descriptorProbe()]) { (client: TestClient) throws in
            #expect(try client.get("/?unbuffered").text == "one|sent=1")
        }
    }

    // MARK: IHttpServer::DoCacheOperation and GL_CACHE_OPERATION (cache_probe.cpp)

    @Test("DoCacheOperation: a global module subscribed to GL_CACHE_OPERATION adds, returns and deletes records")
    func cacheOperations() async throws {
        let (root, _) = try siteRoot()
        let module = try NativeModuleLoader.load(name: "CacheProbe", image: try NativeFixtures.fixture("cache_probe"))
        let registration = try #require(module.registration)
        let global = try #require(module.globalRegistration)
        try await serve(root: root, modules: [registration], globals: [global]) { (client: TestClient) throws in
            #expect(try client.get("/item?get").text == "miss")
            #expect(try client.get("/item?put=first").text == "added 0x00000000")
            #expect(try client.get("/item?get").text == "hit first")
            #expect(try client.get("/other?get").text == "miss")
            #expect(try client.get("/item?put=second").text == "added 0x00000000")
            #expect(try client.get("/item?get").text == "hit second")
            #expect(try client.get("/item?delete").text == "deleted 0x00000000")
            #expect(try client.get("/item?get").text == "miss")
        }
    }

    // MARK: IHttpTraceContext and GL_TRACE_EVENT (trace_probe.cpp)

    private func traceProbe() throws -> (ModuleRegistration, GlobalModuleRegistration) {
        let module = try NativeModuleLoader.load(name: "TraceProbe", image: try NativeFixtures.fixture("trace_probe"))
        guard let registration = module.registration, let global = module.globalRegistration else {
            throw CompileFailure(source: "trace_probe.cpp", output: "missing registrations")
        }
        return (registration, global)
    }

    @Test("QuickTrace: recorded in the request trace and raised as GL_TRACE_EVENT to the subscribed module")
    func quickTrace() async throws {
        let (root, _) = try siteRoot()
        let (module, global) = try traceProbe()
        let traces = Mutex<[RequestTrace]>([])
        try await serve(root: root, modules: [module], globals: [global],
                        traceHandler: { trace in traces.withLock { $0.append(trace) } }) { (client: TestClient) throws in
            let quick = try client.get("/?quick")
            #expect(quick.text == "quick 0x00000000")
            #expect(quick.header("X-Trace-Seen") == "QuickTrace Data1=hello")
        }
        let entries = traces.withLock { $0.flatMap(\.entries) }
        #expect(entries.contains { $0.name == "TraceProbe" && $0.notification == "TRACE QuickTrace"
                && $0.result == "Data1=hello Data2=world ErrorCode=0" })
    }

    @Test("CheckSubscription: events of another provider or above the configured verbosity are not the module's")
    func traceSubscription() async throws {
        let (root, _) = try siteRoot()
        let (module, global) = try traceProbe()
        try await serve(root: root, modules: [module], globals: [global]) { (client: TestClient) throws in
            let custom = try client.get("/?custom")
            #expect(custom.text == "custom 0x00000000")
            #expect(custom.header("X-Trace-Seen") == nil)
            let verbose = try client.get("/?verbose")
            #expect(verbose.text == "verbose 0x00000000")
            #expect(verbose.header("X-Trace-Seen") == nil)
        }
    }

    @Test("GetTraceConfiguration answers what SetTraceConfiguration set; the activity id is stable")
    func traceConfiguration() async throws {
        let (root, _) = try siteRoot()
        let (module, global) = try traceProbe()
        try await serve(root: root, modules: [module], globals: [global]) { (client: TestClient) throws in
            #expect(try client.get("/?config").text == "enabled=1 verbosity=5 areas=0xFFFFFFFE")
            #expect(try client.get("/?activity").text == "activity same=1")
        }
    }
}
