/// HTTP headers in arrival order with case-insensitive names, as IIS keeps them.
public struct HeaderList: Sendable, Equatable, Sequence {
    public private(set) var entries: [(name: String, value: String)]
    /// False only when every entry is known to be writable as a response header (a token name, no
    /// CR, LF or NUL in the value). Kept up to date entry by entry, so the check after each change
    /// of a response's headers (and before the head goes out) does not rescan the whole list.
    public private(set) var mayHoldUnsendable: Bool

    public init(_ entries: [(name: String, value: String)] = []) {
        self.entries = entries
        // Unknown until someone asks: request headers never need the answer.
        self.mayHoldUnsendable = !entries.isEmpty
    }

    public static func == (a: HeaderList, b: HeaderList) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.name == $1.name && $0.value == $1.value }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { entries.makeIterator() }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    @inline(__always)
    static func same(_ a: String, _ b: some StringProtocol) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        // Native strings are contiguous: compare the bytes directly (the hot case).
        if let direct = b.utf8.withContiguousStorageIfAvailable({ same(a, UnsafeRawBufferPointer($0)) }) { return direct }
        return a.utf8.elementsEqual(b.utf8) { lower($0) == lower($1) }
    }

    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c | 0x20 : c }

    /// The value of the first header named `name`, or nil.
    public subscript(_ name: String) -> String? { entries.first { Self.same($0.name, name) }?.value }

    /// The value of the first header whose name is `name` (any case), compared as bytes.
    public func value(named name: UnsafeRawBufferPointer) -> String? {
        for entry in entries where Self.same(entry.name, name) { return entry.value }
        return nil
    }

    /// How many headers are named `name` (any case); `first` is the first one's value.
    func count(named name: some StringProtocol) -> (count: Int, first: String?) {
        count { Self.same($0, name) }
    }

    /// `count(named:)` with the name as bytes (a C caller's, say).
    func count(named name: UnsafeRawBufferPointer) -> (count: Int, first: String?) {
        count { Self.same($0, name) }
    }

    @inline(__always)
    private func count(where isNamed: (String) -> Bool) -> (count: Int, first: String?) {
        var count = 0
        var first: String?
        for entry in entries where isNamed(entry.name) {
            if count == 0 { first = entry.value }
            count += 1
        }
        return (count, first)
    }

    /// Lengths first (most names differ there), and the bytes read in place: a `withUTF8` on a
    /// copy retained and released every name compared.
    @inline(__always)
    static func same(_ a: String, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.utf8.count == b.count else { return false }
        let equal = a.utf8.withContiguousStorageIfAvailable { bytes in
            for index in 0..<bytes.count where lower(bytes[index]) != lower(b[index]) { return false }
            return true
        }
        return equal ?? a.utf8.elementsEqual(b) { lower($0) == lower($1) }
    }

    /// Rescans after a change that may have removed the last unsendable entry.
    private mutating func recheckUnsendable() {
        guard mayHoldUnsendable else { return }
        mayHoldUnsendable = entries.contains { !HTTPResponseSerializer.isSendable(name: $0.name, value: $0.value) }
    }

    /// Records that a full check found every entry sendable.
    mutating func confirmSendable() { mayHoldUnsendable = false }

    /// A response's list grows one header at a time: room for a typical head at once, not 1, 2,
    /// 4, 8, 16 reallocations.
    @inline(__always)
    private mutating func reserveFirst() {
        if entries.capacity == 0 { entries.reserveCapacity(16) }
    }

    @inline(__always)
    private mutating func noteAdded(_ name: String, _ value: String) {
        if !mayHoldUnsendable && !HTTPResponseSerializer.isSendable(name: name, value: value) { mayHoldUnsendable = true }
    }

    /// Every value of headers named `name`, in order.
    public func values(_ name: String) -> [String] { entries.filter { Self.same($0.name, name) }.map(\.value) }

    public func contains(_ name: String) -> Bool { entries.contains { Self.same($0.name, name) } }

    /// `SetHeader`: with `replace` the header gets exactly this value; without, the value is
    /// appended to an existing one, comma-separated (IIS semantics), or added.
    public mutating func set(_ name: String, _ value: String, replace: Bool = true) {
        if let index = entries.firstIndex(where: { Self.same($0.name, name) }) {
            if replace {
                entries[index].value = value
                dedupe(name, keeping: value)
                recheckUnsendable()
            } else {
                entries[index].value += ", " + value
            }
            noteAdded(entries[index].name, value)
        } else {
            reserveFirst()
            entries.append((name, value))
            noteAdded(name, value)
        }
    }

    private mutating func dedupe(_ name: String, keeping value: String) {
        // Nothing to remove (the common case): no array rewrite.
        guard count(named: name).count > 1 else { return }
        var seen = false
        entries.removeAll { entry in
            guard Self.same(entry.name, name) else { return false }
            if seen { return true }
            seen = true
            return false
        }
        if let index = entries.firstIndex(where: { Self.same($0.name, name) }) { entries[index].value = value }
    }

    /// Adds another line with this name, keeping existing ones (filters' `AddHeader`).
    public mutating func add(_ name: String, _ value: String) {
        reserveFirst()
        entries.append((name, value))
        noteAdded(name, value)
    }

    /// Removes every header named `name`; absent is not an error.
    public mutating func remove(_ name: String) {
        guard contains(name) else { return }
        entries.removeAll { Self.same($0.name, name) }
        recheckUnsendable()
    }

    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        mayHoldUnsendable = false
    }
}
