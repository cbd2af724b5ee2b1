import Logging
import Pipeline

/// Applies a directory's outbound rules to one response at SendResponse: header rules to the
/// response headers (in the send that carries them), body rules to the attribute values of HTML
/// tags, streaming the buffered body through `HTMLTagStream` (files are read in 64 KiB chunks).
/// A response flushed in several sends keeps its tokenizer (and a tag cut between two sends) in the
/// request's module storage until the final send. When a value changed, the body is replaced and
/// `Content-Length` dropped, so the pipeline frames the new length; a response whose head goes out
/// before its end has `Content-Length` dropped up front (it is sent chunked). Otherwise the response
/// is left as it was (a static file still goes out by `sendfile`).
struct OutboundRewriter {
    let rules: OutboundRuleSet
    let logger: Logger
    let evaluators: EvaluatorPool

    static let storageKey = "RewriteModule.outbound"

    func rewrite(_ context: HttpContext, headersBeingSent: Bool, isFinal: Bool) {
        evaluators.withEvaluator { evaluator in
            let matcher = Matcher(space: evaluator.matchSpace, captures: CaptureSet(capacity: evaluator.matchSpace.pairCapacity))
            let state: OutboundBodyState
            if headersBeingSent {
                var holds: [ObjectIdentifier: Bool] = [:]
                func applies(_ rule: OutboundRule) -> Bool {
                    guard let condition = rule.preCondition else { return true }
                    if let known = holds[ObjectIdentifier(condition)] { return known }
                    let result = matcher.holds(condition, context: context)
                    holds[ObjectIdentifier(condition)] = result
                    return result
                }
                rewriteHeaders(context, matcher: matcher, applies: applies)
                let bodyRules = rules.bodyRules.filter(applies)
                guard !bodyRules.isEmpty, bodyIsRewritable(context) else { return }
                state = OutboundBodyState(rules: bodyRules, maxTagBytes: rules.maxTagBytes)
                if !isFinal {
                    context.response.headers.remove("Content-Length")
                    try? context.moduleContexts.set(state, for: Self.storageKey)
                }
            } else {
                guard let stored = context.moduleContexts.get(for: Self.storageKey) as? OutboundBodyState else { return }
                state = stored
            }
            rewriteBody(context, state: state, matcher: matcher, isFinal: isFinal)
        }
    }

    private func rewriteHeaders(_ context: HttpContext, matcher: Matcher, applies: (OutboundRule) -> Bool) {
        var stopped: Set<String> = []
        for rule in rules.headerRules where applies(rule) {
            guard case .header(let name) = rule.target, !stopped.contains(name.lowercased()),
                  let value = context.response.headers[name] else { continue }
            guard let new = matcher.apply(rule, to: Array(value.utf8)[...], context: context) else { continue }
            if let new {
                // Never a line break into the head: the serializer would refuse the whole response.
                context.response.headers.set(name, String(decoding: new.filter { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self))
            }
            if rule.stopProcessing { stopped.insert(name.lowercased()) }
        }
    }

    /// Not an encoded body, and not larger than the bound.
    private func bodyIsRewritable(_ context: HttpContext) -> Bool {
        let response = context.response
        if let encoding = response.headers["Content-Encoding"], encoding.lowercased() != "identity" {
            // IIS answers 500.52 here; the body is sent as it is, unchanged.
            logger.warning("outbound rewrite rules not applied to the body of \(context.request.path): it is \(encoding)-encoded (IIS refuses such a response with 500.52); sent unchanged")
            return false
        }
        guard response.bufferedByteCount <= rules.maxBodyBytes else {
            logger.warning("outbound rewrite rules not applied to the body of \(context.request.path): \(response.bufferedByteCount) bytes, more than the \(rules.maxBodyBytes) an outbound rewrite holds; sent unchanged")
            return false
        }
        return true
    }

    private func rewriteBody(_ context: HttpContext, state: OutboundBodyState, matcher: Matcher, isFinal: Bool) {
        let response = context.response
        var output: [UInt8] = []
        output.reserveCapacity(response.bufferedByteCount + 256)
        let bodyRules = state.rules
        let rewrite: HTMLTagStream.Rewrite = { element, attribute, value in
            var current = value
            var replaced: [UInt8]?
            for rule in bodyRules where rule.applies(toElement: element, attribute: attribute) {
                guard let outcome = matcher.apply(rule, to: current, context: context) else { continue }
                if let outcome {
                    replaced = outcome
                    current = outcome[...]
                }
                if rule.stopProcessing { break }
            }
            return replaced
        }
        let heldBefore = state.stream.isHolding
        let oversizedBefore = state.stream.oversizedTags
        for part in response.bufferedBody {
            switch part {
            case .bytes(let bytes):
                state.stream.feed(bytes, into: &output, rewrite: rewrite)
            case .file(let file):
                let reader = ResponseFileReader(file)
                while let chunk = reader.next() { state.stream.feed(chunk, into: &output, rewrite: rewrite) }
                if reader.done != file.length {
                    logger.error("outbound rewrite of \(context.request.path): \(file.path) ended after \(reader.done) of \(file.length) bytes")
                }
            }
        }
        if isFinal { state.stream.finish(into: &output) }
        let oversized = state.stream.oversizedTags - oversizedBefore
        for _ in 0..<oversized { rules.countOversizedTag() }
        if oversized > 0 {
            logger.notice("outbound rewrite of \(context.request.path): \(oversized) tag(s) longer than \(rules.maxTagBytes) bytes passed unchanged")
        }
        // Unchanged and nothing held back: the parts go out as they are.
        guard state.stream.changed || heldBefore || state.stream.isHolding else { return }
        state.stream.changed = false
        response.clearBody()
        response.write(output)
        response.headers.remove("Content-Length")
    }
}

/// The tokenizer and rules of a response whose body goes out in several sends.
final class OutboundBodyState: StoredContext {
    let rules: [OutboundRule]
    var stream: HTMLTagStream

