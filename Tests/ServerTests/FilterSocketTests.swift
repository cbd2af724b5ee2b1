import Foundation
import Memory
import Pipeline
import Server
import TestSupport
import Testing

/// A pipeline over `root` (by default one that does not exist) with `filters` in front of `modules`.
func filterServerPipeline(_ filters: [SocketFilter], root: String = "/nonexistent", modules: [ModuleRegistration] = [],
                          memory: MemoryConfiguration = .default, accounting: MemoryAccounting = .shared) throws -> RequestPipeline {
    try filterPipeline(filters, root: root, modules: modules, memory: memory, accounting: accounting)
}

/// A module "M" that logs its notifications and answers ExecuteRequestHandler with `answer`.
func loggingModule(_ log: SharedLog, _ notifications: RequestNotifications = [.beginRequest, .executeRequestHandler],
                   answer: @escaping @Sendable (HttpContext) -> NotificationStatus = { context in
                       context.response.write("handled \(context.request.path)")
                       return .finishRequest
                   }) -> ModuleRegistration {
    recordingModule("M", log: log, notifications: notifications, recordsDispose: false) { notification, context in
        notification == .stage(.executeRequestHandler, isPost: false) ? answer(context) : .continue
    }
}

final class Flags: @unchecked Sendable { var values: [String] = [] }

@Suite("ISAPI filters over a real socket", .serialized)
struct FilterSocketTests {
    static let everything: FilterNotifications = [
        .preprocHeaders, .authentication, .authComplete, .urlMap, .sendResponse, .log, .endOfRequest, .endOfNetSession,
    ]

