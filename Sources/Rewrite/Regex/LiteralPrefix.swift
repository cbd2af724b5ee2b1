/// The literal text every match of a pattern must start with, found at load so that the evaluator
/// can skip most patterns with a byte comparison before asking PCRE2.
///
/// Deliberately conservative: only a pattern that starts with `^`, contains no `|` (an alternative
/// could start elsewhere) and is compiled without `caseless` has one. It runs until the first
/// character with a meaning in a regular expression (so before any group or inline option such as
/// `(?i)`, which only affects what follows it), and a character followed by a quantifier is left out.
enum LiteralPrefix {
    static func of(_ pattern: [UInt8], options: PatternOptions) -> [UInt8] {
        guard !options.contains(.caseless), pattern.first == UInt8(ascii: "^"),
              !pattern.contains(UInt8(ascii: "|")) else { return [] }
        let special = Set("\\^$.[]{}()*+?|".utf8)
        let quantifiers = Set("*+?{".utf8)
        var prefix: [UInt8] = []
        var index = 1
        while index < pattern.count, !special.contains(pattern[index]) {
            if index + 1 < pattern.count, quantifiers.contains(pattern[index + 1]) { break }
            prefix.append(pattern[index])
            index += 1
        }
        return prefix
    }
}
