/// What each fuzz target does with one input. The executables in `Sources/Targets` only forward
/// libFuzzer's bytes here, so a crash input replays with any caller of these functions.
///
/// Every entry must return for any input: a trap, a sanitizer report, or a hang past libFuzzer's
/// `-timeout` is a finding.
public enum FuzzEntries {}

extension UnsafeRawBufferPointer {
    /// The input as text: invalid UTF-8 becomes U+FFFD, as it would reading a file or a header.
    var text: String { String(decoding: self, as: UTF8.self) }

    /// The input cut at NUL bytes: the targets that need several strings take them this way.
    var fields: [String] {
        split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}
