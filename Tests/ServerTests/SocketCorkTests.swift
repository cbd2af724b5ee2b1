#if canImport(Glibc)
import Glibc
#endif
import Pipeline
import Server
import TestSupport
import Testing

/// The server's end of the connection `client` opened (the server runs in this process): the
/// descriptor whose peer is the client's port. Nil when there is none.
private func serverSocket(of client: TestClient, serverPort: Int) -> Int32? {
    let clientPort = client.localPort
    func port(_ descriptor: Int32, peer: Bool) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                peer ? getpeername(descriptor, $0, &length) : getsockname(descriptor, $0, &length)
            }
        }
        guard result == 0, address.sin_family == sa_family_t(AF_INET) else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
    return (0..<Int32(4096)).first { port($0, peer: true) == clientPort && port($0, peer: false) == serverPort }
}

/// TCP_CORK on a socket: 1 while partial segments are held back.
private func corked(_ descriptor: Int32) -> Int32 {
    var value: Int32 = -1
    var length = socklen_t(MemoryLayout<Int32>.size)
    getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_CORK, &value, &length)
    return value
}

@Suite("A file response is corked while it is sent", .serialized)
struct SocketCorkTests {
    @Test("corked while the file goes out (head and body share segments), uncorked once it is sent, so a small response after it is not held")
    func corkedWhileSending() async throws {
        // Larger than the socket buffers of a client that reads nothing, so the file stays in flight.
        let site = try BigFileSite(size: 16 * 1024 * 1024)
        try await withServer(makePipeline(root: site.root, modules: [StaticFileModule.registration()])) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            try client.send(TestClient.request("GET", "/big.bin"))
            var found: Int32?
            #expect(await eventually {
                found = serverSocket(of: client, serverPort: port)
                return found != nil
            }, "the server's socket for the connection is in this process")
            guard let socket = found else { return }
            #expect(await eventually { corked(socket) == 1 }, "the socket is corked while the file is sent")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == site.big)
            // Polled: the last partial segment normally leaves when the cork comes off, but on a
            // starved loop the kernel's 200 ms cork limit may send it first.
            #expect(await eventually { corked(socket) == 0 }, "the cork is off once the file was sent")
            #expect(try client.get("/small.txt").text == "small")
            #expect(corked(socket) == 0, "a response from memory is not corked")
        }
    }
}
