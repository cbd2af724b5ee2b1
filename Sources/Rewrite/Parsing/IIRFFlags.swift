/// IIRF rule and condition modifier flags (IirfConfig.c `ParseAndApplyRuleModifierFlags`,
/// `ParseCondModifierFlags`). Flags are case-sensitive, comma-separated, inside `[...]`.
enum IIRFFlags {
    /// What the rule flags say. `flavor` may change: `[R]` turns a RewriteRule into a redirect,
    /// `[P]` into a proxy.
    struct RuleResult {
        var flags: RuleFlags = []
        var flavor: IIRFFlavor
        var redirectStatus = 302
        var forbidden = false
        var gone = false
        var notFound = false
        /// Non-fatal remarks (e.g. an out-of-range redirect code).
        var warnings: [String] = []
    }

    /// nil flags text is fine (no flags). Returns the reason when the rule must be dropped.
    static func parseRule(_ text: ArraySlice<UInt8>?, flavor: IIRFFlavor, directive: String) -> Result<RuleResult, FlagError> {
        var result = RuleResult(flavor: flavor)
        guard let text else { return .success(result) }
        guard text.count >= 2, text.first == UInt8(ascii: "["), text.last == UInt8(ascii: "]") else {
            return .failure(FlagError("badly formed modifier flags '\(text.text)' (expected [FLAG,...])"))
        }
        var tokenizer = StrtokTokenizer(text.dropFirst().dropLast())
        while let token = tokenizer.next(delimiters: [UInt8(ascii: ",")]) {
            let flag = token.text
            switch flag {
            case "R":
                guard flavor == .rewrite || flavor == .redirect else {
                    return .failure(FlagError("the R modifier cannot be used with \(directive)"))
                }
                result.flavor = .redirect
                result.redirectStatus = 302
            case _ where flag.hasPrefix("R="):
                guard flavor == .rewrite || flavor == .redirect else {
                    return .failure(FlagError("the R modifier cannot be used with \(directive)"))
                }
                let value = flag.dropFirst(2)
                guard !value.isEmpty else { return .failure(FlagError("malformed R modifier '\(flag)'")) }
                result.flavor = .redirect
                let code = atoi(value)
                if (301...399).contains(code) {
                    result.redirectStatus = code
                } else {
                    result.redirectStatus = 302
                    result.warnings.append("redirect code \(code) out of range (301...399), using 302")
                }
            case "P":
                switch result.flavor {
                case .proxy: break
                case .rewrite: result.flavor = .proxy
                default: return .failure(FlagError("the P modifier cannot be used with \(directive)"))
                }
            case "F": result.forbidden = true
            case "G": result.gone = true
            case "NF": result.notFound = true
            case "PH": result.flags.insert(.preserveHost)
            case "L": result.flags.insert(.last)
            case "I", "NC": result.flags.insert(.caseless)
            case "U": result.flags.insert(.recordOriginalURL)
            case "QSA": result.flags.insert(.queryAppend)
            case "NI": result.flags.insert(.noIteration)
            default:
                return .failure(FlagError("unsupported RewriteRule modifier flag '\(flag)'"))
            }
        }
        if let conflict = conflict(in: result) {
            return .failure(FlagError("inconsistent modifier flags: \(conflict)"))
        }
        return .success(result)
    }

    /// IIRF's consistency checks: any of these drops the rule.
    private static func conflict(in r: RuleResult) -> String? {
        let last = r.flags.contains(.last)
        let append = r.flags.contains(.queryAppend)
        let noIteration = r.flags.contains(.noIteration)
        if r.forbidden {
            if r.flavor == .redirect { return "[F] on a redirect" }
            if last { return "F,L (redundant)" }
            if r.notFound { return "F,NF" }
            if r.gone { return "F,G" }
            if append { return "F,QSA" }
            if noIteration { return "F,NI" }
        }
        if r.notFound {
            if last { return "NF,L (redundant)" }
            if r.flavor == .redirect { return "NF,R" }
            if append { return "NF,QSA" }
            if r.gone { return "NF,G" }
            if noIteration { return "NF,NI" }
        }
        if r.gone {
            if append { return "G,QSA" }
            if last { return "G,L" }
            if noIteration { return "G,NI" }
        }
        if last && noIteration { return "L,NI" }
        if r.flavor == .redirect && noIteration { return "[NI] on a redirect" }
        if r.flavor == .proxy {
            if r.notFound { return "[NF] on a proxy rule" }
            if r.gone { return "[G] on a proxy rule" }
            if r.forbidden { return "[F] on a proxy rule" }
            if noIteration { return "[NI] on a proxy rule" }
        } else if r.flags.contains(.preserveHost) {
            return "[PH] on a rule that does not proxy"
        }
        return nil
    }

    /// Condition flags: `OR`, `I`, `NC`. Unknown flags and bad brackets are warnings, not errors.
    static func parseCondition(_ text: ArraySlice<UInt8>?) -> (orNext: Bool, caseless: Bool, warnings: [String]) {
        guard let text else { return (false, false, []) }
        guard text.count >= 2, text.first == UInt8(ascii: "["), text.last == UInt8(ascii: "]") else {
            return (false, false, ["badly formed RewriteCond modifier flags '\(text.text)'; flags ignored"])
        }
        var orNext = false
        var caseless = false
        var warnings: [String] = []
        var tokenizer = StrtokTokenizer(text.dropFirst().dropLast())
        while let token = tokenizer.next(delimiters: [UInt8(ascii: ",")]) {
            switch token.text {
            case "OR": orNext = true
            case "I", "NC": caseless = true
            default: warnings.append("unsupported RewriteCond modifier flag '\(token.text)' ignored")
            }
        }
        return (orNext, caseless, warnings)
    }

    /// C `atoi`: optional sign, leading digits, 0 when none.
    static func atoi(_ text: Substring) -> Int {
        var value = 0
        var sign = 1
        var iterator = text.drop { $0 == " " || $0 == "\t" }.makeIterator()
        var first = iterator.next()
        if first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            first = iterator.next()
        }
        var character = first
        while let c = character, let digit = c.wholeNumberValue, c.isASCII {
            value = min(value * 10 + digit, Int(Int32.max))
            character = iterator.next()
        }
        return sign * value
    }
}

/// What kind of directive an IIRF rule came from (its "flavor", used by the duplicate check).
enum IIRFFlavor: Sendable, Equatable, Hashable {
    case rewrite, redirect, proxy, header
}

struct FlagError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
