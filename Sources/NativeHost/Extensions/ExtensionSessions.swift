import ISAPIHeaders
import Synchronization

/// The requests extensions are serving, by the `ConnID` each was given. A `ConnID` is a serial
/// number, not a pointer: a callback with a stale or forged one finds nothing and fails with
/// `ERROR_INVALID_PARAMETER` instead of following it.
enum ExtensionSessions {
    private static let live = Mutex<[UInt: ExtensionSession]>([:])
    private static let serial = Atomic<UInt>(0)

    static func nextID() -> UInt { serial.add(1, ordering: .relaxed).newValue }

    static func insert(_ session: ExtensionSession) {
        live.withLock { $0[session.id] = session }
    }

    static func remove(_ id: UInt) {
        _ = live.withLock { $0.removeValue(forKey: id) }
    }

    static func find(_ connection: HCONN?) -> ExtensionSession? {
        guard let connection else { return nil }
        let id = UInt(bitPattern: connection)
        return live.withLock { $0[id] }
    }

    /// How many requests are being served now (tests check that finished ones are gone).
    package static var count: Int { live.withLock { $0.count } }
}
