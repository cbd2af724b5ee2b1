/// The mod_rewrite engine in server context (httpd mod_rewrite.c `hook_uri2file`,
/// `apply_rewrite_list`, `apply_rewrite_rule`):
///
/// * the subject is the %-decoded URL path; the query string is separate (`%{QUERY_STRING}`);
/// * one sequential pass; `[L]`/`[END]` stop, `[N]` starts again (at most `N=` rounds, 10000 by
///   default, then 500), `[C]` skips the rest of a chain when a rule does not match, `[S=n]` skips;
/// * a result that is an absolute URL is a redirect (escaped unless `[NE]`); `[R]` qualifies a
///   path with this server's scheme, name and port; a relative local result gets a leading `/`;
/// * httpd 2.4.56+/2.4.60+ safety checks answer 403 (a `?` from an expansion, an unescaped bad query).
extension RewriteEvaluator {
    enum ModRewriteChange { case none, normal, noEscape }

    struct ModRewriteState {
        var status: Int?
        var proxy = false
    }

    func evaluateModRewrite<Environment: RewriteEnvironment>(_ rules: RuleSet, environment: Environment) -> RewriteDecision {
        guard rules.modRewriteEngineOn, !rules.rules.isEmpty else { return .unchanged }
        let mark = original.firstIndex(of: UInt8(ascii: "?"))
        original[..<(mark ?? original.count)].withUnsafeBufferPointer { URLCoding.apacheUnescape($0, into: &requestPath) }
        subject.append(contentsOf: requestPath)
        if let mark {
            hasQuery = true
            query.append(contentsOf: original[(mark + 1)...])
            hadQuery = true
            originalQuery.append(contentsOf: query)
        }
        // httpd declines anything that is not a URL path (e.g. `OPTIONS *`).
        guard subject.first == UInt8(ascii: "/") else { return .unchanged }

        var state = ModRewriteState()
        var change = ModRewriteChange.none
        var round = 1
        let count = rules.heads.count
        var index = 0
        while let (found, code) = nextApplicable(rules, from: index) {
            index = found
            let rule = rules.rules[index]
            let applied = apply(rule, code: code, rules: rules, state: &state, environment: environment)
            if applied < 0 { return .respond(status: -applied) }
            if applied > 0 {
                if subject.count > 2 * 8190 { return .loopLimitExceeded }
                if case .respond(let status) = rule.action { return .respond(status: status) }
                if applied != 2 { change = rule.flags.contains(.noEscape) ? .noEscape : .normal }
                if rule.flags.contains(.passThrough) {
                    change = .normal
                    break
                }
                if !rule.flags.intersection([.end, .last]).isEmpty || state.proxy { break }
                if rule.flags.contains(.next) {
                    round += 1
                    if round >= rule.maxRounds { return .loopLimitExceeded }
                    index = 0
                    continue
                }
                index += min(rule.skip, count)
            } else {
                while index < count && rules.heads[index].chained { index += 1 }
            }
            index += 1
        }
        return finish(change: change, state: state)
    }

    /// The next rule from `start` whose pattern test passes (a match, or no match for `!pattern`),
    /// with PCRE2's answer; rules chained (`[C]`) to one that fails are skipped. One pass over the
    /// patterns with no reference counting per rule.
    private func nextApplicable(_ rules: RuleSet, from start: Int) -> (Int, Int32)? {
        let heads = rules.heads
        guard start < heads.count else { return nil }
        let space = matchSpace
        return rules.prefixPool.withUnsafeBufferPointer { prefixes in
            subject.withUnsafeBufferPointer { buffer -> (Int, Int32)? in
                var index = start
                while index < heads.count {
                    let head = heads[index]
                    let code = head.match(buffer, prefixes: prefixes, space: space)
                    if (code >= 0) != head.negated { return (index, code) }
                    while index < heads.count && heads[index].chained { index += 1 }
                    index += 1
                }
                return nil
            }
        }
    }

