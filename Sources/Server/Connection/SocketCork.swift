#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// `TCP_CORK` while a response with a file body is written: the head then travels in the file's
/// first full segment instead of a packet of its own, and the last partial segment goes when the
/// cork comes off (after the region's last byte was handed to the kernel).
///
/// Why (issue 13, measured with `ss -ti` on loopback): sent uncorked, the few hundred bytes of a
/// head arrive alone, and the client's receive window then stayed at 0.1-0.4 MB; the server was
/// receive-window limited 90-99 % of the time, and the rest of each 1 MiB went out from the client's
/// acknowledgements, on the client's CPU (loopback delivery there: 120-175 µs of softirq per
/// response, against 20-30 µs with the cork and for nginx, whose `tcp_nopush` is the same cork).
/// Corked, the windows grow to megabytes as nginx's do. Two `setsockopt` calls per file response,
/// none for responses from memory.
enum SocketCork {
    #if os(Linux)
    private static let option = ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: TCP_CORK))
    #endif

    /// Sets or clears the cork; a channel that is not a TCP socket (or is closed) is left as it is.
    static func set(_ corked: Bool, on channel: any Channel) {
        #if os(Linux)
        try? channel.syncOptions?.setOption(option, value: corked ? 1 : 0)
        #endif
    }
}
