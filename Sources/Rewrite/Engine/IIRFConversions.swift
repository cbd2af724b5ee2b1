/// IIRF's replacement-string operators, applied after expansion (Rewriter.c
/// `ApplyCaseConversionInPlace` then `ApplyUrlEncoding`), with `#` standing for the configured
/// conversion character:
///
/// * `#L...#E` lower-case, `#U...#E` upper-case, `#l` / `#u` the next character only;
/// * `#X...#E` URL-encode (after case folding; the operators do not nest);
/// * `##` is a literal `#` outside a case-folding span; any other `#x` passes through.
enum IIRFConversions {
    static func apply(_ buffer: inout [UInt8], from start: Int, character: UInt8, scratch: inout [[UInt8]]) {
        guard buffer[start...].contains(character) else { return }
        foldCase(&buffer, from: start, character: character)
        encode(&buffer, from: start, character: character, scratch: &scratch)
    }

    private static func foldCase(_ buffer: inout [UInt8], from start: Int, character flag: UInt8) {
        enum State { case none, lower, upper, lowerOne, upperOne }
        var state = State.none
        var read = start
        var write = start
        let end = buffer.count
        while read < end {
            let byte = buffer[read]
            if byte == flag {
                let next: UInt8 = read + 1 < end ? buffer[read + 1] : 0
                switch next {
                case UInt8(ascii: "L"): read += 1; state = .lower
                case UInt8(ascii: "U"): read += 1; state = .upper
                case UInt8(ascii: "l"): read += 1; state = .lowerOne
                case UInt8(ascii: "u"): read += 1; state = .upperOne
                case UInt8(ascii: "E"):
                    if state != .none {
                        read += 1
                        state = .none
                    } else {
                        // Not closing a case span: the end of a #X span, handled by `encode`.
                        buffer[write] = byte
                        write += 1
                    }
                default:
                    if next == flag && state == .none { read += 1 }
                    buffer[write] = buffer[read]
                    write += 1
                }
            } else {
                var converted = byte
                switch state {
                case .none: break
                case .lower: converted = asciiLowercased(byte)
                case .upper: converted = asciiUppercased(byte)
                case .lowerOne: converted = asciiLowercased(byte); state = .none
                case .upperOne: converted = asciiUppercased(byte); state = .none
                }
                buffer[write] = converted
                write += 1
            }
            read += 1
        }
        buffer.removeSubrange(write..<end)
    }

    /// Replaces each `#X...#E` span with its URL encoding.
    private static func encode(_ buffer: inout [UInt8], from start: Int, character flag: UInt8, scratch: inout [[UInt8]]) {
        var spanStart: Int?
        var index = start
        var rebuilt: [UInt8]?
        var copied = start
        while index + 1 < buffer.count {
            if buffer[index] == flag {
                if buffer[index + 1] == UInt8(ascii: "X"), spanStart == nil {
                    spanStart = index
                } else if buffer[index + 1] == UInt8(ascii: "E"), let open = spanStart {
                    if rebuilt == nil {
                        var fresh = scratch.popLast() ?? []
                        fresh.removeAll(keepingCapacity: true)
                        fresh.append(contentsOf: buffer[..<start])
                        rebuilt = fresh
                    }
                    rebuilt!.append(contentsOf: buffer[copied..<open])
                    for byte in buffer[(open + 2)..<index] { URLCoding.iirfEncode(byte, into: &rebuilt!) }
                    spanStart = nil
                    // IIRF resumes one character after the span (it steps over the first byte that
                    // follows), so that byte is copied without being examined.
                    copied = index + 2
                    index = copied + 1
                    continue
                }
            }
            index += 1
        }
        guard var result = rebuilt else { return }
        result.append(contentsOf: buffer[copied...])
        swap(&buffer, &result)
        scratch.append(result)
    }
}
