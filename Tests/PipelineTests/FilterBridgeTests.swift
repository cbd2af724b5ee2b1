import Memory
import Testing
@testable import Pipeline
import TestSupport

@Suite struct FilterBridgeTests {
    static let everything: FilterNotifications = [
        .preprocHeaders, .authentication, .authComplete, .urlMap, .sendResponse, .log, .endOfRequest, .endOfNetSession,
    ]

    @Test func twoRequestsProduceTheDocumentedSequence() throws {
        let log = EventLog()
        let high = ScriptedFilter("H", flags: Self.everything.union(.orderHigh), log: log)
        let low = ScriptedFilter("L", flags: Self.everything.union(.orderLow), log: log)
        let silent = ScriptedFilter("S", flags: .orderMedium, log: log)
        let module = recordingModule("M", log: log, notifications: [.beginRequest, .executeRequestHandler]) { n, c in
            if n == .stage(.executeRequestHandler, isPost: false) { _ = c.mapPath(c.request.path) }
            return .continue
        }
        let pipeline = try filterPipeline([low, silent, high], modules: [module])
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/a"))
        driver.send(IncomingRequest(target: "/b"))
        driver.close()
        let perRequest = [
            "H:PREPROC_HEADERS", "L:PREPROC_HEADERS", "M:BeginRequest",
            "H:AUTHENTICATION", "L:AUTHENTICATION", "H:AUTH_COMPLETE", "L:AUTH_COMPLETE",
            "M:ExecuteRequestHandler", "H:URL_MAP", "L:URL_MAP",
            "L:SEND_RESPONSE", "H:SEND_RESPONSE",
            "H:LOG", "L:LOG", "H:END_OF_REQUEST", "L:END_OF_REQUEST", "M:dispose",
        ]
        #expect(log.all == perRequest + perRequest + ["H:END_OF_NET_SESSION", "L:END_OF_NET_SESSION"])
        #expect(!log.all.contains { $0.hasPrefix("S:") })
    }

    @Test func contextSlotAndAllocMemSurviveAcrossRequestsAndAreFreedAfterEndOfNetSession() throws {
        let log = EventLog()
        let seen = ResultStash()
        let counter = ScriptedFilter("Counter", flags: [.preprocHeaders, .sendResponse, .endOfNetSession], log: log) { fc, n in
            switch n {
            case .preprocHeaders:
                if fc.context == nil {
                    fc.context = fc.allocMem(8)
                    fc.context?.storeBytes(of: 0, as: Int.self)
                }
                let count = fc.context!.load(as: Int.self) + 1
                fc.context!.storeBytes(of: count, as: Int.self)
            case .sendResponse(let headers):
                try? headers.setHeader("X-Count:", String(fc.context!.load(as: Int.self)))
            case .endOfNetSession:
                seen.values.append(fc.request == nil && fc.session.connection.arena.liveBytes == 8)
            default: break
            }
            return .nextNotification
        }
        let driver = InProcessDriver(pipeline: try filterPipeline([counter]))
        #expect(driver.send(IncomingRequest(target: "/"))?.header("X-Count") == "1")
        #expect(driver.send(IncomingRequest(target: "/"))?.header("X-Count") == "2")
        #expect(driver.send(IncomingRequest(target: "/"))?.header("X-Count") == "3")
        driver.close()
        #expect(seen.values == [true], "END_OF_NET_SESSION ran once, with the AllocMem block still alive")
        #expect(driver.connection.arena.liveBytes == 0)
        let fresh = InProcessDriver(pipeline: try filterPipeline([counter]))
        #expect(fresh.send(IncomingRequest(target: "/"))?.header("X-Count") == "1")
    }

    @Test func aURLRewrittenInPreprocHeadersIsWhatModulesAndMapPathSee() throws {
        let rewriter = ScriptedFilter("Rewriter", flags: .preprocHeaders, log: EventLog()) { _, n in
            if case .preprocHeaders(let headers) = n, (try? headers.getHeader("url")) == "/old?x=1" {
                try? headers.setHeader("url", "/new/page.html?x=1")
            }
            return .nextNotification
        }
        let module = recordingModule("Handler", log: EventLog(), notifications: .executeRequestHandler) { _, c in
            c.response.write("\(c.request.path)|\(c.serverVariable("URL")!)|\(c.mapPath(c.request.path))")
            return .continue
        }
        let driver = InProcessDriver(pipeline: try filterPipeline([rewriter], modules: [module]))
        #expect(driver.send(IncomingRequest(target: "/old?x=1"))?.bodyText == "/new/page.html|/new/page.html|/srv/site/new/page.html")
    }

