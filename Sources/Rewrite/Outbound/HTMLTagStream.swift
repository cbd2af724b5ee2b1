/// A streaming tokenizer that finds start tags in an HTML body and lets a caller rewrite their
/// attribute values, chunk by chunk: text passes straight to the output, a tag is held from `<`
/// to its closing `>` (which may come several chunks later) and then written, rewritten or not.
///
/// What it holds back is bounded: a tag longer than `maxTagBytes` is written unchanged as soon as
/// it passes the bound (the rest of it follows unchanged too) and counted in `oversizedTags`.
/// Comments (`<!-- -->`), end tags, `<!DOCTYPE>`, `<?...?>` and the contents of `<script>` and
/// `<style>` pass unchanged. Attribute values are handed over as written (entities not decoded).
struct HTMLTagStream {
    private enum State {
        case text
        /// Inside a tag, held; `quote` is the quote of the value being read, if any.
        case tag(quote: UInt8?)
        /// Inside `<!-- ... -->`: how many `-` were just seen.
        case comment(dashes: Int)
        /// Copying the rest of a tag unchanged (too long, or the end tag of raw text).
        case skipTag(quote: UInt8?)
        /// Inside `<script>` / `<style>`: how much of the end tag (`</script`) was just seen.
        case rawText(end: [UInt8], matched: Int)
    }

    let maxTagBytes: Int
    private var state = State.text
    private var held: [UInt8] = []
    /// The last byte of the held tag that was not a space (a quote opens a value only after `=`).
    private var lastNonSpace: UInt8 = 0
    private(set) var oversizedTags = 0
    /// True once a value was rewritten (the caller resets it after each send).
    var changed = false

    /// A tag (or part of one) is held back, waiting for more bytes.
    var isHolding: Bool { !held.isEmpty }

    init(maxTagBytes: Int) {
        self.maxTagBytes = maxTagBytes
    }

    /// The new value of `attribute` (both lower-cased names) of `element`, or nil to keep it.
    typealias Rewrite = (_ element: String, _ attribute: String, _ value: ArraySlice<UInt8>) -> [UInt8]?

    mutating func feed(_ chunk: some Sequence<UInt8>, into output: inout [UInt8], rewrite: Rewrite) {
        for byte in chunk { step(byte, into: &output, rewrite: rewrite) }
    }

    /// The end of the body: a tag still held (never closed) goes out unchanged.
    mutating func finish(into output: inout [UInt8]) {
        output.append(contentsOf: held)
        held.removeAll()
        state = .text
    }

