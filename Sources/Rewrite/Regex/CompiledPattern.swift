import CPCRE2

/// How a pattern is compiled.
public struct PatternOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Case-insensitive matching (`[I]`, `[NC]`).
    public static let caseless = PatternOptions(rawValue: PCRE2_CASELESS)
    /// `$` matches only at the very end of the subject (Apache httpd's default since 2.4.25).
    public static let dollarEndOnly = PatternOptions(rawValue: PCRE2_DOLLAR_ENDONLY)
    /// ECMAScript readings PCRE2 offers: `\u` and `\x` as JavaScript, a back-reference to an
    /// unset group matches the empty string (IIS URL Rewrite patterns).
    public static let ecmaScript = PatternOptions(rawValue: PCRE2_ALT_BSUX | PCRE2_MATCH_UNSET_BACKREF)
    /// `.` also matches a newline (wildcard and exact patterns, which have no `.` of their own).
    public static let dotAll = PatternOptions(rawValue: PCRE2_DOTALL)
}

/// A pattern PCRE2 refused, with the reason and the offset it points at.
public struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    public let message: String
    public let offset: Int

    public var description: String { "cannot compile '\(pattern)' at offset \(offset): \(message)" }
}

/// A regular expression compiled once, at load, and JIT-compiled when the platform allows.
///
/// The compiled code is immutable and may be matched from many threads at once; every match
/// needs its own `MatchSpace`.
public final class CompiledPattern: @unchecked Sendable {
    /// The pattern as written in the rules file.
    public let source: String
    public let options: PatternOptions
    /// Number of capturing groups (group 0, the whole match, not counted).
    public let captureCount: Int
    /// Named groups and their numbers.
    public let namedGroups: [String: Int]
    /// Whether PCRE2 JIT-compiled the pattern (the interpreter is used otherwise).
    public let isJITCompiled: Bool
    /// Bytes every match starts with (see `LiteralPrefix`); empty when unknown.
    public let literalPrefix: [UInt8]
    let code: OpaquePointer

    /// Compiles `source` (UTF-8 bytes of the string).
    public convenience init(_ source: String, options: PatternOptions = []) throws(PatternError) {
        try self.init(bytes: Array(source.utf8), options: options)
    }

    /// Compiles a pattern given as bytes, as read from a rules file (which need not be UTF-8:
    /// PCRE2 runs in byte mode, as IIRF's PCRE and httpd did).
    public init(bytes: [UInt8], options: PatternOptions = []) throws(PatternError) {
        let source = String(decoding: bytes, as: UTF8.self)
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress ?? emptyByteString, buffer.count, options.rawValue,
                            &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw PatternError(pattern: source, message: Self.message(for: errorCode), offset: errorOffset)
        }
        self.code = compiled
        self.source = source
        self.options = options
        self.isJITCompiled = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        self.captureCount = Int(count)
        self.namedGroups = Self.readNameTable(compiled)
        self.literalPrefix = LiteralPrefix.of(bytes, options: options)
    }

    deinit { pcre2_code_free_8(code) }


    /// PCRE2's text for an error code.
    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[..<Int(length)], as: UTF8.self)
    }

    /// Named groups from PCRE2's name table: entries of a 2-byte group number then a NUL-terminated name.
    private static func readNameTable(_ code: OpaquePointer) -> [String: Int] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        guard count > 0 else { return [:] }
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard let table else { return [:] }
        var names: [String: Int] = [:]
        for index in 0..<Int(count) {
            let entry = table + index * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            var length = 0
            while length < Int(entrySize) - 2 && entry[2 + length] != 0 { length += 1 }
            names[String(decoding: UnsafeBufferPointer(start: entry + 2, count: length), as: UTF8.self)] = number
        }
        return names
    }
}

/// A valid, NUL-terminated, empty C string, for PCRE2 calls with an empty subject or pattern.
/// Never written after initialisation.
nonisolated(unsafe) let emptyByteString: UnsafePointer<UInt8> = {
    let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    storage.initialize(to: 0)
    return UnsafePointer(storage)
}()