    /// A URL changed at AUTH_COMPLETE is mapped again: eagerly (URL_MAP raised) when a filter
    /// listens for URL_MAP, else on first use. Either way the physical path asked for before the
    /// change (PREPROC_HEADERS here) is not what PATH_TRANSLATED shows after it.
    @Test(arguments: [false, true])
    func aURLRewrittenAtAuthCompleteIsMappedAgain(withURLMapFilter: Bool) throws {
        let log = EventLog()
        let flags: FilterNotifications = withURLMapFilter ? [.preprocHeaders, .authComplete, .urlMap] : [.preprocHeaders, .authComplete]
        let rewriter = ScriptedFilter("R", flags: flags, log: log) { fc, n in
            switch n {
            case .preprocHeaders:
                _ = try? fc.serverVariable("PATH_TRANSLATED")
            case .authComplete(let headers):
                if (try? headers.getHeader("url")) == "/old.html" { try? headers.setHeader("url", "/new/page.html") }
            default: break
            }
            return .nextNotification
        }
        let handler = recordingModule("Handler", log: log, notifications: .executeRequestHandler) { _, c in
            c.response.write(c.serverVariable("PATH_TRANSLATED")!)
            return .continue
        }
        let driver = InProcessDriver(pipeline: try filterPipeline([rewriter], modules: [handler]))
        #expect(driver.send(IncomingRequest(target: "/old.html"))?.bodyText == "/srv/site/new/page.html")
        let events = log.all
        let authComplete = try #require(events.firstIndex(of: "R:AUTH_COMPLETE"))
        let handled = try #require(events.firstIndex(of: "Handler:ExecuteRequestHandler"))
        #expect(events[authComplete..<handled].contains("R:URL_MAP") == withURLMapFilter)
    }

    /// As on IIS, request filtering judges a request at BeginRequest: filters have had
    /// PREPROC_HEADERS (where legacy filters set up the context their LOG uses unchecked), and a URL
    /// they rewrote there is the one judged.
    @Test func requestFilteringRunsAfterPreprocHeaders() throws {
        let log = EventLog()
        let filter = ScriptedFilter("F", flags: [.preprocHeaders, .log, .endOfRequest], log: log) { _, n in
            if case .preprocHeaders(let headers) = n, (try? headers.getHeader("url")) == "/fixed+name" {
                try? headers.setHeader("url", "/fixed")
            }
            return .nextNotification
        }
        let handler = recordingModule("Handler", log: log, notifications: .executeRequestHandler) { _, c in
            c.response.write("served \(c.request.path)")
            return .continue
        }
        let driver = InProcessDriver(pipeline: try filterPipeline([filter], modules: [handler]))
        let refused = driver.send(IncomingRequest(target: "/a+b"))  // '+' is refused as double escaping (404.11)
        #expect(refused?.status == 404)
        #expect(log.all == ["F:PREPROC_HEADERS", "F:LOG", "F:END_OF_REQUEST"])
        #expect(driver.send(IncomingRequest(target: "/fixed+name"))?.bodyText == "served /fixed")
    }

    @Test func headerAccessFollowsTheColonRuleAndReportsErrors() throws {
        let results = ResultStash()
        let probe = ScriptedFilter("Probe", flags: .preprocHeaders, log: EventLog()) { _, n in
            guard case .preprocHeaders(let h) = n else { return .nextNotification }
            results.values.append((try? h.getHeader("Host:")) == "example.test")
            results.values.append((try? h.getHeader("host:")) == "example.test")
            results.values.append(win32Error { () throws(Win32Error) in _ = try h.getHeader("Host") } == .invalidParameter)
            results.values.append(win32Error { () throws(Win32Error) in _ = try h.getHeader("Missing:") } == .invalidIndex)
            results.values.append((try? h.getHeader("method")) == "GET")
            results.values.append((try? h.getHeader("version")) == "HTTP/1.1")
            results.values.append(win32Error { () throws(Win32Error) in try h.setHeader("X-Bad:", "a\r\nb") } == .invalidParameter)
            try? h.addHeader("X-Multi:", "1")
            try? h.addHeader("X-Multi:", "2")
            results.values.append((try? h.getHeader("X-Multi:")) == "1, 2")
            try? h.setHeader("X-Multi:", "")
            results.values.append(win32Error { () throws(Win32Error) in _ = try h.getHeader("X-Multi:") } == .invalidIndex)
            return .nextNotification
        }
        let driver = InProcessDriver(pipeline: try filterPipeline([probe]))
        driver.send(IncomingRequest(target: "/", headers: [("Host", "example.test")]))
        #expect(results.values == Array(repeating: true, count: 9))
    }

