/// The IIRF v2.1 engine (Rewriter.c `Iirf_EvaluateRules`), iterative instead of recursive:
///
/// * the subject is the URL path plus query (after `RewriteBase` is stripped);
/// * on the first rule that matches (conditions included), the substitution is built and, unless
///   the rule is `[L]`, `[NI]`, a redirect or a proxy, the rules start again from the top with the
///   new URL, at most `IterationLimit` more times;
/// * `[NI]` goes on with the next rule, which still sees the URL of this pass;
/// * the deepest pass that rewrote gives the result; 403/404/410, redirects and proxies end at once.
extension RewriteEvaluator {
    private enum PassEnd {
        /// Finished the pass: `rewrote` (retVal 1) and whether to start another pass.
        case finished(rewrote: Bool, again: Bool)
        case decided(RewriteDecision)
    }

    func evaluateIIRF<Environment: RewriteEnvironment>(_ rules: RuleSet, decode: Bool,
                                                       environment: Environment) -> RewriteDecision {
        let settings = rules.iirf
        if decode {
            original.withUnsafeBufferPointer { URLCoding.iirfDecode($0, into: &subject) }
        } else {
            subject.append(contentsOf: original)
        }
        if let statusPath = settings.statusPathBytes, isStatusInquiry(statusPath, settings: settings, environment: environment) {
            return .statusInquiry
        }
        guard settings.engineOn, !rules.rules.isEmpty else { return .unchanged }
        var rewrote = false
        var depth = 0
        while true {
            switch pass(rules, depth: depth, environment: environment) {
            case .decided(let decision):
                return decision
            case .finished(let passRewrote, let again):
                if passRewrote {
                    rewrote = true
                    best.removeAll(keepingCapacity: true)
                    best.append(contentsOf: result)
                }
                guard again else {
                    guard rewrote else { return .unchanged }
                    swap(&result, &best)
                    return .rewritten
                }
                depth += 1
            }
        }
    }

    /// One pass over the rules with the URL in `subject`. When it asks for another pass, the next
    /// URL has been moved into `subject` already.
    private func pass<Environment: RewriteEnvironment>(_ rules: RuleSet, depth: Int, environment: Environment) -> PassEnd {
        let settings = rules.iirf
        let mode = ExpansionMode.iirf(settings)
        let base = settings.rewriteBaseBytes
        let baseApplies = base.map { startsCaseInsensitively(subject, with: $0) } ?? false
        let urlOffset = baseApplies ? base!.count : 0
        var rewrote = false
        var index = 0
        while let (found, urlCode) = nextURLMatch(rules, from: index, offset: urlOffset) {
            index = found + 1
            let code: Int32
            if let urlCode {
                code = urlCode
                ruleCaptureSource = .subject
                ruleCaptureOffset = urlOffset
            } else {
                guard case .rewriteHeader(let name) = rules.rules[found].action else { continue }
                header.removeAll(keepingCapacity: true)
                if let value = environment.requestHeader(name) { appendUTF8(value, to: &header) }
                code = match(rules.rules[found].pattern, header[...])
                ruleCaptureSource = .header
                ruleCaptureOffset = 0
            }
            // IIRF's ovector holds MaxMatchCount pairs; a match that needs more reports 0, which
            // IIRF treats as no match.
            guard code > 0, Int(code) <= settings.maxMatchCount else { continue }
            let rule = rules.rules[found]
            matchSpace.copy(pairs: Int(code), into: ruleCaptures)
            conditionCaptures.clear()
            guard rule.conditions.isEmpty || conditionsHold(rule.conditions, rules: rules, environment: environment) else {
                continue
            }
            if case .respond(let status) = rule.action { return .decided(.respond(status: status)) }

            output.removeAll(keepingCapacity: true)
            expand(rule.substitution, into: &output, rules: rules, mode: mode, environment: environment)
            if rule.flags.contains(.queryAppend) { appendOriginalQuery(environment: environment) }
            if rule.flags.contains(.recordOriginalURL) { recordsOriginalURL = true }

            if case .rewriteHeader(let name) = rule.action {
                environment.setRequestHeader(name, String(decoding: output, as: UTF8.self))
                rewrote = false
            } else {
                let keepsOriginal = rule.substitution.parts.count == 1 && { if case .originalRequestURI = rule.substitution.parts[0] { true } else { false } }()
                let local = output.first == UInt8(ascii: "/")
                let putBaseBack: Bool
                switch rule.action {
                case .rewrite: putBaseBack = !keepsOriginal
                case .redirect: putBaseBack = local
                default: putBaseBack = false
                }
                result.removeAll(keepingCapacity: true)
                if putBaseBack, baseApplies, let base {
                    result.append(contentsOf: base)
                    let skipSlash = (base == [UInt8(ascii: "/")] || base.last == UInt8(ascii: "/")) && local
                    result.append(contentsOf: output[(skipSlash ? 1 : 0)...])
                } else {
                    result.append(contentsOf: output)
                }
                switch rule.action {
                case .redirect(let status): return .decided(.redirect(status: status))
                case .proxy: return .decided(.proxy)
                default: rewrote = true
                }
            }
            if rule.flags.contains(.last) { return .finished(rewrote: rewrote, again: false) }
            if rule.flags.contains(.noIteration) { continue }
            guard depth < settings.iterationLimit else { return .finished(rewrote: rewrote, again: false) }
            if case .rewriteHeader = rule.action {
                // The same URL goes round again.
            } else {
                subject.removeAll(keepingCapacity: true)
                subject.append(contentsOf: result)
                interimURLActive = true
            }
            return .finished(rewrote: rewrote, again: true)
        }
        return .finished(rewrote: rewrote, again: false)
    }

