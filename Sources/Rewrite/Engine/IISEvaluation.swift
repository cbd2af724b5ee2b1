/// The IIS URL Rewrite module's inbound rules:
///
/// * the subject of a rule is the %-decoded request path relative to the virtual directory the rule
///   was defined for, without the leading slash (`dir/page.aspx` for `/app/dir/page.aspx` and rules
///   of `/app/`); a rule whose directory does not contain the path is skipped; the query string
///   takes part only through `{QUERY_STRING}`;
/// * one pass in order (global rules, then parent levels first); a Rewrite changes the URL the
///   following rules see; `stopProcessing` ends the pass; Redirect, CustomResponse and
///   AbortRequest end it too, with their answer;
/// * conditions: all must hold (MatchAll) or one (MatchAny); `{C:n}` are the groups of the last
///   matched condition, or of every matched condition with `trackAllCaptures`;
/// * a Rewrite to an absolute `http(s)://` URL needs Application Request Routing (a proxy): the
///   decision is `.proxy`, which the filter answers with 502.
extension RewriteEvaluator {
    func evaluateIIS<Environment: RewriteEnvironment>(_ rules: RuleSet, environment: Environment) -> RewriteDecision {
        guard !rules.rules.isEmpty else { return .unchanged }
        let mark = original.firstIndex(of: UInt8(ascii: "?"))
        original[..<(mark ?? original.count)].withUnsafeBufferPointer { URLCoding.apacheUnescape($0, into: &requestPath) }
        if let mark {
            query.append(contentsOf: original[(mark + 1)...])
            hasQuery = true
        }
        originalQuery.append(contentsOf: query)
        hadQuery = hasQuery
        var changed = false
        for rule in rules.rules {
            guard let details = rule.iis, relativeSubject(under: details.basePath),
                  !details.excludedDirectories.contains(where: { isPathInside($0) }) else { continue }
            let code = match(rule.pattern, subject[...])
            guard (code >= 0) != rule.patternNegated else { continue }
            ruleCaptureSource = .subject
            ruleCaptureOffset = 0
            if rule.patternNegated {
                ruleCaptures.clear()
            } else {
                matchSpace.copy(pairs: code > 0 ? Int(code) : matchSpace.pairCapacity, into: ruleCaptures)
            }
            guard iisConditionsHold(rule, details, rules: rules, environment: environment) else { continue }
            for assignment in details.assignments { assign(assignment, rules: rules, environment: environment) }
            switch details.action {
            case .none:
                break
            case .rewrite:
                output.removeAll(keepingCapacity: true)
                expand(rule.substitution, into: &output, rules: rules, mode: .iis, environment: environment)
                if hasScheme(output) {
                    result.removeAll(keepingCapacity: true)
                    result.append(contentsOf: output)
                    appendOriginalQuery(to: &result, details)
                    return .proxy
                }
                applyRewrite(details)
                if details.logRewrittenURL { logsRewrittenURL = true }
                changed = true
            case .redirect(let status):
                output.removeAll(keepingCapacity: true)
                expand(rule.substitution, into: &output, rules: rules, mode: .iis, environment: environment)
                result.removeAll(keepingCapacity: true)
                if !hasScheme(output) && output.first != UInt8(ascii: "/") { result.append(contentsOf: details.basePath) }
                result.append(contentsOf: output)
                appendOriginalQuery(to: &result, details)
                return .redirect(status: status)
            case .customResponse(let status, let subStatus, let reason, let description):
                var text = borrow()
                expand(reason, into: &text, rules: rules, mode: .iis, environment: environment)
                customResponse = CustomResponse(subStatus: subStatus, reason: String(decoding: text, as: UTF8.self), description: "")
                text.removeAll(keepingCapacity: true)
                expand(description, into: &text, rules: rules, mode: .iis, environment: environment)
                customResponse?.description = String(decoding: text, as: UTF8.self)
                recycle(text)
                return .respond(status: status)
            case .abortRequest:
                return .abortRequest
            }
            if details.stopProcessing { break }
        }
        guard changed else { return .unchanged }
        result.removeAll(keepingCapacity: true)
        requestPath.withUnsafeBufferPointer { URLCoding.encodePathForURL($0, into: &result) }
        if hasQuery {
            result.append(UInt8(ascii: "?"))
            result.append(contentsOf: query)
        }
        // A substitution that gives back the URL the rules started from is no rewrite.
        return result == original ? .unchanged : .rewritten
    }

    /// Puts the current path relative to `base` (`/` or `/dir/`, compared without regard to case, as
    /// IIS paths are) into `subject`; false when the path is not in that directory.
    private func relativeSubject(under base: [UInt8]) -> Bool {
        subject.removeAll(keepingCapacity: true)
        let count = requestPath.count
        // `/dir` itself is in `/dir/` (the subject is then empty).
        guard count + 1 >= base.count else { return false }
        for index in 0..<(base.count - 1) where asciiLowercased(requestPath[index]) != asciiLowercased(base[index]) {
            return false
        }
        if count >= base.count {
            guard requestPath[base.count - 1] == UInt8(ascii: "/") else { return false }
            subject.append(contentsOf: requestPath[base.count...])
        }
        return true
    }

    private func isPathInside(_ directory: [UInt8]) -> Bool {
        guard requestPath.count + 1 >= directory.count else { return false }
        for index in 0..<(directory.count - 1) where asciiLowercased(requestPath[index]) != asciiLowercased(directory[index]) {
            return false
        }
        return requestPath.count < directory.count || requestPath[directory.count - 1] == UInt8(ascii: "/")
    }

