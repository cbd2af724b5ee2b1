/// Evaluates rule sets, one request at a time, in buffers it keeps between requests.
///
/// Every buffer is allocated once and reused: the URL bytes, the substitution being built, the
/// condition strings, capture ranges (offsets into those buffers, never copies) and the PCRE2 match
/// data. Evaluating a request therefore allocates nothing once the buffers have grown to fit, as
/// long as the rules do not read server variables the environment returns as new strings.
///
/// Not thread-safe: use one evaluator per thread, or take one from an `EvaluatorPool`. For the same
/// reason the mutable state is `@exclusivity(unchecked)`: one evaluation at a time, and no buffer is
/// ever passed `inout` while it is also read (expansion writes `output`, reads `subject` etc.).
public final class RewriteEvaluator {
    // URL state.
    /// The request target as received.
    @exclusivity(unchecked) var original: [UInt8] = []
    /// IIRF: the URL of the current pass. mod_rewrite: the current file name (URL path).
    @exclusivity(unchecked) var subject: [UInt8] = []
    /// The substitution being built.
    @exclusivity(unchecked) var output: [UInt8] = []
    /// The result of the last rule applied (IIRF) / the final URL.
    @exclusivity(unchecked) var result: [UInt8] = []
    /// IIRF: the result of the deepest pass that rewrote.
    @exclusivity(unchecked) var best: [UInt8] = []
    /// IIRF `RewriteHeader` subject.
    @exclusivity(unchecked) var header: [UInt8] = []
    /// mod_rewrite: the decoded request path (`REQUEST_URI`).
    @exclusivity(unchecked) var requestPath: [UInt8] = []
    /// mod_rewrite: the current query string, and whether there is one at all.
    @exclusivity(unchecked) var query: [UInt8] = []
    @exclusivity(unchecked) var hasQuery = false
    @exclusivity(unchecked) var originalQuery: [UInt8] = []
    @exclusivity(unchecked) var hadQuery = false

    // Conditions.
    @exclusivity(unchecked) var conditionInput: [UInt8] = []
    @exclusivity(unchecked) var conditionSubject: [UInt8] = []

    // Captures.
    let matchSpace: MatchSpace
    @exclusivity(unchecked) var ruleCaptures: CaptureSet
    @exclusivity(unchecked) var conditionCaptures: CaptureSet
    /// IIS `trackAllCaptures`: one condition's groups before they join `conditionCaptures`.
    @exclusivity(unchecked) var conditionScratch: CaptureSet
    /// Which buffer `ruleCaptures` point into, and from which offset.
    @exclusivity(unchecked) var ruleCaptureSource: CaptureSource = .subject
    @exclusivity(unchecked) var ruleCaptureOffset = 0

    /// Spare buffers for nested expansions (map keys and defaults) and re-encoding passes.
    @exclusivity(unchecked) var spares: [[UInt8]] = []

    // Per-evaluation facts for the caller.
    /// IIRF `[U]` fired: log the original URL and set `X-Rewrite-Url`.
    @exclusivity(unchecked) public internal(set) var recordsOriginalURL = false
    /// mod_rewrite `[T=type]`, lower-cased.
    @exclusivity(unchecked) public internal(set) var forcedContentType: String?
    /// mod_rewrite `[E=name:value]` assignments in order (a nil value unsets, from `[E=!name]`).
    @exclusivity(unchecked) public internal(set) var environmentAssignments: [(name: String, value: String?)] = []
    /// IIS CustomResponse: the sub-status, reason and description of a `.respond` decision.
    @exclusivity(unchecked) public internal(set) var customResponse: CustomResponse?
    /// IIS `logRewrittenUrl`: a Rewrite that applied asked for the rewritten URL in the request log.
    @exclusivity(unchecked) public internal(set) var logsRewrittenURL = false
    @exclusivity(unchecked) var dialect = Dialect.iirf
    /// IIRF: the URL as it looked before decoding (what `[U]` records).
    public var originalURL: String { String(decoding: original, as: UTF8.self) }

    /// IIRF: the URL after a rewrite within this evaluation (what `%{URL}` answers), if any.
    @exclusivity(unchecked) var interimURLActive = false
    /// Set by a mod_rewrite substitution whose first `?` came from an expansion.
    @exclusivity(unchecked) var unsafeQuestionMark = false
    @exclusivity(unchecked) var randomState = UInt64.random(in: 1...UInt64.max)

    /// `output` holds the URL the captures were taken from once mod_rewrite moved the new URL into
    /// `subject` (httpd keeps a copy of the matched URL for `$N` in `[T=...]`).
    enum CaptureSource { case subject, header, output }

