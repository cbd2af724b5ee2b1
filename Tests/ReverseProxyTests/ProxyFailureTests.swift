#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Pipeline
import ReverseProxy
import TestSupport
import Testing

/// What the client and the log get when an upstream is down or slow, and how a web farm spreads
/// requests and skips a server that is down.
@Suite("Reverse proxy failures and web farms", .serialized)
struct ProxyFailureTests {
    /// A loopback port held for as long as the value lives (a port bound and closed again may be
    /// taken by the next server any test starts, this test's own among them).
    /// - `refusing`: a socket bound to it never listens, so a connect is refused at once.
    /// - `silent`: a listener with the smallest backlog never accepts, its queue filled by
    ///   connections of its own, so the kernel drops further SYNs and a client's connect waits
    ///   until its own timeout.
    final class LoopbackPort {
        enum Behaviour { case refusing, silent }

        let port: Int
        private var descriptors: [Int32] = []

        init(_ behaviour: Behaviour) throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            descriptors.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = fd >= 0 && withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                    bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
                }
            }
            guard bound, behaviour == .refusing || listen(fd, 0) == 0 else {
                let code = errno
                if fd >= 0 { close(fd) }
                throw IOError(errnoCode: code, reason: "holding a loopback port")
            }
            port = Int(UInt16(bigEndian: address.sin_port))
            guard behaviour == .silent else { return }
            // Fill the accept queue: each filler connects without blocking; the ones past the
            // queue stay half-open, which is what the proxy's connection will meet too.
            for _ in 0..<4 {
                let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                descriptors.append(filler)
                _ = withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) }
                }
            }
            usleep(100_000)
        }

        deinit { for descriptor in descriptors where descriptor >= 0 { close(descriptor) } }
    }

    @Test("an upstream that never completes the connection: 504 after the connect timeout, and a log line")
    func upstreamConnectTimesOut() async throws {
        let silent = try LoopbackPort(.silent)
        defer { withExtendedLifetime(silent) {} }
        var settings = ProxySite.settings()
        settings.connectTimeout = .milliseconds(500)
        let log = CapturedLog()
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(silent.port)", settings: settings, log: log)
        try await withServer(pipeline) { _, serverPort in
            let client = try TestClient(port: serverPort)
            let response = try client.get("/anything")
            #expect(response.status == 504)
            let lines = log.lines.filter { $0.contains("reverse proxy") }
            #expect(lines.count == 1 && lines[0].contains("connection timed out") && lines[0].contains("127.0.0.1:\(silent.port)"),
                    "\(log.lines)")
        }
    }

    @Test("an upstream that refuses the connection: 502 and one log line naming it")
    func upstreamDown() async throws {
        let refusing = try LoopbackPort(.refusing)
        defer { withExtendedLifetime(refusing) {} }
        let port = refusing.port
        let log = CapturedLog()
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(port)", log: log)
        try await withServer(pipeline) { _, serverPort in
            let client = try TestClient(port: serverPort)
            let response = try client.get("/anything")
            #expect(response.status == 502)
            let lines = log.lines.filter { $0.contains("reverse proxy") }
            #expect(lines.count == 1, "\(log.lines)")
            #expect(lines.first?.contains("upstream 127.0.0.1:\(port)") == true, "\(lines)")
            let answer2 = try client.get("/again")
            #expect(answer2.status == 502, "the client connection stays usable")
        }
    }

    @Test("an upstream that does not answer within the response timeout: 504 and a log line")
    func upstreamSlow() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let log = CapturedLog()
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)",
                                             settings: ProxySite.settings(responseTimeout: .milliseconds(300)), log: log)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/slow")
            #expect(response.status == 504)
            let lines = log.lines.filter { $0.contains("reverse proxy") }
            #expect(lines.count == 1 && lines[0].contains("response timed out") && lines[0].contains("127.0.0.1:\(upstream.port)"),
                    "\(log.lines)")
            let closed = await eventually { upstream.closedConnections == 1 }
            #expect(closed, "the upstream connection that timed out is closed, not pooled")
        }
    }

    @Test("a URL that cannot be forwarded (not an http:// or https:// URL) is answered 502 with the reason logged")
    func badTarget() async throws {
        let log = CapturedLog()
        let pipeline = try ProxySite.handler(to: "ftp://127.0.0.1:1", log: log)
        try await withServer(pipeline) { _, port in
            let answer4 = try TestClient(port: port).get("/x")
            #expect(answer4.status == 502)
            #expect(log.lines.contains { $0.contains("not an absolute http:// or https:// URL") }, "\(log.lines)")
        }
    }

    @Test("a web farm: round-robin over two servers; a third that is down is skipped, no request fails")
    func roundRobin() async throws {
        let first = try await TestUpstream.start(name: "a")
        let second = try await TestUpstream.start(name: "b")
        defer { Task { await first.stop(); await second.stop() } }
        let refusing = try LoopbackPort(.refusing)
        defer { withExtendedLifetime(refusing) {} }
        let down = refusing.port
        let farm = WebFarm(name: "app", servers: [UpstreamAddress(host: "127.0.0.1", port: first.port),
                                                  UpstreamAddress(host: "127.0.0.1", port: down),
                                                  UpstreamAddress(host: "127.0.0.1", port: second.port)],
                           failureBackoff: .seconds(60))
        let log = CapturedLog()
        let pipeline = try ProxySite.handler(to: "http://app", settings: ProxySite.settings(farms: [farm]), log: log)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            var served: [String] = []
            for index in 0..<10 {
                let response = try client.get("/echo/\(index)")
                #expect(response.status == 200)
                served.append(response.header("X-Upstream") ?? "?")
            }
            #expect(served.filter { $0 == "a" }.count == 5, "\(served)")
            #expect(served.filter { $0 == "b" }.count == 5, "\(served)")
            let skipped = log.lines.filter { $0.contains("127.0.0.1:\(down)") }
            #expect(skipped.count == 1, "the server that is down is tried once, then skipped: \(log.lines)")
        }
    }
}
