import Foundation
import NativeModules
import Pipeline
import Synchronization
import TestSupport
import Testing

/// A C++ module in pool mode (`threading="pool"`), over HTTP on loopback with one event loop: a
/// module that blocks in OnBeginRequest holds its own request only, and what its callbacks see
/// from the pool thread is what they see on the loop.
@Suite(.serialized) struct NativePoolModeTests {
    static func pipeline(threading: ExecutionMode) throws -> (RequestPipeline, image: String) {
        let image = try NativeFixtures.fixture("blocking_module")
        var registration = try nativeRegistration("Blocking", image: image)
        registration.threading = threading
        let pipeline = RequestPipeline(site: SiteInfo(id: 4, name: "Pool", physicalPath: "/srv/pool"),
                                       modules: [registration, textHandler()])
        return (pipeline, image)
    }

    static func release(_ image: String, _ value: Int32) {
        guard let handle = dlopen(image, RTLD_NOW | RTLD_NOLOAD), let address = dlsym(handle, "blocking_module_release") else { return }
        unsafeBitCast(address, to: (@convention(c) (Int32) -> Void).self)(value)
    }

    static func waiting(_ image: String) -> Int32 {
        NativeFixtures.counter("blocking_module_waiting", in: image)?() ?? -1
    }

    @Test func aModuleBlockedInOnBeginRequestHoldsItsOwnRequestOnlyAndTheOthersAreServed() async throws {
        let (pipeline, image) = try Self.pipeline(threading: .pool)
        Self.release(image, 0)
        defer { Self.release(image, 1) }
        try await withServer(pipeline) { _, port in
            // A thread of its own (not the test's cooperative threads) waits for the blocked answer.
            let answer = Mutex<[String]>([])
            let waiter = Thread {
                let response = try? TestClient(port: port, timeout: .seconds(60)).get("/wait/here")
                answer.withLock { $0 = [String(response?.status ?? 0), response?.text ?? "no answer"] }
            }
            waiter.start()
            #expect(await eventually(timeout: .seconds(10)) { Self.waiting(image) == 1 })
            // The only event loop is free: other connections are answered while the module waits.
            for index in 0..<5 {
                let response = try TestClient(port: port, timeout: .seconds(30)).get("/other/\(index)")
                #expect(response.status == 200)
                #expect(response.text == "handled /other/\(index)")
                #expect(response.header("X-Thread") == BlockingCallPool.threadName)
            }
            #expect(Self.waiting(image) == 1, "the first request is still blocked")
            #expect(answer.withLock { $0.isEmpty })
            Self.release(image, 1)
            #expect(await eventually(timeout: .seconds(30)) { !answer.withLock { $0.isEmpty } })
            #expect(answer.withLock { $0 } == ["200", "handled /wait/here"])
        }
    }

    @Test func callbacksFromThePoolThreadSeeWhatTheySeeOnTheLoop() async throws {
        var seen: [ExecutionMode: String] = [:]
        var threads: [ExecutionMode: String] = [:]
        for mode in [ExecutionMode.eventLoop, .pool] {
            let (pipeline, image) = try Self.pipeline(threading: mode)
            Self.release(image, 1)
            try await withServer(pipeline) { _, port in
                let response = try TestClient(port: port).get("/seen/a?b=c", headers: ["X-Probe: probe-value"])
                #expect(response.status == 200)
                #expect(response.text == "handled /seen/a")
                seen[mode] = response.header("X-Seen")
                threads[mode] = response.header("X-Thread")
            }
        }
        #expect(seen[.pool] == seen[.eventLoop])
        #expect(seen[.pool] == "GET /seen/a probe-value port")
        #expect(threads[.pool] == BlockingCallPool.threadName)
        #expect(threads[.eventLoop]?.hasPrefix("NIO-ELT") == true, "\(threads)")
    }
}