    @Test func finishedClosesFinishedKeepConnKeepsAndHandledStopsOnlyTheEvent() throws {
        let log = EventLog()
        let decider = ScriptedFilter("Decider", flags: [.preprocHeaders, .orderHigh], log: log) { fc, n in
            guard case .preprocHeaders(let h) = n else { return .nextNotification }
            switch try? h.getHeader("url") {
            case "/finished":
                try? fc.sendResponseHeader(status: "200 OK", headers: "Content-Length: 4\r\n\r\n")
                try? fc.writeClient(Array("done".utf8))
                return .finished
            case "/keep":
                try? fc.sendResponseHeader(status: "203 Kept", headers: "Content-Length: 4\r\n\r\n")
                try? fc.writeClient(Array("kept".utf8))
                return .finishedKeepConnection
            case "/handled":
                return .handledNotification
            default:
                return .nextNotification
            }
        }
        let follower = ScriptedFilter("Follower", flags: [.preprocHeaders, .orderLow], log: log)
        let handler = recordingModule("Handler", log: log, notifications: .executeRequestHandler) { _, c in
            c.response.write("module")
            return .continue
        }
        let pipeline = try filterPipeline([decider, follower], modules: [handler])

        let keep = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/keep"))
        #expect(keep?.rawText.hasPrefix("HTTP/1.1 203 Kept\r\n") == true)
        #expect(keep?.rawText.hasSuffix("Content-Length: 4\r\n\r\nkept") == true)
        #expect(keep?.keepAlive == true)

        let finished = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/finished"))
        #expect(finished?.rawText.hasSuffix("done") == true)
        #expect(finished?.keepAlive == false)

        log.clear()
        let handled = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/handled"))
        #expect(handled?.bodyText == "module", "request processing continues")
        #expect(!log.all.contains("Follower:PREPROC_HEADERS"), "the rest of the chain is skipped for that event")
    }

    @Test func errorAnswersWithTheStatusOfTheLastError() throws {
        let failing = ScriptedFilter("Gate", flags: .authentication, log: EventLog()) { fc, _ in
            fc.lastError = .fileNotFound
            return .error
        }
        let garbage = ScriptedFilter("Garbage", flags: .preprocHeaders, log: EventLog()) { _, _ in
            FilterStatus(rawValue: 42)
        }
        let response = InProcessDriver(pipeline: try filterPipeline([failing])).send(IncomingRequest(target: "/"))
        #expect(response?.status == 404)
        #expect(response?.bodyText.contains("Gate") == true)
        let logs = InProcessDriver(pipeline: try filterPipeline([garbage])).send(IncomingRequest(target: "/"))
        #expect(logs?.status == 500)
    }

    @Test func a401FromAModuleRaisesAccessDeniedAndAddsDenialHeaders() throws {
        let log = EventLog()
        let auth = ScriptedFilter("Auth", flags: [.preprocHeaders, .accessDenied, .sendResponse], log: log) { fc, n in
            switch n {
            case .preprocHeaders:
                try? fc.addHeadersOnDenial("WWW-Authenticate: Basic realm=\"test\"\r\n")
                try? fc.addResponseHeaders("X-Filtered: yes\r\n")
            case .accessDenied(let denied):
                log.append("reason=\(denied.reason.rawValue) url=\(denied.url)")
            default: break
            }
            return .nextNotification
        }
        let denier = recordingModule("Denier", log: log, notifications: .authorizeRequest) { _, c in
            c.response.setStatus(401)
            return .finishRequest
        }
        let response = InProcessDriver(pipeline: try filterPipeline([auth], modules: [denier])).send(IncomingRequest(target: "/secret"))
        #expect(response?.status == 401)
        #expect(response?.header("WWW-Authenticate") == "Basic realm=\"test\"")
        #expect(response?.header("X-Filtered") == "yes")
        #expect(log.all.contains("reason=8 url=/secret"))
        #expect(log.all.firstIndex(of: "Auth:ACCESS_DENIED")! < log.all.firstIndex(of: "Auth:SEND_RESPONSE")!)
    }

