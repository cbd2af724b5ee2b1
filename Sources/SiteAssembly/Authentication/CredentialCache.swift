import Synchronization

/// The basic-authentication checks that succeeded lately, so a client that sends the same
/// `Authorization` header on every request pays crypt(3) (tens of milliseconds for bcrypt) once.
///
/// Bounded (`capacity` entries, the oldest goes first) and per user file: a reload of the file makes
/// a new cache, so a changed or removed user is checked afresh. The password itself is not kept:
/// an entry is the user and a 128-bit keyed hash (SipHash with the process's random seed) of the
/// password, compared for equality. Only successes are cached; a wrong password always costs the
/// full check.
final class CredentialCache: Sendable {
    private struct Entry: Hashable {
        let user: String
        let digest: (UInt64, UInt64)

        static func == (a: Entry, b: Entry) -> Bool { a.user == b.user && a.digest == b.digest }
        func hash(into hasher: inout Hasher) {
            hasher.combine(user)
            hasher.combine(digest.0)
            hasher.combine(digest.1)
        }
    }

    private struct State {
        var entries: Set<Entry> = []
        var order: [Entry] = []
        var oldest = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 256) { self.capacity = max(1, capacity) }

    func contains(user: String, password: String) -> Bool {
        let entry = Self.entry(user, password)
        return state.withLock { $0.entries.contains(entry) }
    }

    func remember(user: String, password: String) {
        let entry = Self.entry(user, password)
        let capacity = self.capacity
        state.withLock { state in
            guard state.entries.insert(entry).inserted else { return }
            if state.order.count < capacity {
                state.order.append(entry)
            } else {
                state.entries.remove(state.order[state.oldest])
                state.order[state.oldest] = entry
                state.oldest = (state.oldest + 1) % capacity
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }

    private static func entry(_ user: String, _ password: String) -> Entry {
        var first = Hasher(), second = Hasher()
        first.combine(0x6973_6170_695F_6231 as UInt64)
        second.combine(0x6973_6170_695F_6232 as UInt64)
        first.combine(password)
        second.combine(password)
        return Entry(user: user.lowercased(), digest: (UInt64(bitPattern: Int64(first.finalize())),
                                                       UInt64(bitPattern: Int64(second.finalize()))))
    }
}
