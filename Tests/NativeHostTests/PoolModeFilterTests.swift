import Foundation
import Logging
import Memory
import Pipeline
import Server
import Synchronization
import TestSupport
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#endif

/// Native filters in pool mode (`threading="pool"`), over HTTP on loopback with one event loop:
/// a filter that blocks holds its own request only, its callbacks see what they see on the loop,
/// AllocMem memory lives for the connection, and nothing is lost under concurrency.
@Suite(.serialized) struct PoolModeFilterTests {
    /// The blocking fixture's exported functions (it is loaded RTLD_LOCAL: found by handle).
    struct Fixture {
        let path: String
        let handle: UnsafeMutableRawPointer

        init() throws {
            path = try NativeFixtures.fixture("blocking")
            handle = try #require(dlopen(path, RTLD_NOW))
        }

        private func function<T>(_ name: String, as type: T.Type) throws -> T {
            unsafeBitCast(try #require(dlsym(handle, name)), to: type)
        }
        func release(_ value: Int32) throws {
            try function("blocking_release", as: (@convention(c) (Int32) -> Void).self)(value)
        }
        var waiting: Int32 { (try? function("blocking_waiting", as: (@convention(c) () -> Int32).self)()) ?? -1 }
        var sessionsIntact: Int32 { (try? function("blocking_sessions_intact", as: (@convention(c) () -> Int32).self)()) ?? -1 }
        var requestsSeen: Int32 { (try? function("blocking_requests_seen", as: (@convention(c) () -> Int32).self)()) ?? -1 }
        var written: Int { (try? function("blocking_written", as: (@convention(c) () -> Int).self)()) ?? -1 }
    }

    func pipeline(_ fixture: Fixture, threading: ExecutionMode, accounting: MemoryAccounting = .shared,
                  pool: BlockingCallPool = .shared) throws -> RequestPipeline {
        let loaded = try NativeFilterSite.loadChain([NativeFilterSpec(path: fixture.path, name: "Blocking")]).get()
        let chain = try FilterChain(loaded.filters.map { registration in
            var registration = registration
            registration.threading = threading
            return registration
        })
        return RequestPipeline(site: SiteInfo(id: 7, name: "Test Site", physicalPath: "/srv/site"), modules: [echoHandler()],
                               filters: chain, accounting: accounting, callPool: pool)
    }

