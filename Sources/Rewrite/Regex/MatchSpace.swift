import CPCRE2

/// Reusable PCRE2 match data, match context and JIT stack: everything one match needs, created once
/// and reused for every evaluation, so matching allocates nothing in steady state.
///
/// Not thread-safe: one `MatchSpace` per evaluating thread (the evaluator pool hands them out).
public final class MatchSpace {
    @exclusivity(unchecked) private var data: OpaquePointer
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?
    /// How many (start, end) pairs the match data holds: group 0 plus that many minus one groups.
    @exclusivity(unchecked) public private(set) var pairCapacity: Int

    /// `matchLimit` bounds backtracking so a hostile URL cannot pin a thread.
    public init(pairs: Int = 32, matchLimit: UInt32 = 5_000_000) {
        pairCapacity = max(pairs, 1)
        data = pcre2_match_data_create_8(UInt32(pairCapacity), nil)
        context = pcre2_match_context_create_8(nil)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        pcre2_set_match_limit_8(context, matchLimit)
    }

    deinit {
        pcre2_match_data_free_8(data)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Grows the match data (an allocation, done once per rule set, never per match).
    public func ensureCapacity(pairs: Int) {
        guard pairs > pairCapacity else { return }
        pcre2_match_data_free_8(data)
        pairCapacity = pairs
        data = pcre2_match_data_create_8(UInt32(pairs), nil)
    }

    /// Matches `pattern` against `subject`. The PCRE2 return code: > 0 is the number of pairs set
    /// (highest group that matched, plus one); 0 means the match data was too small; < 0 is no
    /// match (`PCRE2_ERROR_NOMATCH`) or an error such as the match limit.
    public func match(_ pattern: CompiledPattern, in subject: UnsafeBufferPointer<UInt8>) -> Int32 {
        match(code: pattern.code, jit: pattern.isJITCompiled, in: subject)
    }

    /// `match` with the compiled code of a pattern that the caller keeps alive; `jit` takes
    /// PCRE2's JIT fast path, which skips the checks the JIT-compiled code does not need.
    @inline(__always)
    func match(code: OpaquePointer, jit: Bool, in subject: UnsafeBufferPointer<UInt8>) -> Int32 {
        let base = subject.baseAddress ?? emptyByteString
        return jit ? pcre2_jit_match_8(code, base, subject.count, 0, 0, data, context)
            : pcre2_match_8(code, base, subject.count, 0, 0, data, context)
    }

    /// Copies the first `count` pairs of the last match into `captures`.
    public func copy(pairs count: Int, into captures: CaptureSet) {
        let ovector = pcre2_get_ovector_pointer_8(data)!
        let n = min(count, captures.capacity, pairCapacity)
        for index in 0..<(n * 2) {
            let value = ovector[index]
            captures.offsets[index] = value < 0 ? -1 : value  // PCRE2_UNSET is ~0
        }
        captures.count = n
    }

}

/// Capture groups of one successful match as byte ranges into the subject they were matched in.
/// Storage is allocated once; recording a match copies integers and allocates nothing.
public final class CaptureSet {
    public let capacity: Int
    /// Pairs recorded by the last copy (0 when nothing matched).
    @exclusivity(unchecked) public var count = 0
    let offsets: UnsafeMutablePointer<Int>

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
        offsets = .allocate(capacity: self.capacity * 2)
        offsets.initialize(repeating: -1, count: self.capacity * 2)
    }

    deinit { offsets.deallocate() }

    /// The byte range of group `n`, or nil when the group is out of range or did not participate.
    @inline(__always)
    public func range(_ n: Int) -> Range<Int>? {
        guard n >= 0, n < count else { return nil }
        let start = offsets[n * 2]
        let end = offsets[n * 2 + 1]
        guard start >= 0, end >= start else { return nil }
        return start..<end
    }

    public func clear() { count = 0 }

    /// Copies another set's ranges (same subject semantics).
    public func assign(from other: CaptureSet) {
        let n = min(other.count, capacity)
        for index in 0..<(n * 2) { offsets[index] = other.offsets[index] }
        count = n
    }
}