    /// For a rule whose pattern test passed (`code` is PCRE2's answer): 0 when its conditions fail,
    /// 1 when it applied, 2 when it applied without substitution (`-`), minus a status to answer.
    private func apply<Environment: RewriteEnvironment>(_ rule: Rule, code: Int32, rules: RuleSet, state: inout ModRewriteState,
                                                        environment: Environment) -> Int {
        conditionCaptures.clear()
        ruleCaptureSource = .subject
        ruleCaptureOffset = 0
        if rule.patternNegated {
            ruleCaptures.clear()
        } else {
            matchSpace.copy(pairs: code > 0 ? Int(code) : matchSpace.pairCapacity, into: ruleCaptures)
        }
        guard conditionsHold(rule.conditions, rules: rules, environment: environment) else { return 0 }

        let mode = ExpansionMode.modRewrite(rule: rule)
        let substitutes: Bool
        switch rule.action {
        case .respond: substitutes = false
        default: substitutes = !rule.keepsURL
        }
        if substitutes {
            output.removeAll(keepingCapacity: true)
            unsafeQuestionMark = false
            expand(rule.substitution, into: &output, rules: rules, mode: mode, environment: environment)
            // httpd 2.4.60+ (CVE-2024-38474): a `?` from a decoded back-reference or a variable
            // must not start the query unless [UnsafeAllow3F]: 403 (AH10508).
            if unsafeQuestionMark { return -403 }
        }
        for assignment in rule.environment { assign(assignment, rules: rules, environment: environment) }
        guard substitutes else {
            applyForcedType(rule, rules: rules, mode: mode, environment: environment)
            return 2
        }
        swap(&subject, &output)
        ruleCaptureSource = .output
        // httpd 2.4.56+: a new query with spaces or control characters that will not be escaped
        // (a local result, or [NE]) is refused with 403 (AH10410).
        if splitQuery(rule.flags), hasQuery, query.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            if case .redirect = rule.action, !rule.flags.contains(.noEscape) {} else { return -403 }
        }
        // httpd 2.4.71 makes a relative local result (`b`, `?x=1`, empty) a path at once: `/b`.
        if subject.first != UInt8(ascii: "/"), subject.withUnsafeBufferPointer({ URLCoding.apacheSchemeLength($0).length }) == 0 {
            subject.insert(UInt8(ascii: "/"), at: 0)
        }
        switch rule.action {
        case .proxy:
            qualify(environment: environment)
            state.proxy = true
            return 1
        case .redirect(let status):
            qualify(environment: environment)
            state.status = status
            return 1
        default:
            break
        }
        reduce(environment: environment)
        if subject.withUnsafeBufferPointer({ URLCoding.apacheSchemeLength($0).length }) > 0 {
            state.status = 302
            return 1
        }
        applyForcedType(rule, rules: rules, mode: mode, environment: environment)
        return 1
    }

    /// httpd's conditions: AND by default; a run of `[OR]` conditions holds when any of them does
    /// (an `[OR]` on the last condition makes a false last condition pass, as in httpd).
    private func conditionsHold<Environment: RewriteEnvironment>(_ conditions: [Condition], rules: RuleSet,
                                                                 environment: Environment) -> Bool {
        var index = 0
        while index < conditions.count {
            let condition = conditions[index]
            let holds = conditionHolds(condition, rules: rules, environment: environment)
            if condition.orNext {
                if holds {
                    while index < conditions.count && conditions[index].orNext { index += 1 }
                }
            } else if !holds {
                return false
            }
            index += 1
        }
        return true
    }

    private func conditionHolds<Environment: RewriteEnvironment>(_ condition: Condition, rules: RuleSet,
                                                                 environment: Environment) -> Bool {
        conditionInput.removeAll(keepingCapacity: true)
        expand(condition.input, into: &conditionInput, rules: rules, mode: .modRewrite, environment: environment)
        var holds: Bool
        switch condition.test {
        case .regex(let pattern):
            let code = match(pattern, conditionInput[...])
            holds = code >= 0
            if holds && !condition.negated {
                swap(&conditionInput, &conditionSubject)
                matchSpace.copy(pairs: code > 0 ? Int(code) : matchSpace.pairCapacity, into: conditionCaptures)
            }
        case .file(let test):
            let path = String(decoding: conditionInput, as: UTF8.self)
            holds = Self.fileTest(test, environment.fileKind(atPath: path, followingLinks: test != .symbolicLink))
        case .lexical(let op, let operand):
            let order = condition.caseless
                ? compareBytes(conditionInput.map(asciiLowercased)[...], operand.map(asciiLowercased)[...])
                : Self.compareLengthFirst(conditionInput, operand)
            switch op {
            case .less: holds = order < 0
            case .lessOrEqual: holds = order <= 0
            case .equal: holds = order == 0
            case .greaterOrEqual: holds = order >= 0
            case .greater: holds = order > 0
            }
        case .integer(let op, let operand):
            let value = IIRFFlags.atoi(Substring(String(decoding: conditionInput, as: UTF8.self)))
            switch op {
            case .less: holds = value < operand
            case .lessOrEqual: holds = value <= operand
            case .equal: holds = value == operand
            case .greaterOrEqual: holds = value >= operand
            case .greater: holds = value > operand
            }
        }
        return condition.negated ? !holds : holds
    }

    /// httpd `compare_lexicography`: the longer string is greater; equal lengths compare bytewise.
    static func compareLengthFirst(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.count != b.count { return a.count > b.count ? 1 : -1 }
        return compareBytes(a[...], b[...])
    }

    /// `[E=name:value]` / `[E=!name]`.
    private func assign<Environment: RewriteEnvironment>(_ template: Template, rules: RuleSet, environment: Environment) {
        var text = borrow()
        expand(template, into: &text, rules: rules, mode: .modRewrite, environment: environment)
        let string = String(decoding: text, as: UTF8.self)
        recycle(text)
        if string.hasPrefix("!") {
            environmentAssignments.append((String(string.dropFirst()), nil))
        } else if let colon = string.firstIndex(of: ":") {
            environmentAssignments.append((String(string[..<colon]), String(string[string.index(after: colon)...])))
        } else {
            environmentAssignments.append((string, ""))
        }
    }

    private func applyForcedType<Environment: RewriteEnvironment>(_ rule: Rule, rules: RuleSet, mode: ExpansionMode,
                                                                  environment: Environment) {
        guard let template = rule.forcedType else { return }
        var text = borrow()
        expand(template, into: &text, rules: rules, mode: mode, environment: environment)
        if !text.isEmpty { forcedContentType = String(decoding: text.map(asciiLowercased), as: UTF8.self) }
        recycle(text)
    }
}