    @Test func theAllocMemCapGivesNilAndClosesAfterTheResponse() throws {
        let results = ResultStash()
        let greedy = ScriptedFilter("Greedy", flags: .preprocHeaders, log: EventLog()) { fc, _ in
            let block = fc.allocMem(600)
            results.values.append(block != nil)
            if block == nil { results.values.append(fc.lastError == .notEnoughMemory) }
            return .nextNotification
        }
        let driver = InProcessDriver(pipeline: try filterPipeline([greedy], memory: MemoryConfiguration(connectionByteCap: 1000)))
        let first = driver.send(IncomingRequest(target: "/"))
        let second = driver.send(IncomingRequest(target: "/"))
        #expect(results.values == [true, false, true])
        #expect(first?.keepAlive == true)
        #expect(second?.status == 200)
        #expect(second?.keepAlive == false)
    }

    @Test func sendRawDataSeesHeaderBytesAndBodyAndFramingStaysCorrect() throws {
        let seen = StringStash()
        let shouter = ScriptedFilter("Shouter", flags: .sendRawData, log: EventLog()) { _, n in
            guard case .sendRawData(let data) = n else { return .nextNotification }
            let text = String(decoding: data.bytes, as: UTF8.self)
            seen.values.append(text)
            if !text.hasPrefix("HTTP/") { data.bytes = Array((text.uppercased() + "!!!").utf8) }
            return .nextNotification
        }
        let handler = recordingModule("Handler", log: EventLog(), notifications: .executeRequestHandler) { _, c in
            c.response.write("hello")
            return .continue
        }
        let response = InProcessDriver(pipeline: try filterPipeline([shouter], modules: [handler])).send(IncomingRequest(target: "/"))
        #expect(seen.values.first?.hasPrefix("HTTP/1.1 200 OK\r\n") == true)
        #expect(seen.values.last == "hello")
        #expect(response?.rawText.contains("Content-Length: 8\r\n") == true)
        #expect(response?.rawText.hasSuffix("\r\n\r\nHELLO!!!") == true)
    }

    @Test func readRawDataCanRewriteTheRequestBytes() throws {
        let editor = ScriptedFilter("Editor", flags: .readRawData, log: EventLog()) { _, n in
            guard case .readRawData(let data) = n else { return .nextNotification }
            let text = String(decoding: data.bytes, as: UTF8.self)
            data.bytes = Array(text.replacingOccurrences("X-Secret: 1", "X-Secret: 0").utf8)
            return .nextNotification
        }
        let driver = InProcessDriver(pipeline: try filterPipeline([editor]))
        #expect(driver.connection.filtersIncomingBytes)
        let result = driver.connection.filterIncoming(Array("GET / HTTP/1.1\r\nX-Secret: 1\r\n\r\n".utf8))
        #expect(result == .parse(Array("GET / HTTP/1.1\r\nX-Secret: 0\r\n\r\n".utf8)))
    }

    @Test func readRawDataIsRefusedForSiteFiltersAndWhenDisabled() throws {
        let raw = ScriptedFilter("Raw", flags: .readRawData, log: EventLog())
        #expect(throws: FilterLoadError.self) {
            try FilterChain([try FilterRegistration(name: "Raw", filter: raw, isGlobal: false)])
        }
        #expect(throws: FilterLoadError.self) {
            try FilterChain([try FilterRegistration(name: "Raw", filter: raw)], rawDataEnabled: false)
        }
    }

    @Test func normalizeURLResolvesDotSegmentsAndRefusesClimbingAboveTheRoot() {
        #expect(URLNormalization.normalize("/a/./b/../c%20d") == "/a/c d")
        #expect(URLNormalization.normalize("/a\\b//c/") == "/a/b/c/")
        #expect(URLNormalization.normalize("/../etc/passwd") == nil)
        #expect(URLNormalization.normalize("/x?q=1") == "/x?q=1")
    }
}

final class StringStash: @unchecked Sendable { var values: [String] = [] }
