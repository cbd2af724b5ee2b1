/// The parts of IIS request filtering added in IIS 7.5 (and URLScan 3 before it): query string
/// sequences, always-allowed URLs and query strings, per-header size limits and custom filtering
/// rules. Each is checked only when configured, so a site without them pays nothing.
extension RequestFiltering {
    /// `filteringRules/filteringRule`: strings no scanned part of a request may hold (404.19).
    public struct FilteringRule: Sendable, Equatable {
        public var name: String
        public var scanURL: Bool
        public var scanQueryString: Bool
        /// `scanAllRaw`: every header line (name and value).
        public var scanAllRaw: Bool
        /// `denyUnescapedPercent`: a `%` in the URL or query that does not start an escape.
        public var denyUnescapedPercent: Bool
        /// `scanHeaders/add requestHeader`.
        public var scanHeaders: [String]
        /// `appliesTo/add fileExtension`, lower-cased with the dot; empty: every request.
        public var appliesTo: [String]
        /// `denyStrings/add string`, lower-cased (compared ignoring case).
        public var denyStrings: [String]

        public init(name: String, scanURL: Bool = false, scanQueryString: Bool = false, scanAllRaw: Bool = false,
                    denyUnescapedPercent: Bool = false, scanHeaders: [String] = [], appliesTo: [String] = [], denyStrings: [String] = []) {
            self.name = name
            self.scanURL = scanURL
            self.scanQueryString = scanQueryString
            self.scanAllRaw = scanAllRaw
            self.denyUnescapedPercent = denyUnescapedPercent
            self.scanHeaders = scanHeaders
            self.appliesTo = appliesTo.map { $0.lowercased() }
            self.denyStrings = denyStrings.map { $0.lowercased() }
        }
    }

    /// Whether any of the extras is configured.
    var hasExtras: Bool {
        !denyQueryStringSequences.isEmpty || !headerLimits.isEmpty || !filteringRules.isEmpty
    }

    /// The query, header and rule checks, after the size and URL checks passed.
    func extraRefusal(for request: HttpRequest, rawPath: Substring) -> RequestRefusal? {
        let rawQuery = request.query
        if !denyQueryStringSequences.isEmpty, !alwaysAllowedQueryStrings.contains(where: { $0.caseInsensitiveEquals(Substring(rawQuery)) }) {
            let raw = rawQuery.lowercased()
            let unescaped = unescapeQueryString ? Self.unescaped(raw) : raw
            for sequence in denyQueryStringSequences {
                let wanted = sequence.lowercased()
                if raw.contains(wanted) || unescaped.contains(wanted) { return .deniedQuerySequence(sequence) }
            }
        }
        for limit in headerLimits {
            let length = request.headers.values(limit.header).reduce(0) { $0 + $1.utf8.count }
            if length > limit.sizeLimit { return .headerTooLong(header: limit.header, length: length, limit: limit.sizeLimit) }
        }
        guard !filteringRules.isEmpty else { return nil }
        let decodedPath = request.canonicalPath.decoded
        let ext = decodedPath.split(separator: "/").last.flatMap(Self.fileExtension) ?? "."
        for rule in filteringRules where rule.appliesTo.isEmpty || rule.appliesTo.contains(ext) {
            if rule.denyUnescapedPercent && (Self.hasUnescapedPercent(rawPath) || Self.hasUnescapedPercent(Substring(rawQuery))) {
                return .filteringRule(rule.name, found: "%")
            }
            var scanned: [String] = []
            if rule.scanURL { scanned += [decodedPath.lowercased(), rawPath.lowercased()] }
            if rule.scanQueryString {
                let raw = rawQuery.lowercased()
                scanned.append(raw)
                if unescapeQueryString { scanned.append(Self.unescaped(raw)) }
            }
            for header in rule.scanHeaders { scanned += request.headers.values(header).map { $0.lowercased() } }
            if rule.scanAllRaw { scanned += request.headers.map { ($0.name + ": " + $0.value).lowercased() } }
            for string in rule.denyStrings where scanned.contains(where: { $0.contains(string) }) {
                return .filteringRule(rule.name, found: string)
            }
        }
        return nil
    }

    /// Whether `path` is listed in `alwaysAllowedUrls` (compared ignoring case, as sent or decoded).
    func isAlwaysAllowed(_ path: CanonicalPath, rawPath: Substring) -> Bool {
        alwaysAllowedURLs.contains { $0.caseInsensitiveEquals(rawPath) || $0.caseInsensitiveEquals(Substring(path.decoded)) }
    }

    /// `%XX` escapes decoded (invalid ones kept); `+` stays.
    static func unescaped(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = PercentEncoding.hexValue(utf8[index + 1]), let low = PercentEncoding.hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }

    static func hasUnescapedPercent(_ text: Substring) -> Bool {
        let utf8 = Array(text.utf8)
        for index in utf8.indices where utf8[index] == UInt8(ascii: "%") {
            guard index + 2 < utf8.count, PercentEncoding.hexValue(utf8[index + 1]) != nil, PercentEncoding.hexValue(utf8[index + 2]) != nil else { return true }
        }
        return false
    }

    /// WebDAV methods (RFC 4918): `applyToWebDAV="false"` lists skip them.
    static let webDAVMethods: Set<String> = ["PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH"]
}
