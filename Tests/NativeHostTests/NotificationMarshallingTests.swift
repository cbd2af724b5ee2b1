import Pipeline
import TestSupport
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#endif

/// Every notification's payload crosses into C and back: the fixture `probe.c` reads and changes
/// each one, and `raw_editor.c` edits raw data both ways.
@Suite struct NotificationMarshallingTests {
    static func probe(name: String = "Probe") throws -> NativeFilterSpec {
        NativeFilterSpec(path: try NativeFixtures.fixture("probe"), name: name)
    }

    @Test func theProbeSeesEveryNotificationInOrderWithWorkingServerSupportFunctions() throws {
        let pipeline = try nativePipeline([try Self.probe()])
        let driver = InProcessDriver(pipeline: pipeline)
        let response = try #require(driver.send(IncomingRequest(target: "/page")))
        #expect(response.header("X-Probe-Trace") == "PREPROC_HEADERS,AUTHENTICATION,AUTH_COMPLETE,URL_MAP,SEND_RESPONSE")
        #expect(response.header("X-Probe-Instance") == "7", "SF_REQ_GET_PROPERTY: the site id")
        #expect(response.header("X-Probe-Normalized") == "/a/c d", "SF_REQ_NORMALIZE_URL, in place")
        #expect(response.header("X-Probe-Unicode") == "470045005400" + "0000", "UNICODE_ variables are UTF-16LE")
        #expect(response.header("X-Probe-Status") == "200 OK|200", "GetHeader(\"status\") and HttpStatus")
        #expect(response.header("X-Probe-Requests") == "1")
        let second = try #require(driver.send(IncomingRequest(target: "/page")))
        #expect(second.header("X-Probe-Requests") == "2", "pFilterContext is kept across requests")
        #expect(second.header("X-Probe-Trace") == response.header("X-Probe-Trace"),
                "LOG and END_OF_REQUEST ended request 1 (the filter resets its trace at END_OF_REQUEST)")
    }

    @Test func terminateFilterIsCalledOnceAtShutdown() throws {
        let path = try NativeFixtures.fixture("probe")
        let pipeline = try nativePipeline([NativeFilterSpec(path: path)])
        let handle = try #require(dlopen(path, RTLD_NOW | RTLD_LOCAL))
        typealias Counter = @convention(c) () -> Int32
        let terminations = unsafeBitCast(try #require(dlsym(handle, "ProbeTerminations")), to: Counter.self)
        let before = terminations()
        pipeline.terminate()
        pipeline.terminate()
        #expect(terminations() == before + 1)
    }

    @Test func endOfNetSessionReachesTheFilterOncePerConnection() throws {
        let path = try NativeFixtures.fixture("probe")
        let pipeline = try nativePipeline([NativeFilterSpec(path: path)])
        let handle = try #require(dlopen(path, RTLD_NOW | RTLD_LOCAL))
        typealias Counter = @convention(c) () -> Int32
        let sessionsEnded = unsafeBitCast(try #require(dlsym(handle, "ProbeSessionsEnded")), to: Counter.self)
        let before = sessionsEnded()
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/"))
        driver.send(IncomingRequest(target: "/"))
        #expect(sessionsEnded() == before)
        driver.close()
        #expect(sessionsEnded() == before + 1)
    }

    @Test func aURLRewrittenInPreprocHeadersIsWhatTheSiteSees() throws {
        let response = InProcessDriver(pipeline: try nativePipeline([try Self.probe()])).send(IncomingRequest(target: "/rewrite"))
        #expect(response?.bodyText == "/rewritten?from=probe -> /srv/site/rewritten")
    }

    @Test func urlMapRewritesThePhysicalPathInPlace() throws {
        let response = InProcessDriver(pipeline: try nativePipeline([try Self.probe()])).send(IncomingRequest(target: "/docs/secret.txt"))
        #expect(response?.bodyText == "/docs/secret.txt -> /srv/site/docs/public.txt")
    }

    @Test func authenticationTakesAReplacedUserPointer() throws {
        // "mapme:pw"
        let response = InProcessDriver(pipeline: try nativePipeline([try Self.probe()]))
            .send(IncomingRequest(target: "/", headers: [("Authorization", "Basic bWFwbWU6cHc=")]))
        #expect(response?.bodyText.hasSuffix(" user=mapped-user") == true)
    }

    @Test func disableNotificationsLastsForTheRequestOnly() throws {
        let driver = InProcessDriver(pipeline: try nativePipeline([try Self.probe()]))
        #expect(driver.send(IncomingRequest(target: "/quiet"))?.header("X-Probe-Trace") == nil)
        #expect(driver.send(IncomingRequest(target: "/loud"))?.header("X-Probe-Trace") != nil)
    }

    @Test func errorFailsTheRequestWithTheLastErrorTheFilterSet() throws {
        let response = InProcessDriver(pipeline: try nativePipeline([try Self.probe()])).send(IncomingRequest(target: "/fail"))
        #expect(response?.status == 404, "ERROR_FILE_NOT_FOUND")
        #expect(response?.bodyText.contains("ISAPI filter 'Probe' failed the request (ERROR_FILE_NOT_FOUND)") == true)
    }

    @Test func handledStopsTheChainForThatNotificationOnly() throws {
        let counter = NativeFilterSpec(path: try NativeFixtures.example("RequestCounterFilter"))
        let driver = InProcessDriver(pipeline: try nativePipeline([try Self.probe(), counter]))
        let response = try #require(driver.send(IncomingRequest(target: "/handled")))
        #expect(response.status == 200)
        #expect(response.header("X-Request-Count") == nil, "the LOW filter did not see PREPROC_HEADERS")
        #expect(driver.send(IncomingRequest(target: "/"))?.header("X-Request-Count") == "1")
    }

    @Test func logPointersReplacedByTheFilterAreReadBack() throws {
        let entries = LogEntries()
        let pipeline = try nativePipeline([try Self.probe()], modules: [echoHandler(), entries.registration()])
        InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/x?y=1"))
        #expect(entries.all.first?.target == "/logged-by-probe")
        #expect(entries.all.first?.win32Status == 42)
        #expect(entries.all.first?.parameters == "y=1")
    }

    @Test func twoInstancesOfOneLibraryKeepSeparateContextSlots() throws {
        let driver = InProcessDriver(pipeline: try nativePipeline([try Self.probe(name: "A"), try Self.probe(name: "B")]))
        driver.send(IncomingRequest(target: "/"))
        let second = try #require(driver.send(IncomingRequest(target: "/")))
        // Both set X-Probe-Requests; each counted 2 in its own pFilterContext, not 4 in a shared one.
        #expect(second.header("X-Probe-Requests") == "2")
    }

    @Test func aNestedCallKeepsTheOuterCallsLastErrorAndHeaderFunctions() throws {
        let log = CapturedLog()
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("nesting"), name: "Nesting")],
                                          logger: log.logger())
        let response = try #require(InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/")))
        #expect(response.rawText.hasSuffix("\r\n\r\nOK"), "the nested SEND_RAW_DATA saw no header functions")
        #expect(log.lines.contains { $0.contains("ISAPI filter 'Nesting' failed request") && $0.hasSuffix("with ERROR_ACCESS_DENIED") },
                "\(log.lines)")
    }

    @Test func rawDataIsEditedInPlaceOrReplaced() throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("raw_editor"))])
        #expect(InProcessDriver(pipeline: pipeline).connection.filterIncoming([]) == .parse([]), "an empty first block")
        let driver = InProcessDriver(pipeline: pipeline)
        let request = Array("GET / HTTP/1.1\r\nX-Secret: 1\r\n\r\n".utf8)
        #expect(driver.connection.filterIncoming(request) == .parse(Array("GET / HTTP/1.1\r\nX-Secret: 0\r\n\r\n".utf8)))
        #expect(driver.connection.filterIncoming(Array("PING".utf8))
            == .parse(Array("GET /ping HTTP/1.1\r\nHost: raw.test\r\n\r\n".utf8)))
        let untouched = Array("GET /other HTTP/1.1\r\n\r\n".utf8)
        #expect(driver.connection.filterIncoming(untouched) == .parse(untouched))
        #expect(driver.connection.filterIncoming([]) == .parse([]))
        #expect(driver.connection.filterIncoming(Array("MORE".utf8)) == .readMore, "READ_NEXT")
        #expect(driver.connection.takeNextReadSize() == 1024, "SF_REQ_SET_NEXT_READ_SIZE")
        #expect(InProcessDriver(pipeline: pipeline).connection.filterIncoming(Array("QUIT".utf8)) == .close, "FINISHED")
        let response = try #require(driver.send(IncomingRequest(target: "/hello")))
        #expect(response.rawText.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.rawText.hasSuffix("\r\n\r\n/HELLO -> /SRV/SITE/HELLO!"))
        #expect(response.rawText.contains("Content-Length: 26\r\n"), "the length follows the filter's change")
    }
}