    private mutating func step(_ byte: UInt8, into output: inout [UInt8], rewrite: Rewrite) {
        switch state {
        case .text:
            if byte == UInt8(ascii: "<") {
                held.removeAll(keepingCapacity: true)
                held.append(byte)
                lastNonSpace = byte
                state = .tag(quote: nil)
            } else {
                output.append(byte)
            }
        case .tag(let quote):
            held.append(byte)
            if held.count == 2 {
                if byte == UInt8(ascii: "<") {
                    output.append(held[0])
                    held.removeFirst()
                    return
                }
                if !(Self.isLetter(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")) {
                    // `a < b`: text, not a tag.
                    output.append(contentsOf: held)
                    held.removeAll(keepingCapacity: true)
                    state = .text
                    return
                }
            }
            if held.count == 4 && held.elementsEqual("<!--".utf8) {
                output.append(contentsOf: held)
                held.removeAll(keepingCapacity: true)
                state = .comment(dashes: 0)
                return
            }
            if let quote {
                if byte == quote { state = .tag(quote: nil) }
            } else if (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) && lastNonSpace == UInt8(ascii: "=") {
                state = .tag(quote: byte)
            } else if byte == UInt8(ascii: ">") {
                finishTag(into: &output, rewrite: rewrite)
                return
            }
            if !Self.isSpace(byte) { lastNonSpace = byte }
            if held.count > maxTagBytes {
                output.append(contentsOf: held)
                held.removeAll(keepingCapacity: true)
                oversizedTags += 1
                if case .tag(let current) = state { state = .skipTag(quote: current) }
            }
        case .comment(let dashes):
            output.append(byte)
            if byte == UInt8(ascii: "-") {
                state = .comment(dashes: min(dashes + 1, 2))
            } else if byte == UInt8(ascii: ">") && dashes >= 2 {
                state = .text
            } else {
                state = .comment(dashes: 0)
            }
        case .skipTag(let quote):
            output.append(byte)
            if let quote {
                if byte == quote { state = .skipTag(quote: nil) }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                state = .skipTag(quote: byte)
            } else if byte == UInt8(ascii: ">") {
                state = .text
            }
        case .rawText(let end, let matched):
            output.append(byte)
            if Self.lowercased(byte) == end[matched] {
                if matched + 1 == end.count { state = .skipTag(quote: nil) } else { state = .rawText(end: end, matched: matched + 1) }
            } else {
                state = .rawText(end: end, matched: byte == UInt8(ascii: "<") ? 1 : 0)
            }
        }
    }

    /// `held` is a whole tag, `<` to `>`.
    private mutating func finishTag(into output: inout [UInt8], rewrite: Rewrite) {
        state = .text
        defer { held.removeAll(keepingCapacity: true) }
        let second = held[1]
        guard Self.isLetter(second) else {
            output.append(contentsOf: held)
            return
        }
        let end = held.count - 1
        var index = 1
        while index < end && !Self.isSpace(held[index]) && held[index] != UInt8(ascii: "/") { index += 1 }
        let element = String(decoding: held[1..<index].map(Self.lowercased), as: UTF8.self)
        var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
        while index < end {
            while index < end && (Self.isSpace(held[index]) || held[index] == UInt8(ascii: "/")) { index += 1 }
            guard index < end else { break }
            let nameStart = index
            while index < end && !Self.isSpace(held[index]) && held[index] != UInt8(ascii: "=") && held[index] != UInt8(ascii: "/") {
                index += 1
            }
            let name = held[nameStart..<index]
            var look = index
            while look < end && Self.isSpace(held[look]) { look += 1 }
            guard look < end, held[look] == UInt8(ascii: "=") else {
                if index == nameStart { index += 1 }
                continue
            }
            look += 1
            while look < end && Self.isSpace(held[look]) { look += 1 }
            let valueRange: Range<Int>
            var quote: UInt8?
            if look < end, held[look] == UInt8(ascii: "\"") || held[look] == UInt8(ascii: "'") {
                quote = held[look]
                let close = held[(look + 1)..<end].firstIndex(of: held[look]) ?? end
                valueRange = (look + 1)..<close
                index = min(close + 1, end)
            } else {
                var stop = look
                while stop < end && !Self.isSpace(held[stop]) { stop += 1 }
                valueRange = look..<stop
                index = stop
            }
            let attribute = String(decoding: name.map(Self.lowercased), as: UTF8.self)
            if let value = rewrite(element, attribute, held[valueRange]) {
                replacements.append((valueRange, Self.attributeText(value, quote: quote)))
            }
        }
        if replacements.isEmpty {
            output.append(contentsOf: held)
        } else {
            changed = true
            var from = 0
            for replacement in replacements {
                output.append(contentsOf: held[from..<replacement.range.lowerBound])
                output.append(contentsOf: replacement.bytes)
                from = replacement.range.upperBound
            }
            output.append(contentsOf: held[from...])
        }
        if (element == "script" || element == "style") && held[held.count - 2] != UInt8(ascii: "/") {
            state = .rawText(end: Array("</\(element)".utf8), matched: 0)
        }
    }

    /// A new value as it must be written: within quotes, their quote character as a reference;
    /// unquoted, quoted when it would otherwise end the value.
    private static func attributeText(_ value: [UInt8], quote: UInt8?) -> [UInt8] {
        if let quote {
            guard value.contains(quote) else { return value }
            var text: [UInt8] = []
            for byte in value {
                if byte == quote { text += Array((quote == UInt8(ascii: "\"") ? "&quot;" : "&#39;").utf8) } else { text.append(byte) }
            }
            return text
        }
        guard value.isEmpty || value.contains(where: { isSpace($0) || "\"'=<>`".utf8.contains($0) }) else { return value }
        return [UInt8(ascii: "\"")] + attributeText(value, quote: UInt8(ascii: "\"")) + [UInt8(ascii: "\"")]
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
    }
}
