/// One `RewriteCond`: a test string, what it is compared with, and how.
final class Condition: Sendable {
    enum Test: Sendable {
        /// A regular expression; a match records the condition's back-references.
        case regex(CompiledPattern)
        /// `-d`, `-f`, `-s` and friends.
        case file(FileTest)
        /// `<`, `>`, `=` and mod_rewrite's `<=`, `>=`: compare as strings.
        case lexical(LexicalOperator, [UInt8])
        /// mod_rewrite `-lt -le -eq -ge -gt` (and `-ne` as a negated `-eq`).
        case integer(IntegerOperator, Int)
    }

    enum FileTest: Sendable, Equatable {
        /// `-d`: an existing directory.
        case directory
        /// `-f`: an existing regular file.
        case regularFile
        /// `-s`: a regular file larger than zero bytes.
        case nonEmptyFile
        /// `-l` / `-L` / `-h`: a symbolic link.
        case symbolicLink
        /// `-x`: a file with any execute bit.
        case executable
    }

    enum LexicalOperator: Sendable, Equatable {
        case less, lessOrEqual, equal, greaterOrEqual, greater
    }

    enum IntegerOperator: Sendable, Equatable {
        case less, lessOrEqual, equal, greaterOrEqual, greater
    }

    let input: Template
    let test: Test
    /// `!` before the pattern.
    let negated: Bool
    /// `[NC]` / `[I]`.
    let caseless: Bool
    /// `[OR]`: combined with the next condition by OR instead of AND.
    let orNext: Bool
    /// The condition as written, for duplicate detection and traces.
    let source: String
    let location: SourceLocation

    init(input: Template, test: Test, negated: Bool, caseless: Bool, orNext: Bool, source: String, location: SourceLocation) {
        self.input = input
        self.test = test
        self.negated = negated
        self.caseless = caseless
        self.orNext = orNext
        self.source = source
        self.location = location
    }
}
