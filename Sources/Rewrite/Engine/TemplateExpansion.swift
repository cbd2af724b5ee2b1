#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a template is expanded: IIRF applies its `#` operators afterwards; mod_rewrite may escape
/// back-references (`[B]`).
struct ExpansionMode {
    var iirfConversionCharacter: UInt8?
    var escapeBackreferences = false
    var escapedBytes: [UInt8]?
    var escapeNoPlus = false
    /// mod_rewrite substitutions: note when the first `?` came from an expansion (back-reference,
    /// variable, map) rather than the literal text (`unsafeQuestionMark`).
    var guardsQuestionMark = false

    static func iirf(_ settings: IIRFSettings) -> ExpansionMode {
        ExpansionMode(iirfConversionCharacter: settings.conversionCharacter)
    }

    static let modRewrite = ExpansionMode(iirfConversionCharacter: nil)

    static let iis = ExpansionMode(iirfConversionCharacter: nil)

    static func modRewrite(rule: Rule) -> ExpansionMode {
        ExpansionMode(iirfConversionCharacter: nil, escapeBackreferences: rule.flags.contains(.escapeBackreferences),
                      escapedBytes: rule.escapedBytes, escapeNoPlus: rule.flags.contains(.escapeNoPlus),
                      guardsQuestionMark: !rule.flags.contains(.allowExpandedQuestionMark))
    }
}

extension RewriteEvaluator {
    /// Appends the expansion of `template` to `buffer` (IIRF: then applies `#L #U #l #u #X..#E`
    /// to what this expansion produced, as `GenerateReplacementString` does for each call).
    ///
    /// `buffer` must not be one of the buffers the template reads (`subject`, `header`,
    /// `conditionSubject`, `query`, `requestPath`).
    func expand<Environment: RewriteEnvironment>(_ template: Template, into buffer: inout [UInt8], rules: RuleSet,
                                                 mode: ExpansionMode, environment: Environment) {
        let start = buffer.count
        var questionMarkSeen = !mode.guardsQuestionMark
        for part in template.parts {
            let partStart = buffer.count
            defer {
                if !questionMarkSeen, buffer[partStart...].contains(UInt8(ascii: "?")) {
                    questionMarkSeen = true
                    if case .literal = part {} else { unsafeQuestionMark = true }
                }
            }
            switch part {
            case .literal(let bytes):
                buffer.append(contentsOf: bytes)
            case .ruleCapture(let group):
                guard let range = ruleCaptures.range(group), !range.isEmpty else { continue }
                let lower = range.lowerBound + ruleCaptureOffset
                let upper = range.upperBound + ruleCaptureOffset
                switch ruleCaptureSource {
                case .subject: appendCapture(subject, lower..<upper, into: &buffer, mode: mode)
                case .header: appendCapture(header, lower..<upper, into: &buffer, mode: mode)
                case .output: appendCapture(output, lower..<upper, into: &buffer, mode: mode)
                }
            case .conditionCapture(let group):
                guard let range = conditionCaptures.range(group), !range.isEmpty else { continue }
                appendCapture(conditionSubject, range, into: &buffer, mode: mode)
            case .variable(let variable):
                appendVariable(variable, into: &buffer, environment: environment)
            case .map(let lookup):
                appendMap(lookup, into: &buffer, rules: rules, mode: mode, environment: environment)
            case .originalRequestURI:
                buffer.append(contentsOf: original)
            }
        }
        if let character = mode.iirfConversionCharacter {
            IIRFConversions.apply(&buffer, from: start, character: character, scratch: &spares)
        }
    }

    private func appendCapture(_ source: [UInt8], _ range: Range<Int>, into buffer: inout [UInt8], mode: ExpansionMode) {
        guard range.upperBound <= source.count else { return }
        source.withUnsafeBufferPointer { bytes in
            let slice = UnsafeBufferPointer(rebasing: bytes[range])
            if mode.escapeBackreferences {
                URLCoding.apacheEscapeBackreference(slice, only: mode.escapedBytes, noPlus: mode.escapeNoPlus, into: &buffer)
            } else {
                buffer.append(contentsOf: slice)
            }
        }
    }