    init(rules: [OutboundRule], maxTagBytes: Int) {
        self.rules = rules
        self.stream = HTMLTagStream(maxTagBytes: maxTagBytes)
    }

    func cleanupStoredContext() {}
}

/// Matching and expansion for outbound rules, with one evaluator's match space.
struct Matcher {
    let space: MatchSpace
    let captures: CaptureSet

    /// nil: the rule did not match. `.some(nil)`: it matched and keeps the value (action None,
    /// or a negated match). `.some(bytes)`: the new value.
    func apply(_ rule: OutboundRule, to value: ArraySlice<UInt8>, context: HttpContext) -> [UInt8]?? {
        let subject = Array(value)
        let code = subject.withUnsafeBufferPointer { space.match(rule.pattern, in: $0) }
        guard (code >= 0) != rule.negate else { return nil }
        if rule.negate { captures.clear() } else { space.copy(pairs: code > 0 ? Int(code) : space.pairCapacity, into: captures) }
        guard rule.rewrites else { return .some(nil) }
        return .some(expand(rule.value, subject: subject, context: context))
    }

    func holds(_ condition: OutboundPreCondition, context: HttpContext) -> Bool {
        for check in condition.checks {
            let input = expand(check.input, subject: [], context: context, captures: false)
            let code = input.withUnsafeBufferPointer { space.match(check.pattern, in: $0) }
            let holds = (code >= 0) != check.negate
            if condition.matchAny && holds { return true }
            if !condition.matchAny && !holds { return false }
        }
        return !condition.matchAny
    }

    func expand(_ template: OutboundTemplate, subject: [UInt8], context: HttpContext, captures useCaptures: Bool = true) -> [UInt8] {
        var output: [UInt8] = []
        for part in template.parts {
            switch part {
            case .literal(let bytes): output += bytes
            case .capture(let n):
                if useCaptures, let range = captures.range(n), range.upperBound <= subject.count { output += subject[range] }
            case .variable(let name): output += Array(Self.variable(name, context: context).utf8)
            case .empty: break
            }
        }
        return output
    }

    /// `RESPONSE_STATUS`, `RESPONSE_X_Y` (the response header `X-Y`), or a server variable.
    static func variable(_ name: String, context: HttpContext) -> String {
        if name == "RESPONSE_STATUS" { return String(context.response.status) }
        if name.hasPrefix("RESPONSE_") {
            let header = String(name.dropFirst(9).map { $0 == "_" ? "-" : $0 })
            return context.response.headers[header] ?? ""
        }
        return context.serverVariable(name) ?? ""
    }
}
