import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SiteAssembly
import Synchronization
import TestSupport

/// What one TLS exchange with the server gave: the bytes the server sent before closing, and the
/// certificate it presented.
struct TLSExchange {
    var bytes: [UInt8]
    var peerCertificate: [UInt8]?
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The response parsed (one response, `Connection: close`). The head is text; the body stays
    /// bytes (a binary body would not survive a trip through `String`).
    var response: TLSResponse? {
        let blank: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4, let split = (0...(bytes.count - 4)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(blank) }) else {
            return nil
        }
        let head = String(decoding: bytes[..<split], as: UTF8.self).split(separator: "\r\n").map(String.init)
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: [" "]))
        }
        return TLSResponse(status: status, headers: headers, body: Array(bytes[(split + 4)...]))
    }
}

/// One parsed response of a `TLSExchange`.
struct TLSResponse: Equatable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    static func == (lhs: TLSResponse, rhs: TLSResponse) -> Bool { lhs.status == rhs.status && lhs.body == rhs.body }
}

/// A real TLS client (NIOSSL) over loopback: connects, sends `request` once the handshake is
/// done, reads until the server closes.
enum TLSTestClient {
    struct Options {
        /// The name sent in the client hello (SNI); nil sends none.
        var serverName: String?
        /// Certificates to trust; with them the server's certificate is verified (name included
        /// when `serverName` is set), without them anything is accepted.
        var trust: [IssuedCertificate] = []
        var clientCertificate: IssuedCertificate?
        var maximumVersion: TLSVersion = .tlsv13
        var minimumVersion: TLSVersion = .tlsv1
        /// TLS 1.2 suites the client offers (OpenSSL names, `:` between); nil: the library's.
        var cipherSuites: String?
    }

    static func exchange(port: Int, _ request: String, _ options: Options = Options()) async throws -> TLSExchange {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = options.minimumVersion
        configuration.maximumTLSVersion = options.maximumVersion
        if let suites = options.cipherSuites { configuration.cipherSuites = suites }
        if options.trust.isEmpty {
            configuration.certificateVerification = .none
        } else {
            configuration.trustRoots = .certificates(try options.trust.map { try NIOSSLCertificate(bytes: Array($0.certificatePEM.utf8), format: .pem) })
            configuration.certificateVerification = options.serverName == nil ? .noHostnameVerification : .fullVerification
        }
        if let client = options.clientCertificate {
            configuration.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(client.certificatePEM.utf8), format: .pem))]
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(client.privateKeyPEM.utf8), format: .pem))
        }
        let context = try NIOSSLContext(configuration: configuration)
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let tls = try NIOSSLClientHandler(context: context, serverHostname: options.serverName)
                    try channel.pipeline.syncOperations.addHandler(tls)
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        try? await channel.closeFuture.get()
        return collector.result
    }

    /// `GET path` with `Host` and `Connection: close`.
    static func get(port: Int, _ path: String, host: String = "localhost", _ options: Options = Options()) async throws -> TLSExchange {
        try await exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n", options)
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let state = Mutex(TLSExchange(bytes: []))
        var result: TLSExchange { state.withLock { $0 } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLock { $0.bytes += buffer.readableBytesView }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSUserEvent, case .handshakeCompleted = event,
               let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self) {
                let der = try? handler.peerCertificate?.toDERBytes()
                state.withLock { $0.peerCertificate = der }
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}

extension IssuedCertificate {
    var der: [UInt8] { (try? NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem).toDERBytes()) ?? [] }
}