    /// The next rule from `start` whose pattern matches the URL in `subject[offset...]` within
    /// MaxMatchCount pairs (with PCRE2's answer), or the next `RewriteHeader` rule (with nil: its
    /// subject is a header). One pass over the patterns with no reference counting per rule.
    private func nextURLMatch(_ rules: RuleSet, from start: Int, offset: Int) -> (Int, Int32?)? {
        let heads = rules.heads
        guard start < heads.count else { return nil }
        let space = matchSpace
        let limit = rules.iirf.maxMatchCount
        return rules.prefixPool.withUnsafeBufferPointer { prefixes in
            subject.withUnsafeBufferPointer { buffer -> (Int, Int32?)? in
                let slice = UnsafeBufferPointer(rebasing: buffer[offset...])
                for index in start..<heads.count {
                    let head = heads[index]
                    if head.rewritesHeader { return (index, nil) }
                    let code = head.match(slice, prefixes: prefixes, space: space)
                    if code > 0 && Int(code) <= limit { return (index, code) }
                }
                return nil
            }
        }
    }

    /// `[QSA]`: the request's QUERY_STRING, after `?` or `&`.
    private func appendOriginalQuery<Environment: RewriteEnvironment>(environment: Environment) {
        guard let queryString = environment.serverVariable("QUERY_STRING"), !queryString.isEmpty else { return }
        output.append(output.contains(UInt8(ascii: "?")) ? UInt8(ascii: "&") : UInt8(ascii: "?"))
        appendUTF8(queryString, to: &output)
    }

    /// IIRF conditions chain to the right: `A [OR] B C` is `A OR (B AND C)`, evaluated lazily.
    private func conditionsHold<Environment: RewriteEnvironment>(_ conditions: [Condition], rules: RuleSet,
                                                                 environment: Environment) -> Bool {
        var index = 0
        while true {
            let condition = conditions[index]
            var holds = conditionHolds(condition, rules: rules, environment: environment)
            if condition.negated { holds.toggle() }
            if index == conditions.count - 1 { return holds }
            if condition.orNext {
                if holds { return true }
            } else if !holds {
                return false
            }
            index += 1
        }
    }

    private func conditionHolds<Environment: RewriteEnvironment>(_ condition: Condition, rules: RuleSet,
                                                                 environment: Environment) -> Bool {
        conditionInput.removeAll(keepingCapacity: true)
        expand(condition.input, into: &conditionInput, rules: rules, mode: .iirf(rules.iirf), environment: environment)
        switch condition.test {
        case .regex(let pattern):
            let code = match(pattern, conditionInput[...])
            if code < 0 {
                conditionCaptures.clear()
                return false
            }
            swap(&conditionInput, &conditionSubject)
            if code > 0 && Int(code) <= rules.iirf.maxMatchCount {
                matchSpace.copy(pairs: Int(code), into: conditionCaptures)
            } else {
                // The ovector was too small: IIRF still counts the condition as matched.
                conditionCaptures.clear()
            }
            return true
        case .file(let test):
            var path = String(decoding: conditionInput, as: UTF8.self)
            if path.hasSuffix("\\") { path.removeLast() }
            return Self.fileTest(test, environment.fileKind(atPath: path, followingLinks: test != .symbolicLink))
        case .lexical(let op, let operand):
            let order = condition.caseless
                ? compareBytes(conditionInput.map(asciiLowercased)[...], operand.map(asciiLowercased)[...])
                : compareBytes(conditionInput[...], operand[...])
            switch op {
            case .less: return order < 0
            case .greater: return order > 0
            case .equal: return order == 0
            case .lessOrEqual: return order <= 0
            case .greaterOrEqual: return order >= 0
            }
        case .integer:
            return false
        }
    }

    static func fileTest(_ test: Condition.FileTest, _ kind: FileKind) -> Bool {
        switch (test, kind) {
        case (.directory, .directory): true
        case (.regularFile, .regularFile): true
        case (.nonEmptyFile, .regularFile(let size, _)): size > 0
        case (.symbolicLink, .symbolicLink): true
        case (.executable, .regularFile(_, let executable)): executable
        default: false
        }
    }

    /// IIRF's status page: the URL starts with the status path (any case) followed by `?` or its
    /// end, and the request is local or `RemoteOk` was given.
    private func isStatusInquiry<Environment: RewriteEnvironment>(_ bytes: [UInt8], settings: IIRFSettings,
                                                                  environment: Environment) -> Bool {
        guard startsCaseInsensitively(subject, with: bytes) else { return false }
        guard subject.count == bytes.count || subject[bytes.count] == UInt8(ascii: "?") else { return false }
        if settings.statusRemoteAllowed { return true }
        let remote = environment.serverVariable("REMOTE_ADDR") ?? ""
        let local = environment.serverVariable("LOCAL_ADDR") ?? ""
        return remote.hasPrefix(local)
    }

    func startsCaseInsensitively(_ bytes: [UInt8], with prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        for index in prefix.indices where asciiLowercased(bytes[index]) != asciiLowercased(prefix[index]) { return false }
        return true
    }
}
