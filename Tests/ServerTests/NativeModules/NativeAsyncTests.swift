import NativeModules
import Pipeline
import TestSupport
import Testing

@Suite("Native modules: PENDING, IndicateCompletion, PostCompletion", .serialized)
struct NativeAsyncTests {
    @Test("a PENDING handler resumes through IndicateCompletion or PostCompletion from another thread")
    func pendingCompletions() async throws {
        let image = try NativeFixtures.fixture("async")
        let registration = try nativeRegistration("Async", image: image)
        try await withServer(makePipeline(modules: [registration, textHandler()])) { _, port in
            let client = try TestClient(port: port)
            let indicated = try client.get("/async/indicate")
            #expect(indicated.status == 200)
            #expect(indicated.text == "async indicate")
            let posted = try client.get("/async/post")
            #expect(posted.text == "posted 7 bytes in 128")
            let early = try client.get("/async/early")
            #expect(early.text == "async early")
            // The connection is still usable, and a request the module passes on is handled.
            #expect(try client.get("/other").text == "handled /other")
        }
    }
}