    @Test("two keep-alive requests give the documented sequence; a filter subscribed to nothing sees nothing")
    func documentedSequence() async throws {
        let log = SharedLog()
        let high = SocketFilter("H", flags: Self.everything.union(.orderHigh), log: log)
        let low = SocketFilter("L", flags: Self.everything.union(.orderLow), log: log)
        let idle = SocketFilter("S", flags: [.orderMedium, .nonSecurePort], log: log)
        let module = loggingModule(log) { context in
            _ = context.mapPath(context.request.path)
            context.response.write("ok")
            return .finishRequest
        }
        try await withServer(try filterServerPipeline([low, idle, high], modules: [module])) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("/a").text == "ok")
            #expect(try client.get("/b").text == "ok")
            client.close()
            #expect(await eventually { log.all.filter { $0.hasSuffix("END_OF_NET_SESSION") }.count == 2 })
        }
        let perRequest = [
            "H:PREPROC_HEADERS", "L:PREPROC_HEADERS", "M:BeginRequest",
            "H:AUTHENTICATION", "L:AUTHENTICATION", "H:AUTH_COMPLETE", "L:AUTH_COMPLETE",
            "M:ExecuteRequestHandler", "H:URL_MAP", "L:URL_MAP",
            "L:SEND_RESPONSE", "H:SEND_RESPONSE",
            "H:LOG", "L:LOG", "H:END_OF_REQUEST", "L:END_OF_REQUEST",
        ]
        #expect(log.all == perRequest + perRequest + ["H:END_OF_NET_SESSION", "L:END_OF_NET_SESSION"])
        #expect(!log.all.contains { $0.hasPrefix("S:") })
    }

    static func counterFilter(_ sessions: Flags) -> SocketFilter {
        SocketFilter("Counter", flags: [.preprocHeaders, .sendResponse, .endOfNetSession]) { fc, notification in
            switch notification {
            case .preprocHeaders:
                if fc.context == nil {
                    fc.context = fc.allocMem(MemoryLayout<Int>.size)
                    fc.context!.storeBytes(of: 0, as: Int.self)
                }
                fc.context!.storeBytes(of: fc.context!.load(as: Int.self) + 1, as: Int.self)
            case .sendResponse(let headers):
                try? headers.addHeader("X-Request-Count:", String(fc.context!.load(as: Int.self)))
            case .endOfNetSession:
                sessions.values.append("end count=\(fc.context.map { $0.load(as: Int.self) } ?? -1)")
            default:
                break
            }
            return .nextNotification
        }
    }

    @Test("the context slot and an AllocMem block survive across requests; closing runs END_OF_NET_SESSION and frees them")
    func connectionMemory() async throws {
        let sessions = Flags()
        let accounting = MemoryAccounting()
        let pipeline = try filterServerPipeline([Self.counterFilter(sessions)], modules: [loggingModule(SharedLog())],
                                                accounting: accounting)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("/").header("X-Request-Count") == "1")
            #expect(try client.get("/").header("X-Request-Count") == "2")
            #expect(try client.get("/").header("X-Request-Count") == "3")
            client.close()
            #expect(await eventually { sessions.values == ["end count=3"] })
            #expect(await eventually { accounting.liveConnectionBytes == 0 && accounting.liveConnectionArenas == 0 })
            let fresh = try TestClient(port: port)
            #expect(try fresh.get("/").header("X-Request-Count") == "1")
        }
    }

    @Test("the same happens when the server closes an idle connection")
    func idleTimeoutRunsEndOfNetSession() async throws {
        let sessions = Flags()
        let accounting = MemoryAccounting()
        let pipeline = try filterServerPipeline([Self.counterFilter(sessions)], modules: [loggingModule(SharedLog())],
                                                accounting: accounting)
        try await withServer(pipeline, configure: { $0.timeouts.idle = .milliseconds(300) }) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("/").header("X-Request-Count") == "1")
            #expect(client.waitForClose())
            #expect(await eventually { sessions.values == ["end count=1"] })
            #expect(await eventually { accounting.liveConnectionBytes == 0 && accounting.liveConnectionArenas == 0 })
        }
    }

    @Test("a URL rewritten in PREPROC_HEADERS is what modules, MapPath and the static handler see")
    func preprocRewrite() async throws {
        let root = URL(fileURLWithPath: ScratchDirectory.file("filter-rewrite"))
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "the new page".write(to: root.appendingPathComponent("new.txt"), atomically: true, encoding: .utf8)
        let seen = Flags()
        let rewriter = SocketFilter("Rewriter", flags: [.preprocHeaders, .urlMap]) { _, notification in
            switch notification {
            case .preprocHeaders(let headers):
                if (try? headers.getHeader("url")) == "/old.txt" { try? headers.setHeader("url", "/new.txt") }
            case .urlMap(let map):
                seen.values.append("\(map.url) -> \(map.physicalPath)")
            default: break
            }
            return .nextNotification
        }
        let observer = recordingModule("Observer", log: SharedLog(), notifications: .beginRequest)
        let pipeline = try filterServerPipeline([rewriter], root: root.path, modules: [observer, StaticFileModule.registration()])
        try await withServer(pipeline) { _, port in
            let response = try TestClient(port: port).get("/old.txt")
            #expect(response.status == 200)
            #expect(response.text == "the new page")
        }
        #expect(seen.values == ["/new.txt -> \(root.path)/new.txt"])
    }

    @Test("FINISHED closes, FINISHED_KEEP_CONN keeps, HANDLED stops one event's chain, ERROR uses the last error")
    func returnCodes() async throws {
        let log = SharedLog()
        let decider = SocketFilter("Decider", flags: [.preprocHeaders, .orderHigh], log: log) { fc, notification in
            guard case .preprocHeaders(let headers) = notification else { return .nextNotification }
            switch try? headers.getHeader("url") {
            case "/finished":
                try? fc.sendResponseHeader(status: "200 OK", headers: "Content-Length: 4\r\n\r\n")
                try? fc.writeClient(Array("done".utf8))
                return .finished
            case "/keep":
                try? fc.sendResponseHeader(status: "202 Accepted", headers: "Content-Length: 4\r\n\r\n")
                try? fc.writeClient(Array("kept".utf8))
                return .finishedKeepConnection
            case "/handled":
                return .handledNotification
            case "/error":
                fc.lastError = .accessDenied
                return .error
            default:
                return .nextNotification
            }
        }
        let follower = SocketFilter("Follower", flags: [.preprocHeaders, .orderLow], log: log)
        let pipeline = try filterServerPipeline([decider, follower], modules: [loggingModule(SharedLog())])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let kept = try client.get("/keep")
            #expect(kept.status == 202)
            #expect(kept.text == "kept")
            let handled = try client.get("/handled")
            #expect(handled.text == "handled /handled", "request processing goes on")
            // /keep stopped at the decider (FINISHED_KEEP_CONN), /handled skipped the rest of the chain.
            #expect(!log.all.contains("Follower:PREPROC_HEADERS"))
            let failed = try client.get("/error")
            #expect(failed.status == 403)
            #expect(failed.text.contains("Decider"))
            let finished = try TestClient(port: port)
            let done = try finished.get("/finished")
            #expect(done.text == "done")
            #expect(finished.waitForClose())
        }
    }

    @Test("a READ_RAW_DATA filter edits a header in the raw bytes; a SEND_RAW_DATA filter transforms the body; framing stays right")
    func rawData() async throws {
        let reader = SocketFilter("Reader", flags: .readRawData) { _, notification in
            if case .readRawData(let data) = notification {
                data.bytes = Array(String(decoding: data.bytes, as: UTF8.self)
                    .replacingOccurrences(of: "X-Role: guest", with: "X-Role: administrator").utf8)
            }
            return .nextNotification
        }
        let sender = SocketFilter("Sender", flags: .sendRawData) { _, notification in
            if case .sendRawData(let data) = notification {
                let text = String(decoding: data.bytes, as: UTF8.self)
                if !text.hasPrefix("HTTP/") { data.bytes = Array("<<\(text.uppercased())>>".utf8) }
            }
            return .nextNotification
        }
        let module = loggingModule(SharedLog()) { context in
            context.response.write("role=\(context.request.headers["X-Role"] ?? "none")")
            return .finishRequest
        }
        try await withServer(try filterServerPipeline([reader, sender], modules: [module])) { _, port in
            let client = try TestClient(port: port)
            let first = try client.get("/", headers: ["X-Role: guest"])
            #expect(first.text == "<<ROLE=ADMINISTRATOR>>")
            #expect(first.header("Content-Length") == "22")
            let second = try client.get("/", headers: ["X-Role: guest"])
            #expect(second.text == "<<ROLE=ADMINISTRATOR>>", "the next response on the connection parses")
        }
    }

    @Test("a 401 from a module raises ACCESS_DENIED and adds the ADD_HEADERS_ON_DENIAL headers")
    func accessDenied() async throws {
        let log = SharedLog()
        let auth = SocketFilter("Auth", flags: [.preprocHeaders, .accessDenied], log: log) { fc, notification in
            if case .preprocHeaders = notification {
                try? fc.addHeadersOnDenial("WWW-Authenticate: Basic realm=\"isapi\"\r\n")
            }
            return .nextNotification
        }
        let module = loggingModule(SharedLog()) { context in
            context.response.setStatus(401)
            context.response.write("who are you?")
            return .finishRequest
        }
        try await withServer(try filterServerPipeline([auth], modules: [module])) { _, port in
            let response = try TestClient(port: port).get("/private")
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate") == "Basic realm=\"isapi\"")
        }
        #expect(log.all.contains("Auth:ACCESS_DENIED"))
    }

    @Test("past the AllocMem cap the filter gets nil, the response completes and the connection closes after it")
    func allocMemCap() async throws {
        let results = Flags()
        let greedy = SocketFilter("Greedy", flags: .preprocHeaders) { fc, _ in
            results.values.append(fc.allocMem(700) == nil ? "nil \(fc.lastError)" : "block")
            return .nextNotification
        }
        let pipeline = try filterServerPipeline([greedy], modules: [loggingModule(SharedLog())],
                                                memory: MemoryConfiguration(connectionByteCap: 1000))
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("/1").status == 200)
            let second = try client.get("/2")
            #expect(second.status == 200)
            #expect(second.text == "handled /2")
            #expect(client.waitForClose())
        }
        #expect(results.values == ["block", "nil ERROR_NOT_ENOUGH_MEMORY"])
    }
}