    public init(initialCapacity: Int = 2048) {
        matchSpace = MatchSpace(pairs: 32)
        ruleCaptures = CaptureSet(capacity: 32)
        conditionCaptures = CaptureSet(capacity: 32)
        conditionScratch = CaptureSet(capacity: 32)
        for index in 0..<4 {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(index == 0 ? initialCapacity : initialCapacity / 2)
            spares.append(buffer)
        }
        spares.reserveCapacity(16)
        for keyPath in [\RewriteEvaluator.original, \.subject, \.output, \.result, \.best, \.header, \.requestPath,
                        \.query, \.originalQuery, \.conditionInput, \.conditionSubject] {
            self[keyPath: keyPath].reserveCapacity(initialCapacity)
        }
    }

    /// Evaluates `rules` for one request. The new URL or redirect target is then in `result`.
    public func evaluate<Environment: RewriteEnvironment>(_ rules: RuleSet, request: RewriteRequest,
                                                         environment: Environment) -> RewriteDecision {
        reset(for: rules)
        dialect = rules.dialect
        appendUTF8(request.target, to: &original)
        switch rules.dialect {
        case .iirf: return evaluateIIRF(rules, decode: request.decodeURL, environment: environment)
        case .modRewrite: return evaluateModRewrite(rules, environment: environment)
        case .iis: return evaluateIIS(rules, environment: environment)
        }
    }

    /// The URL a `.rewritten`, `.redirect` or `.proxy` decision points at.
    public var resultURL: String { String(decoding: result, as: UTF8.self) }

    /// The result bytes without making a String.
    public func withResultBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try result.withUnsafeBufferPointer(body)
    }

    private func reset(for rules: RuleSet) {
        // Only the buffers the last evaluation used: emptying an empty array still costs a
        // `replaceSubrange` call (about 60 instructions each). Written out: a key path applied
        // per buffer would cost more than it saves.
        if !original.isEmpty { original.removeAll(keepingCapacity: true) }
        if !subject.isEmpty { subject.removeAll(keepingCapacity: true) }
        if !output.isEmpty { output.removeAll(keepingCapacity: true) }
        if !result.isEmpty { result.removeAll(keepingCapacity: true) }
        if !best.isEmpty { best.removeAll(keepingCapacity: true) }
        if !header.isEmpty { header.removeAll(keepingCapacity: true) }
        if !requestPath.isEmpty { requestPath.removeAll(keepingCapacity: true) }
        if !query.isEmpty { query.removeAll(keepingCapacity: true) }
        if !originalQuery.isEmpty { originalQuery.removeAll(keepingCapacity: true) }
        if !conditionInput.isEmpty { conditionInput.removeAll(keepingCapacity: true) }
        if !conditionSubject.isEmpty { conditionSubject.removeAll(keepingCapacity: true) }
        hasQuery = false
        hadQuery = false
        recordsOriginalURL = false
        forcedContentType = nil
        customResponse = nil
        logsRewrittenURL = false
        if !environmentAssignments.isEmpty { environmentAssignments.removeAll(keepingCapacity: true) }
        interimURLActive = false
        ruleCaptures.clear()
        conditionCaptures.clear()
        let pairs = max(rules.capturePairs, rules.iirf.maxMatchCount) + 1
        if pairs > ruleCaptures.capacity {
            ruleCaptures = CaptureSet(capacity: pairs)
            conditionCaptures = CaptureSet(capacity: pairs)
            conditionScratch = CaptureSet(capacity: pairs)
        }
        matchSpace.ensureCapacity(pairs: pairs)
    }

    // MARK: Buffers

    /// A cleared spare buffer; give it back with `recycle`.
    func borrow() -> [UInt8] {
        var buffer = spares.popLast() ?? []
        buffer.removeAll(keepingCapacity: true)
        return buffer
    }

    func recycle(_ buffer: consuming [UInt8]) {
        spares.append(buffer)
    }

    func appendUTF8(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Matches `pattern` against `bytes`; the PCRE2 return code.
    func match(_ pattern: CompiledPattern, _ bytes: ArraySlice<UInt8>) -> Int32 {
        bytes.withUnsafeBufferPointer { matchSpace.match(pattern, in: $0) }
    }


    /// A pseudo-random number in 0..<bound (xorshift; `rnd:` maps need no cryptography).
    func random(below bound: Int) -> Int {
        randomState ^= randomState << 13
        randomState ^= randomState >> 7
        randomState ^= randomState << 17
        return Int(randomState % UInt64(max(bound, 1)))
    }
}
