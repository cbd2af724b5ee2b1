import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Keep-alive connections to upstreams, idle ones kept per upstream and event loop so a request
/// reuses a connection on its own loop. A connection the upstream closed while idle is dropped
/// when it is next looked at.
final class UpstreamConnectionPool: Sendable {
    private struct Key: Hashable {
        let address: UpstreamAddress
        let secure: Bool
        let loop: ObjectIdentifier
    }

    private let idle = Mutex<[Key: [any Channel]]>([:])
    private let maxIdle: Int
    private let connectTimeout: TimeAmount
    private let tls: UpstreamTLS

    init(maxIdle: Int, connectTimeout: Duration, tls: UpstreamTLS) {
        self.maxIdle = maxIdle
        self.connectTimeout = TimeAmount(connectTimeout)
        self.tls = tls
    }

    /// An idle connection to `address` on `loop` (`reused` true), or a new one; `secure`: over TLS.
    func acquire(_ address: UpstreamAddress, secure: Bool, on loop: any EventLoop) -> EventLoopFuture<(channel: any Channel, reused: Bool)> {
        let key = Key(address: address, secure: secure, loop: ObjectIdentifier(loop))
        let found: (any Channel)? = idle.withLock { idle in
            guard var list = idle[key] else { return nil }
            defer { idle[key] = list.isEmpty ? nil : list }
            while let channel = list.popLast() {
                if channel.isActive { return channel }
            }
            return nil
        }
        if let found { return loop.makeSucceededFuture((channel: found, reused: true)) }
        return connect(address, secure: secure, on: loop).map { (channel: $0, reused: false) }
    }

    /// A new connection to `address` on `loop`, with TLS when `secure`, the HTTP/1.1 client codec
    /// and the proxy's handler.
    func connect(_ address: UpstreamAddress, secure: Bool, on loop: any EventLoop) -> EventLoopFuture<any Channel> {
        if secure, case .failure(let error) = tls.context {
            return loop.makeFailedFuture(UpstreamTLSUnavailable(reason: "\(error)"))
        }
        let tls = self.tls
        return ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if secure { try channel.pipeline.syncOperations.addHandler(tls.handler(for: address.host)) }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(UpstreamChannelHandler())
                }
            }
            .connect(host: address.host, port: address.port)
    }

    /// Gives a connection whose response ended cleanly back for reuse; closes it past the limit.
    func release(_ channel: any Channel, address: UpstreamAddress, secure: Bool) {
        let key = Key(address: address, secure: secure, loop: ObjectIdentifier(channel.eventLoop))
        let kept = channel.isActive && idle.withLock { idle in
            var list = idle[key] ?? []
            list.removeAll { !$0.isActive }
            guard list.count < maxIdle else {
                idle[key] = list
                return false
            }
            list.append(channel)
            idle[key] = list
            return true
        }
        if !kept { channel.close(promise: nil) }
    }

    /// Closes every idle connection (at shutdown or reload).
    func closeIdle() {
        let all = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle.values.flatMap { $0 }
        }
        for channel in all { channel.close(promise: nil) }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// The proxy's TLS configuration could not be made (its CA file): https upstreams cannot be reached.
struct UpstreamTLSUnavailable: Error, CustomStringConvertible {
    let reason: String
    var description: String { "TLS is not available: \(reason)" }
}
