/// HTTP headers in arrival order with case-insensitive names, as IIS keeps them.
public struct HeaderList: Sendable, Equatable, Sequence {
    public private(set) var entries: [(name: String, value: String)]

    public init(_ entries: [(name: String, value: String)] = []) { self.entries = entries }

    public static func == (a: HeaderList, b: HeaderList) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.name == $1.name && $0.value == $1.value }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { entries.makeIterator() }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8) { lower($0) == lower($1) }
    }

    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c | 0x20 : c }

    /// The value of the first header named `name`, or nil.
    public subscript(_ name: String) -> String? { entries.first { Self.same($0.name, name) }?.value }

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
            } else {
                entries[index].value += ", " + value
            }
        } else {
            entries.append((name, value))
        }
    }

    private mutating func dedupe(_ name: String, keeping value: String) {
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
    public mutating func add(_ name: String, _ value: String) { entries.append((name, value)) }

    /// Removes every header named `name`; absent is not an error.
    public mutating func remove(_ name: String) { entries.removeAll { Self.same($0.name, name) } }

    public mutating func removeAll() { entries.removeAll(keepingCapacity: true) }
}
