import Logging
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Accepts on a non-blocking listening socket that several processes share, on a thread of its
/// own: `poll`, then `accept`; EAGAIN means another process took the connection. Hands each
/// connected socket to `onAccept`. `stop()` ends the loop within one poll interval; the socket
/// itself stays open (its owner, the supervisor, closes it).
final class SharedSocketAcceptor: Sendable {
    private let socket: Int32
    private let logger: Logger
    private let onAccept: @Sendable (Int32) -> Void
    private let running = Atomic<Bool>(false)
    private let thread = NIOThreadPool(numberOfThreads: 1)

    init(socket: Int32, logger: Logger, onAccept: @escaping @Sendable (Int32) -> Void) {
        self.socket = socket
        self.logger = logger
        self.onAccept = onAccept
    }

    /// Starts accepting; returns the socket's port.
    func start() -> Int {
        // Inherited from the supervisor without close-on-exec (so it reached this process); a
        // process that native code starts from here must not keep the listener open.
        _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
        running.store(true, ordering: .releasing)
        thread.start()
        let socket = self.socket, onAccept = self.onAccept, logger = self.logger
        thread.submit { [self] _ in
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            while running.load(ordering: .acquiring) {
                // Asked to stop while waiting: take nothing more (another process will).
                guard poll(&descriptor, 1, 200) > 0, running.load(ordering: .acquiring) else { continue }
                let client = accept(socket, nil, nil)
                if client >= 0 {
                    _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                    onAccept(client)
                } else if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    logger.warning("cannot accept a connection: \(String(cString: strerror(errno)))")
                    usleep(10_000)
                }
            }
        }
        return Self.port(of: socket)
    }

    /// Ends the accept loop (within one poll interval).
    func stop() { running.store(false, ordering: .releasing) }

    /// Stops and waits for the loop to end: no connection is handed on after this returns.
    func finish() async {
        stop()
        try? await thread.shutdownGracefully()
    }

    private static func port(of socket: Int32) -> Int {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int in
                guard getsockname(socket, pointer, &length) == 0 else { return 0 }
                if pointer.pointee.sa_family == sa_family_t(AF_INET6) {
                    return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
                }
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        }
    }
}
