import Synchronization
import Testing
@testable import Pipeline
import TestSupport

@Suite struct TraceTests {
    @Test func aTraceListsFiltersAndModulesInOrderWithResultsAndTimes() throws {
        let traces = Mutex<[RequestTrace]>([])
        let filter = ScriptedFilter("Marker", flags: [.preprocHeaders, .log], log: EventLog())
        let chain = try FilterChain([try FilterRegistration(name: "Marker", filter: filter)])
        let module = recordingModule("Worker", log: EventLog(), notifications: [.beginRequest, .executeRequestHandler]) { n, _ in
            n == .stage(.executeRequestHandler, isPost: false) ? .finishRequest : .continue
        }
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/srv"), modules: [module], filters: chain,
                                       traceHandler: { trace in traces.withLock { $0.append(trace) } })
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/x?y=1"))
        let trace = try #require(traces.withLock { $0.first })
        #expect(trace.method == "GET")
        #expect(trace.url == "/x?y=1")
        #expect(trace.status == 200)
        let steps = trace.entries.filter { $0.name != "IsapiFilterModule" }.map { "\($0.kind.rawValue) \($0.name) \($0.notification) \($0.result)" }
        #expect(steps == [
            "filter Marker SF_NOTIFY_PREPROC_HEADERS SF_STATUS_REQ_NEXT_NOTIFICATION",
            "module Worker BeginRequest CONTINUE",
            "module Worker ExecuteRequestHandler FINISH_REQUEST",
            "filter Marker SF_NOTIFY_LOG SF_STATUS_REQ_NEXT_NOTIFICATION",
        ])
        #expect(trace.entries.allSatisfy { $0.duration >= .zero })
    }

    @Test func withoutTracingNothingIsRecorded() {
        let pipeline = makePipeline([recordingModule("M", log: EventLog(), notifications: .beginRequest)])
        var traced: RequestTrace?
        let driver = InProcessDriver(pipeline: pipeline)
        driver.connection.onRequestCompleted = { traced = $0.trace }
        driver.send(IncomingRequest(target: "/"))
        #expect(traced == nil)
    }
}
