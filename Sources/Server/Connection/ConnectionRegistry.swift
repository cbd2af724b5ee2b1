import NIOCore
import Synchronization

/// The server's open client connections: counts them against the caps (all, and per client
/// address) and lets shutdown reach them. After a wave of closes it returns freed heap to the
/// system (`HeapTrim`).
final class ConnectionRegistry: Sendable {
    private struct Open {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var perAddress: [String: Int] = [:]
        var heapTrim = HeapTrim()
    }

    enum Admission: Equatable {
        case admitted
        case overCap
        case overAddressCap
    }

    private let open = Mutex(Open())

    /// Records `channel` unless `limit` connections are open, or `perAddress` from its address.
    /// The entry goes away when the channel closes.
    func admit(_ channel: any Channel, limit: Int, perAddress: Int) -> Admission {
        let id = ObjectIdentifier(channel)
        let address = channel.remoteAddress?.ipAddress ?? ""
        let admission = open.withLock { open -> Admission in
            guard open.channels.count < limit else { return .overCap }
            let fromAddress = open.perAddress[address, default: 0]
            guard fromAddress < perAddress else { return .overAddressCap }
            open.channels[id] = channel
            open.perAddress[address] = fromAddress + 1
            open.heapTrim.opened(count: open.channels.count)
            return .admitted
        }
        if admission == .admitted {
            channel.closeFuture.whenComplete { [self] _ in
                let trim = self.open.withLock { open in
                    open.channels.removeValue(forKey: id)
                    let left = open.perAddress[address, default: 1] - 1
                    open.perAddress[address] = left > 0 ? left : nil
                    return open.heapTrim.closed(count: open.channels.count)
                }
                if trim { HeapTrim.trimInBackground() }
            }
        }
        return admission
    }

    var count: Int { open.withLock { $0.channels.count } }
    var all: [any Channel] { open.withLock { Array($0.channels.values) } }
}
