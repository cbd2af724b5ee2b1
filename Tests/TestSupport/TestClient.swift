#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A deliberately raw HTTP/1.1 client over a blocking loopback socket, so tests control every
/// byte (pipelining, malformed requests, half-sent heads). Every read has a timeout.
public final class TestClient {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case connect(Int32)
        case timedOut
        case closed
        case malformed(String)

        public var description: String {
            switch self {
            case .connect(let code): "connect failed: errno \(code)"
            case .timedOut: "timed out waiting for the server"
            case .closed: "the server closed the connection"
            case .malformed(let what): "malformed response: \(what)"
            }
        }
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var isClosed = false

    public init(port: Int, timeout: Duration = .seconds(5)) throws {
        // Close-on-exec: a process the test process starts (a compiler, a CLI) must not hold the
        // connection open after the test closed it, or the server would not see the close.
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.connect(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw Failure.connect(code)
        }
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        setTimeout(timeout)
    }

    deinit { close() }

    /// The client's own port: the server's socket for this connection has it as its peer port.
    public var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    public func setTimeout(_ timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { throw Failure.closed }
            offset += sent
        }
    }

    /// `GET path` (or `method path`) with the given extra header lines, for `host`.
    public func get(_ path: String, headers: [String] = [], method: String = "GET",
                    host: String = "localhost") throws -> TestResponse {
        try send(TestClient.request(method, path, headers: headers, host: host))
        return try readResponse(isHead: method == "HEAD")
    }

    public static func request(_ method: String, _ path: String, headers: [String] = [], body: String? = nil,
                               version: String = "HTTP/1.1", host: String = "localhost") -> String {
        var text = "\(method) \(path) \(version)\r\nHost: \(host)\r\n"
        for header in headers { text += header + "\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    /// Reads one response. `isHead`: the response to HEAD has no body whatever its headers say.
    public func readResponse(isHead: Bool = false) throws -> TestResponse {
        var response = try readHead()
        try readBody(of: &response, isHead: isHead)
        return response
    }

    /// Reads the status line and headers of the next response only; `readBody(of:)` takes its body.
    public func readHead() throws -> TestResponse {
        let headEnd = try readUntil([13, 10, 13, 10])
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let statusParts = statusLine.split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure.malformed(statusLine) }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed(line) }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingSpaces))
        }
        return TestResponse(status: status, statusLine: statusLine, headers: headers, body: [])
    }

    /// Reads the body of a response whose head `readHead()` returned.
    public func readBody(of response: inout TestResponse, isHead: Bool = false) throws {
        let status = response.status
        if isHead || status == 204 || status == 304 || (100..<200).contains(status) { return }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            response.body = try readChunkedBody()
        } else if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            response.body = try readExactly(length)
        } else {
            response.body = try readToEnd()
        }
    }

    /// Every byte the server sends until it closes the connection (throws on a timeout).
    public func bytesUntilClose() throws -> [UInt8] { try readToEnd() }

    /// What one receive brings (buffered bytes first); throws on a timeout or a close.
    public func receiveSome() throws -> [UInt8] {
        if buffer.isEmpty { try fill() }
        defer { buffer.removeAll() }
        return buffer
    }

    /// True when the server closes the connection (EOF or reset) within the socket timeout.
    public func waitForClose() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = recv(descriptor, &chunk, chunk.count, 0)
            if got == 0 { return true }
            if got < 0 { return errno == ECONNRESET }
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let got = recv(descriptor, &chunk, chunk.count, 0)
        if got == 0 { throw Failure.closed }
        if got < 0 { throw errno == EAGAIN || errno == EWOULDBLOCK ? Failure.timedOut : Failure.closed }
        buffer.append(contentsOf: chunk[..<got])
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= marker.count {
                for start in searchFrom...(buffer.count - marker.count) where buffer[start..<(start + marker.count)].elementsEqual(marker) {
                    return start
                }
                searchFrom = buffer.count - marker.count + 1
            }
            try fill()
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    private func readToEnd() throws -> [UInt8] {
        do {
            while true { try fill() }
        } catch Failure.closed {
            defer { buffer.removeAll() }
            return buffer
        }
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let lineEnd = try readUntil([13, 10])
            let sizeText = String(decoding: buffer[..<lineEnd], as: UTF8.self)
            buffer.removeFirst(lineEnd + 2)
            guard let size = Int(sizeText, radix: 16) else { throw Failure.malformed("chunk size '\(sizeText)'") }
            if size == 0 {
                _ = try readExactly(2)
                return body
            }
            body += try readExactly(size)
            _ = try readExactly(2)
        }
    }
}

private extension Substring {
    var trimmingSpaces: String {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
