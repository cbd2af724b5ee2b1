import Config

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listener the supervisor binds itself and hands to its workers: no FD_CLOEXEC, so every
/// spawned worker inherits it and adopts it (`ServerConfiguration.boundSocket`).
struct ListeningSocket {
    let listener: Listener
    let descriptor: Int32
    /// The bound port (the system's choice when the listener asks for port 0).
    let port: Int

    static func bind(_ listener: Listener) throws -> ListeningSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(listener.bindAddress, String(listener.port), &hints, &results)
        guard status == 0, let first = results else {
            throw StartupError(message: "cannot listen on \(listener): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(results) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { throw StartupError(message: "cannot listen on \(listener): \(errorText())") }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard Glibc.bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(descriptor, 511) == 0 else {
            let reason = errorText()
            close(descriptor)
            throw StartupError(message: "cannot listen on \(listener): \(reason)")
        }
        // Workers accept on it with poll + accept4: another worker may have taken the connection.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let port = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int in
                guard getsockname(descriptor, pointer, &length) == 0 else { return listener.port }
                if pointer.pointee.sa_family == sa_family_t(AF_INET6) {
                    return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
                }
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        }
        return ListeningSocket(listener: listener, descriptor: descriptor, port: port)
    }

    /// `http://address:port/` (or https) as the server prints it.
    var url: String {
        let host = listener.bindAddress.contains(":") ? "[\(listener.bindAddress)]" : listener.bindAddress
        return "\(listener.secure ? "https" : "http")://\(host):\(port)/"
    }

    /// A close-on-exec duplicate for a server in the supervisor (the 503 answer), which closes it.
    func duplicate() -> Int32 { fcntl(descriptor, F_DUPFD_CLOEXEC, 0) }

    /// `--listener-fd` for a worker: the listener as the model names it, and the descriptor.
    var argument: String { "\(listener)=\(descriptor)" }
}

func errorText() -> String { String(cString: strerror(errno)) }