    @Test func aBlockedFilterCallHoldsItsOwnRequestOnlyAndTheOthersAreServedMeanwhile() async throws {
        let fixture = try Fixture()
        try fixture.release(0)
        defer { try? fixture.release(1) }
        try await withServer(try pipeline(fixture, threading: .pool)) { _, port in
            // A thread of its own (not the test's cooperative threads) waits for the blocked answer.
            let answer = Mutex<[String]>([])
            let waiter = Thread {
                let response = try? TestClient(port: port, timeout: .seconds(60)).get("/wait/here")
                answer.withLock { $0 = [String(response?.status ?? 0), response?.text ?? "no answer"] }
            }
            waiter.start()
            #expect(await eventually(timeout: .seconds(10)) { fixture.waiting == 1 })
            // The watchdog times pooled calls: the blocked call is in the records it reads.
            let records = NativeCallRecords.inProgress
            #expect(records.contains { $0.kind == "filter" && $0.name == "Blocking"
                                       && $0.notification == "SF_NOTIFY_PREPROC_HEADERS" && $0.url.hasPrefix("/wait/here") }, "\(records)")
            // The only event loop is free: other connections get their answers while the filter waits.
            for index in 0..<5 {
                let response = try TestClient(port: port, timeout: .seconds(30)).get("/other/\(index)")
                #expect(response.status == 200)
                #expect(response.header("X-Filtered") == nil)  // a request header, not a response one
                #expect(response.header("X-Conn-Count") == "1")
            }
            #expect(fixture.waiting == 1)
            try fixture.release(1)
            #expect(await eventually(timeout: .seconds(30)) { !answer.withLock { $0.isEmpty } })
            #expect(answer.withLock { $0 } == ["200", "/wait/here -> /srv/site/wait/here"])
        }
    }

    @Test func callbacksFromThePoolThreadSeeWhatTheySeeOnTheLoop() async throws {
        let fixture = try Fixture()
        try fixture.release(1)
        var seen: [ExecutionMode: [String?]] = [:]
        for mode in [ExecutionMode.eventLoop, .pool] {
            try await withServer(try pipeline(fixture, threading: mode)) { _, port in
                let response = try TestClient(port: port).get("/seen/a?b=c", headers: ["X-Probe: probe-value"])
                #expect(response.status == 200)
                seen[mode] = [response.header("X-Seen"), response.header("X-Conn-Count"), response.text]
                #expect(response.header("X-Thread") == "other" || mode == .eventLoop)
            }
        }
        #expect(seen[.pool] == seen[.eventLoop])
        #expect(seen[.pool]?.first == "GET /seen/a?b=c probe-value port")
    }

    @Test func allocMemBlocksSurviveKeepAliveRequestsAndAreFreedAfterEndOfNetSession() async throws {
        let fixture = try Fixture()
        try fixture.release(1)
        let accounting = MemoryAccounting()
        let intactBefore = fixture.sessionsIntact
        try await withServer(try pipeline(fixture, threading: .pool, accounting: accounting)) { _, port in
            let connection = try TestClient(port: port)
            var counts: [String?] = []
            for index in 0..<4 { counts.append(try connection.get(index == 2 ? "/sleep" : "/kept").header("X-Conn-Count")) }
            #expect(counts == ["1", "2", "3", "4"])
            connection.close()
            #expect(await eventually(timeout: .seconds(5)) { fixture.sessionsIntact == intactBefore + 1 })
            #expect(await eventually(timeout: .seconds(5)) { accounting.snapshot(.connection).liveBytes == 0 && accounting.snapshot(.connection).allocatedBlocks >= 1 })
            #expect(accounting.snapshot(.connection).guardFailures == 0)
        }
    }

    @Test func aPooledFiltersWriteClientWaitsForASlowReaderInsteadOfBuffering() async throws {
        let fixture = try Fixture()
        try fixture.release(1)
        let total = 64 << 20
        try await withServer(try pipeline(fixture, threading: .pool), configure: { $0.limits.maxUnsentResponseBytes = 256 * 1024 }) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            try client.send("GET /flood HTTP/1.1\r\nHost: localhost\r\n\r\n")
            // Nobody reads: WriteClient stops once the server's bound, one pacing step and the
            // kernel's socket buffers are full, instead of queueing 64 MiB in the server.
            var last = -1, stable = 0
            for _ in 0..<300 where stable < 10 {
                try await Task.sleep(for: .milliseconds(50))
                let now = fixture.written
                stable = now == last && now > 0 ? stable + 1 : 0
                last = now
            }
            #expect(stable >= 10, "WriteClient stopped accepting while the client did not read")
            #expect(last > 0 && last < 16 << 20, "accepted \(last) bytes of \(total) with nobody reading")
            let bytes = try client.bytesUntilClose()
            let head = try #require(bytes.firstRange(of: Array("\r\n\r\n".utf8)))
            #expect(bytes.count - head.upperBound == total)
            #expect(fixture.written == total)
        }
    }

    @Test func concurrentRequestsOnManyConnectionsThroughAPooledFilterLoseNothing() async throws {
        let fixture = try Fixture()
        try fixture.release(1)
        let before = fixture.requestsSeen
        let pool = BlockingCallPool(configuration: BlockingCallPoolConfiguration(threads: 4, queueLimit: 1000))
        let connections = 12, requests = 20
        try await withServer(try pipeline(fixture, threading: .pool, pool: pool)) { _, port in
            let results = try await withThrowingTaskGroup(of: [String?].self) { group in
                for client in 0..<connections {
                    group.addTask {
                        let connection = try TestClient(port: port, timeout: .seconds(20))
                        var counts: [String?] = []
                        for index in 0..<requests {
                            let response = try connection.get("/c\(client)/r\(index)")
                            counts.append(response.status == 200 && response.text == "/c\(client)/r\(index) -> /srv/site/c\(client)/r\(index)"
                                          ? response.header("X-Conn-Count") : "bad")
                        }
                        return counts
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == connections)
            for counts in results { #expect(counts == (1...requests).map { String($0) }) }
        }
        #expect(fixture.requestsSeen - before == Int32(connections * requests))
        #expect(pool.statistics.calls.load(ordering: .relaxed) >= connections * requests)
        pool.shutdown()
    }
}
