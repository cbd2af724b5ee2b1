import Memory
import Pipeline
import Server

#if canImport(Glibc)
import Glibc
#endif

/// A real server on an ephemeral loopback port for the duration of `body`.
func withLoopbackServer<T>(_ pipeline: RequestPipeline, _ body: (Int) async throws -> T) async throws -> T {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopThreads: 1)
    configuration.timeouts.shutdownGrace = .seconds(2)
    let server = HTTPServer(configuration: configuration, pipeline: pipeline)
    let port = try await server.start()
    do {
        let result = try await body(port)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// One keep-alive HTTP/1.1 connection over a blocking socket (5 s timeouts): enough client to
/// see what filters do to real responses. Content-Length and chunked bodies.
final class LoopbackConnection {
    struct Failure: Error, CustomStringConvertible { let description: String }

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: String
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, connected == 0 else { throw Failure(description: "connect failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func get(_ target: String, host: String = "localhost", headers: [String] = []) throws -> Response {
        var request = "GET \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for header in headers { request += header + "\r\n" }
        let bytes = Array((request + "\r\n").utf8)
        let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw Failure(description: "send failed") }
        return try readResponse()
    }

    /// True when the server closes the connection within the timeout.
    func isClosedByServer() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1024)
        return recv(descriptor, &chunk, chunk.count, 0) <= 0
    }

    private func readResponse() throws -> Response {
        let headEnd = try indexOf([13, 10, 13, 10])
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).split(separator: "\r\n").map(String.init)
        buffer.removeFirst(headEnd + 4)
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure(description: "bad status line \(lines.first ?? "")") }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        var response = Response(status: status, headers: headers, body: "")
        if status == 304 || status == 204 { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            var body: [UInt8] = []
            while true {
                let lineEnd = try indexOf([13, 10])
                let size = Int(String(decoding: buffer[..<lineEnd], as: UTF8.self), radix: 16) ?? 0
                buffer.removeFirst(lineEnd + 2)
                body += try take(size + 2).dropLast(2)
                if size == 0 { break }
            }
            response.body = String(decoding: body, as: UTF8.self)
        } else {
            response.body = String(decoding: try take(Int(response.header("Content-Length") ?? "0") ?? 0), as: UTF8.self)
        }
        return response
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let got = recv(descriptor, &chunk, chunk.count, 0)
        guard got > 0 else { throw Failure(description: got == 0 ? "the server closed the connection" : "timed out") }
        buffer += chunk[..<got]
    }

    private func indexOf(_ marker: [UInt8]) throws -> Int {
        while true {
            if buffer.count >= marker.count {
                for start in 0...(buffer.count - marker.count) where buffer[start..<start + marker.count].elementsEqual(marker) {
                    return start
                }
            }
            try fill()
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        defer { buffer.removeFirst(count) }
        return Array(buffer[..<count])
    }
}
