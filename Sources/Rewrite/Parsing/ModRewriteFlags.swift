/// mod_rewrite flag fields (mod_rewrite.c `cmd_parseflagfield`, `cmd_rewriterule_setflag`,
/// `cmd_rewritecond_setflag`): `[flag,flag=value,...]`, case-insensitive, long forms accepted.
enum ModRewriteFlags {
    struct RuleResult {
        var flags: RuleFlags = []
        /// `[F]` 403, `[G]` 410, `[R=4xx/5xx]`: answer with this status.
        var status: Int?
        var redirect: Int?
        var proxy = false
        var skip = 0
        var maxRounds = 10_000
        var environment: [ArraySlice<UInt8>] = []
        var forcedType: ArraySlice<UInt8>?
        var escapedBytes: [UInt8]?
        /// Flags httpd accepts that have no effect here.
        var ignored: [String] = []
    }

    /// Splits `[a,b=c]` into (key, value) pairs; nil value when there is no `=`.
    static func fields(_ text: ArraySlice<UInt8>) -> [(key: String, value: ArraySlice<UInt8>?)] {
        text.dropFirst().dropLast().split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).compactMap { raw in
            let item = raw.trimmed
            guard !item.isEmpty else { return nil }
            if let equals = item.firstIndex(of: UInt8(ascii: "=")) {
                return (item[..<equals].text, item[(equals + 1)...])
            }
            return (item.text, nil)
        }
    }

    static func parseRule(_ text: ArraySlice<UInt8>?) -> Result<RuleResult, FlagError> {
        var r = RuleResult()
        guard let text else { return .success(r) }
        for (key, value) in fields(text) {
            let lower = key.lowercased()
            let valueText = value?.text ?? ""
            switch lower {
            case "b", "backrefescaping":
                r.flags.insert(.escapeBackreferences)
                if let value, !value.isEmpty { r.escapedBytes = Array(value) }
            case "bnp", "backrefernoplus": r.flags.insert(.escapeNoPlus)
            case "c", "chain": r.flags.insert(.chain)
            case "co", "cookie": r.ignored.append("CO (cookies are not set by this filter)")
            case "dpi", "discardpath": break  // no PATH_INFO in server context
            case _ where lower.hasPrefix("d"): break  // httpd accepts any D... silently
            case "e", "env": r.environment.append(value ?? [])
            case "end": r.flags.insert(.end)
            case "f", "forbidden": r.status = 403
            case "g", "gone": r.status = 410
            case "h", "handler": r.ignored.append("H (content handlers are chosen by the pipeline's handler mappings)")
            case "l", "last": r.flags.insert(.last)
            case "ne", "noescape": r.flags.insert(.noEscape)
            case "n", "next":
                r.flags.insert(.next)
                if !valueText.isEmpty { r.maxRounds = IIRFFlags.atoi(Substring(valueText)) }
            case "ns", "nosubreq": break  // no sub-requests here
            case "nc", "nocase": r.flags.insert(.caseless)
            case "p", "proxy": r.proxy = true
            case "pt", "passthrough": r.flags.insert(.passThrough)
            case "qsa", "qsappend": r.flags.insert(.queryAppend)
            case "qsd", "qsdiscard": r.flags.insert(.queryDiscard)
            case "qsl", "qslast": r.flags.insert(.queryLast)
            case "r", "redirect":
                switch valueText.lowercased() {
                case "": r.redirect = r.redirect ?? 302
                case "permanent": r.redirect = 301
                case "temp": r.redirect = 302
                case "seeother": r.redirect = 303
                default:
                    guard let first = valueText.first, first.isNumber else {
                        r.redirect = r.redirect ?? 302
                        break
                    }
                    let code = IIRFFlags.atoi(Substring(valueText))
                    guard knownStatuses.contains(code) else {
                        return .failure(FlagError("invalid HTTP response code '\(valueText)' for flag 'R'"))
                    }
                    if (300...399).contains(code) { r.redirect = code } else { r.status = code }
                }
            case "s", "skip": r.skip = max(IIRFFlags.atoi(Substring(valueText)), 0)
            case "t", "type": r.forcedType = value ?? []
            case "unsafeallow3f": r.flags.insert(.allowExpandedQuestionMark)
            case "unsafeprefixstat": break  // file-system prefix checks: the pipeline maps the URL
            default:
                return .failure(FlagError("unknown flag '\(key)'"))
            }
        }
        return .success(r)
    }

    static func parseCondition(_ text: ArraySlice<UInt8>?) -> Result<(caseless: Bool, orNext: Bool), FlagError> {
        guard let text else { return .success((false, false)) }
        var caseless = false
        var orNext = false
        for (key, _) in fields(text) {
            switch key.lowercased() {
            case "nc", "nocase": caseless = true
            case "or", "ornext": orNext = true
            case "nv", "novary": break
            default: return .failure(FlagError("unknown flag '\(key)'"))
            }
        }
        return .success((caseless, orNext))
    }

    /// The statuses httpd knows (`ap_index_of_response`); `[R=n]` with another code is refused.
    static let knownStatuses: Set<Int> = Set([100, 101, 102, 103] + Array(200...208) + [226] + Array(300...308)
        + Array(400...418) + Array(421...426) + [428, 429, 431, 451] + Array(500...508) + [510, 511])
}
