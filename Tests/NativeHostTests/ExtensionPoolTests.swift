import Foundation
import Pipeline
import Server
import Synchronization
import TestSupport
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ISAPI extensions on the blocking-call pool (the handler's `threading="pool"`, the default) and
/// HSE_REQ_VECTOR_SEND, over HTTP on loopback with one event loop (`Fixtures/ext_pool.c`).
@Suite(.serialized) struct ExtensionPoolTests {
    struct Fixture {
        let loaded: NativeExtension
        let handle: UnsafeMutableRawPointer
        let root: String

        init() throws {
            let path = try NativeFixtures.fixture("ext_pool")
            loaded = try NativeExtensionLoader().load(path: path)
            handle = try #require(dlopen(path, RTLD_NOW))
            root = try NativeFixtures.temporaryDirectory()
        }

        func pipeline(threading: ExecutionMode = .pool) -> RequestPipeline {
            let module = IsapiExtensionModule.registration(targets: ["Pool": .loaded(loaded)], threading: ["Pool": threading])
            return RequestPipeline(site: SiteInfo(id: 5, name: "Pool", physicalPath: root), modules: [module],
                                   handlers: [HandlerMapping(name: "Pool", path: "*.isa", modules: ["IsapiModule"])])
        }

        private func function<T>(_ name: String, as type: T.Type) throws -> T {
            unsafeBitCast(try #require(dlsym(handle, name)), to: type)
        }
        func release(_ value: Int32) throws { try function("ext_pool_release", as: (@convention(c) (Int32) -> Void).self)(value) }
        func reset() throws { try function("ext_pool_reset", as: (@convention(c) () -> Void).self)() }
        var waiting: Int32 { (try? function("ext_pool_waiting", as: (@convention(c) () -> Int32).self)()) ?? -1 }
        var written: Int { (try? function("ext_pool_written", as: (@convention(c) () -> Int).self)()) ?? -1 }
    }

    @Test func anExtensionThatBlocksHoldsItsOwnRequestOnlyWhileOthersAreServed() async throws {
        let fixture = try Fixture()
        defer { fixture.loaded.terminate() }
        try fixture.reset()
        try fixture.release(0)
        defer { try? fixture.release(1) }
        try await withServer(fixture.pipeline()) { _, port in
            let answer = Mutex<[String]>([])
            let waiter = Thread {
                let response = try? TestClient(port: port, timeout: .seconds(60)).get("/first.isa?block")
                answer.withLock { $0 = [String(response?.status ?? 0), response?.text ?? "no answer"] }
            }
            waiter.start()
            #expect(await eventually(timeout: .seconds(10)) { fixture.waiting == 1 })
            // The watchdog sees the pooled call as it sees one on the loop (the record it times).
            let records = NativeCallRecords.inProgress
            #expect(records.contains { $0.kind == "extension" && $0.name == fixture.loaded.name
                                       && $0.notification == "HttpExtensionProc" && $0.url == "/first.isa?block" }, "\(records)")
            // The one event loop is free: a second request completes while the first is blocked.
            for index in 0..<3 {
                let response = try TestClient(port: port, timeout: .seconds(30)).get("/second\(index).isa?hello")
                #expect(response.status == 200)
                #expect(response.text == "hello")
                #expect(response.header("X-Thread") == "other")
            }
            #expect(fixture.waiting == 1, "the first request is still blocked")
            #expect(answer.withLock { $0.isEmpty })
            try fixture.release(1)
            #expect(await eventually(timeout: .seconds(30)) { !answer.withLock { $0.isEmpty } })
            #expect(answer.withLock { $0 } == ["200", "released"])
        }
        #expect(await eventually { ExtensionSessions.count == 0 }, "every ECB is freed")
    }

    @Test func synchronousWritesFromThePoolWaitForASlowReaderInsteadOfBuffering() async throws {
        let fixture = try Fixture()
        defer { fixture.loaded.terminate() }
        try fixture.reset()
        let total = 64 << 20
        try await withServer(fixture.pipeline(), configure: { $0.limits.maxUnsentResponseBytes = 256 * 1024 }) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            try client.send("GET /flood.isa?flood=64 HTTP/1.0\r\nHost: localhost\r\n\r\n")
            // The client reads nothing: WriteClient stops once the bound, the step and the
            // kernel's socket buffers are full, instead of queueing 64 MiB in memory.
            var last = -1, stable = 0
            for _ in 0..<300 where stable < 10 {
                try await Task.sleep(for: .milliseconds(50))
                let now = fixture.written
                stable = now == last && now > 0 ? stable + 1 : 0
                last = now
            }
            #expect(stable >= 10, "WriteClient stopped accepting while the client did not read")
            #expect(last > 0 && last < 16 << 20, "accepted \(last) bytes of \(total) with nobody reading")
            // Reading resumes the writer; every byte arrives.
            let bytes = try client.bytesUntilClose()
            let head = try #require(bytes.firstRange(of: Array("\r\n\r\n".utf8)))
            #expect(bytes.count - head.upperBound == total)
            #expect(bytes[head.upperBound...].allSatisfy { $0 == UInt8(ascii: "x") })
            #expect(fixture.written == total)
        }
    }

    @Test func vectorSendSendsTheHeadersThenMemoryAndFileElementsInOrder() async throws {
        let fixture = try Fixture()
        defer { fixture.loaded.terminate() }
        try "0123456789".write(toFile: fixture.root + "/vector.txt", atomically: true, encoding: .utf8)
        for mode in [ExecutionMode.pool, .eventLoop] {
            try await withServer(fixture.pipeline(threading: mode)) { _, port in
                let client = try TestClient(port: port)
                let sync = try client.get("/v.isa?vector")
                #expect(sync.status == 200)
                #expect(sync.header("X-Vector") == "yes")
                #expect(sync.header("Content-Type") == "text/plain")
                #expect(sync.text == "<a>2345</a>", "\(mode)")
                let async = try client.get("/v.isa?vector-async")
                #expect(async.status == 200)
                #expect(async.text == "<a>2345</a>|bytes=11 error=0", "the completion gets the elements' byte count (\(mode))")
                let bad = try client.get("/v.isa?vector-bad")
                #expect(bad.text == "headers-without-flag=0/87 zero-size=0/87", "both ERROR_INVALID_PARAMETER (\(mode))")
            }
        }
        #expect(await eventually { ExtensionSessions.count == 0 })
    }

    @Test func execURLAnswersNotSupported() async throws {
        let fixture = try Fixture()
        defer { fixture.loaded.terminate() }
        try await withServer(fixture.pipeline()) { _, port in
            let response = try TestClient(port: port).get("/e.isa?exec")
            #expect(response.text == "exec=0/50", "FALSE with ERROR_NOT_SUPPORTED")
        }
    }
}