    private func appendMap<Environment: RewriteEnvironment>(_ lookup: MapLookup, into buffer: inout [UInt8], rules: RuleSet,
                                                            mode: ExpansionMode, environment: Environment) {
        var key = borrow()
        expand(lookup.key, into: &key, rules: rules, mode: mode, environment: environment)
        var found = false
        if let map = rules.map(named: lookup.mapName) {
            found = key.withUnsafeBufferPointer { keyBytes -> Bool in
                switch map.kind {
                case .text:
                    guard let index = map.find(keyBytes) else { return false }
                    buffer.append(contentsOf: map.entries[index].values[0])
                case .random:
                    guard let index = map.find(keyBytes) else { return false }
                    let values = map.entries[index].values
                    buffer.append(contentsOf: values[values.count > 1 ? random(below: values.count) : 0])
                case .function(let function):
                    switch function {
                    case .toupper: for byte in keyBytes { buffer.append(asciiUppercased(byte)) }
                    case .tolower: for byte in keyBytes { buffer.append(asciiLowercased(byte)) }
                    case .escape: URLCoding.apacheEscapePath(keyBytes, into: &buffer)
                    case .unescape: URLCoding.apacheUnescape(keyBytes, into: &buffer)
                    case .urlEncode: URLCoding.formEncode(keyBytes, into: &buffer)
                    case .urlDecode: URLCoding.formDecode(keyBytes, into: &buffer)
                    case .escapeDataString: URLCoding.escapeDataString(keyBytes, into: &buffer)
                    case .htmlEncode: URLCoding.htmlEncode(keyBytes, into: &buffer)
                    }
                }
                return true
            }
        }
        if !found {
            if let fallback = lookup.fallback, !(mode.iirfConversionCharacter == nil && fallback.source.isEmpty) {
                var value = borrow()
                expand(fallback, into: &value, rules: rules, mode: mode, environment: environment)
                buffer.append(contentsOf: value)
                recycle(value)
            } else if mode.iirfConversionCharacter != nil {
                // IIRF writes the lookup back with the expanded key: ${map:key}
                buffer.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "{")])
                appendUTF8(lookup.mapName, to: &buffer)
                buffer.append(UInt8(ascii: ":"))
                buffer.append(contentsOf: key)
                buffer.append(UInt8(ascii: "}"))
            }
        }
        recycle(key)
    }

    func appendVariable<Environment: RewriteEnvironment>(_ variable: Variable, into buffer: inout [UInt8],
                                                         environment: Environment) {
        switch variable.kind {
        case .server(let name):
            if let value = environment.serverVariable(name) { appendUTF8(value, to: &buffer) }
        case .header(let name):
            if let value = environment.requestHeader(name) { appendUTF8(value, to: &buffer) }
        case .environment(let name):
            if let assigned = environmentAssignments.last(where: { $0.name == name }) {
                if let value = assigned.value { appendUTF8(value, to: &buffer) }
            } else if let value = environment.environmentVariable(name) {
                appendUTF8(value, to: &buffer)
            }
        case .requestFilename:
            buffer.append(contentsOf: subject)
        case .requestURI:
            buffer.append(contentsOf: requestPath)
        case .currentURL:
            if interimURLActive {
                buffer.append(contentsOf: subject)
            } else if let value = environment.requestHeader("url") ?? environment.serverVariable("URL") {
                appendUTF8(value, to: &buffer)
            }
        case .currentQuery:
            buffer.append(contentsOf: query)
        case .requestLine:
            appendUTF8(environment.serverVariable("REQUEST_METHOD") ?? "GET", to: &buffer)
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: original)
            buffer.append(UInt8(ascii: " "))
            appendUTF8(environment.serverVariable("SERVER_PROTOCOL") ?? "HTTP/1.1", to: &buffer)
        case .time(let field):
            appendTime(field, into: &buffer, environment: environment)
        case .constant(let value):
            appendUTF8(value, to: &buffer)
        case .serverOrAssigned(let name):
            if let assigned = environmentAssignments.last(where: { $0.name == name }) {
                if let value = assigned.value { appendUTF8(value, to: &buffer) }
            } else if let value = environment.serverVariable(name) {
                appendUTF8(value, to: &buffer)
            }
        case .https:
            appendUTF8(Self.isHTTPS(environment) ? "on" : "off", to: &buffer)
        case .scheme:
            appendUTF8(Self.isHTTPS(environment) ? "https" : "http", to: &buffer)
        case .ipv6:
            let address = environment.serverVariable("REMOTE_ADDR") ?? ""
            appendUTF8(address.contains(":") && !address.lowercased().hasPrefix("::ffff:") ? "on" : "off", to: &buffer)
        }
    }

    static func isHTTPS<Environment: RewriteEnvironment>(_ environment: Environment) -> Bool {
        environment.serverVariable("HTTPS")?.lowercased() == "on"
    }

    private func appendTime<Environment: RewriteEnvironment>(_ field: TimeField, into buffer: inout [UInt8],
                                                             environment: Environment) {
        var seconds = time_t(environment.currentTime())
        var parts = tm()
        localtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<max(width, 1) { divisor *= 10 }
            var remaining = value
            if width == 0 {
                // Unpadded (%w, %d without width): at most two digits here.
                if value >= 10 { buffer.append(UInt8(truncatingIfNeeded: 0x30 + value / 10)) }
                buffer.append(UInt8(truncatingIfNeeded: 0x30 + value % 10))
                return
            }
            while divisor > 0 {
                buffer.append(UInt8(truncatingIfNeeded: 0x30 + (remaining / divisor) % 10))
                remaining %= divisor
                divisor /= 10
            }
        }
        switch field {
        case .all:
            digits(parts.tm_year + 1900, 4); digits(parts.tm_mon + 1, 2); digits(parts.tm_mday, 2)
            digits(parts.tm_hour, 2); digits(parts.tm_min, 2); digits(parts.tm_sec, 2)
        case .year: digits(parts.tm_year + 1900, 4)
        case .month: digits(parts.tm_mon + 1, 2)
        case .day: digits(parts.tm_mday, 2)
        case .hour: digits(parts.tm_hour, 2)
        case .minute: digits(parts.tm_min, 2)
        case .second: digits(parts.tm_sec, 2)
        case .weekday: digits(parts.tm_wday, 0)
        case .week: digits((parts.tm_yday + 7 - parts.tm_wday) / 7, 2)
        case .yearDay: digits(parts.tm_yday + 1, 3)
        }
    }
}