    /// A Rewrite: the new path (relative to the rule's directory unless it starts with `/`), and
    /// the query: the substitution's, with the original appended when `appendQueryString`.
    private func applyRewrite(_ details: IISRuleDetails) {
        let mark = output.firstIndex(of: UInt8(ascii: "?"))
        let pathEnd = mark ?? output.count
        requestPath.removeAll(keepingCapacity: true)
        if output.first != UInt8(ascii: "/") { requestPath.append(contentsOf: details.basePath) }
        output[..<pathEnd].withUnsafeBufferPointer { URLCoding.apacheUnescape($0, into: &requestPath) }
        guard let mark else {
            if !details.appendQueryString {
                query.removeAll(keepingCapacity: true)
                hasQuery = false
            }
            return
        }
        var combined = borrow()
        combined.append(contentsOf: output[(mark + 1)...])
        if details.appendQueryString && hasQuery && !query.isEmpty {
            if !combined.isEmpty { combined.append(UInt8(ascii: "&")) }
            combined.append(contentsOf: query)
        }
        swap(&query, &combined)
        recycle(combined)
        hasQuery = !query.isEmpty
    }

    private func appendOriginalQuery(to buffer: inout [UInt8], _ details: IISRuleDetails) {
        guard details.appendQueryString, hadQuery, !originalQuery.isEmpty else { return }
        buffer.append(buffer.contains(UInt8(ascii: "?")) ? UInt8(ascii: "&") : UInt8(ascii: "?"))
        buffer.append(contentsOf: originalQuery)
    }

    private func hasScheme(_ url: [UInt8]) -> Bool {
        url.withUnsafeBufferPointer { URLCoding.apacheSchemeLength($0).length > 0 }
    }

    private func iisConditionsHold<Environment: RewriteEnvironment>(_ rule: Rule, _ details: IISRuleDetails, rules: RuleSet,
                                                                    environment: Environment) -> Bool {
        conditionCaptures.clear()
        conditionSubject.removeAll(keepingCapacity: true)
        for condition in rule.conditions {
            let holds = iisConditionHolds(condition, tracking: details.trackAllCaptures, rules: rules, environment: environment)
            if details.matchAny {
                if holds { return true }
            } else if !holds {
                return false
            }
        }
        return rule.conditions.isEmpty || !details.matchAny
    }

    private func iisConditionHolds<Environment: RewriteEnvironment>(_ condition: Condition, tracking: Bool, rules: RuleSet,
                                                                    environment: Environment) -> Bool {
        conditionInput.removeAll(keepingCapacity: true)
        expand(condition.input, into: &conditionInput, rules: rules, mode: .iis, environment: environment)
        let holds: Bool
        switch condition.test {
        case .regex(let pattern):
            let code = match(pattern, conditionInput[...])
            holds = code >= 0
            if holds && !condition.negated {
                let pairs = code > 0 ? Int(code) : matchSpace.pairCapacity
                if tracking && conditionCaptures.count > 0 {
                    trackCaptures(pairs: pairs)
                } else {
                    conditionSubject.removeAll(keepingCapacity: true)
                    conditionSubject.append(contentsOf: conditionInput)
                    matchSpace.copy(pairs: pairs, into: conditionCaptures)
                }
            }
        case .file(let test):
            let path = String(decoding: conditionInput, as: UTF8.self)
            holds = Self.fileTest(test, environment.fileKind(atPath: path, followingLinks: true))
        case .lexical, .integer:
            holds = false
        }
        return condition.negated ? !holds : holds
    }

    /// `trackAllCaptures`: this condition's groups 1... follow those already recorded (`{C:0}`
    /// stays the first matched condition's whole match), as far as the capture set holds.
    private func trackCaptures(pairs: Int) {
        let shift = conditionSubject.count
        conditionSubject.append(contentsOf: conditionInput)
        matchSpace.copy(pairs: pairs, into: conditionScratch)
        var next = conditionCaptures.count
        for group in 1..<max(conditionScratch.count, 1) where next < conditionCaptures.capacity {
            if let range = conditionScratch.range(group) {
                conditionCaptures.offsets[next * 2] = range.lowerBound + shift
                conditionCaptures.offsets[next * 2 + 1] = range.upperBound + shift
            } else {
                conditionCaptures.offsets[next * 2] = -1
                conditionCaptures.offsets[next * 2 + 1] = -1
            }
            next += 1
        }
        conditionCaptures.count = next
    }

    /// `<set name value replace>`: with `replace="false"` a variable that already has a value keeps it.
    private func assign<Environment: RewriteEnvironment>(_ assignment: IISRuleDetails.Assignment, rules: RuleSet,
                                                         environment: Environment) {
        if !assignment.replace {
            if environmentAssignments.contains(where: { $0.name == assignment.name }) { return }
            if let current = environment.serverVariable(assignment.name), !current.isEmpty { return }
        }
        var text = borrow()
        expand(assignment.value, into: &text, rules: rules, mode: .iis, environment: environment)
        environmentAssignments.append((assignment.name, String(decoding: text, as: UTF8.self)))
        recycle(text)
    }
}

/// What a CustomResponse action answers besides its status.
public struct CustomResponse: Sendable, Equatable {
    public var subStatus: Int
    public var reason: String
    public var description: String
}
