import NativeModules
import Pipeline
import TestSupport
import Testing

/// A filter that writes `X-Echo: filter` at PREPROC_HEADERS and, at SEND_RESPONSE, reports the
/// response's X-Echo (set by the C++ module) in X-Filter-Saw.
final class EchoFilter: HttpFilter {
    func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        FilterVersion(description: "echo filter", flags: [.preprocHeaders, .sendResponse, .orderHigh])
    }

    func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        switch notification {
        case .preprocHeaders(let headers):
            try? headers.setHeader("X-Echo:", "filter")
        case .sendResponse(let headers):
            let seen = (try? headers.getHeader("X-Echo:")) ?? "-"
            try? headers.setHeader("X-Filter-Saw:", seen)
        default: break
        }
        return .nextNotification
    }
}

@Suite("Native modules with filters and Swift modules in one chain", .serialized)
struct NativeMixedChainTests {
    @Test("a filter, a Swift module and a C++ module each see the others' effects")
    func mixedChain() async throws {
        let image = try NativeFixtures.example("HeaderEcho")
        let native = try nativeRegistration("HeaderEcho", image: image)
        let recording = EventLog()
        let swiftFirst = ClosureModule.registration("SwiftAppender", .beginRequest, priority: .first) { _, context in
            context.request.headers.set("X-Echo", "swift", replace: false)
            return .continue
        }
        let swiftAfter = ClosureModule.registration("SwiftReader", .executeRequestHandler) { _, context in
            recording.append(context.response.headers["X-Echo"] ?? "-")
            context.response.write("chain")
            return .finishRequest
        }
        let filters = try FilterChain([try FilterRegistration(name: "EchoFilter", filter: EchoFilter())])
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/nonexistent"),
                                       modules: [swiftFirst, native, swiftAfter], filters: filters)
        try await withServer(pipeline) { _, port in
            let response = try TestClient(port: port).get("/", headers: ["X-Echo: client"])
            // The filter replaced the client's value before any module ran; the Swift module
            // appended; the C++ module copied the result; the Swift handler and the filter saw it.
            #expect(response.header("X-Echo") == "filter, swift")
            #expect(response.header("X-Filter-Saw") == "filter, swift")
            #expect(response.text == "chain")
            #expect(recording.all == ["filter, swift"])
        }
    }
}
