import NIOCore
import Synchronization

/// The server's open client connections: counts them against the cap and lets shutdown reach them.
final class ConnectionRegistry: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    /// Records `channel` unless `limit` connections are already open. The entry goes away when
    /// the channel closes.
    func admit(_ channel: any Channel, limit: Int) -> Bool {
        let id = ObjectIdentifier(channel)
        let admitted = channels.withLock { open -> Bool in
            guard open.count < limit else { return false }
            open[id] = channel
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { [self] _ in
                _ = channels.withLock { $0.removeValue(forKey: id) }
            }
        }
        return admitted
    }

    var count: Int { channels.withLock { $0.count } }
    var all: [any Channel] { channels.withLock { Array($0.values) } }
}
