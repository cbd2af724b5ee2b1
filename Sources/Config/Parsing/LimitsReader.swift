/// Reads `webLimits` and `siteDefaults/limits` attributes into a `ConnectionLimitsModel`; a value
/// that is not a number or an IIS time span is an error naming the element, attribute and line.
struct LimitsReader {
    let log: DiagnosticLog

    func readWebLimits(_ element: ConfigElement, into model: inout ConnectionLimitsModel) {
        if let value = timeSpan(element, "connectionTimeout") { model.connectionTimeout = value }
        if let value = timeSpan(element, "headerWaitTimeout"), value > .zero { model.headerWaitTimeout = value }
        if let value = count(element, "minBytesPerSecond") { model.minBytesPerSecond = value }
        if let value = count(element, "maxConnectionsPerAddress", minimum: 1) { model.maxConnectionsPerAddress = value }
        if let value = count(element, "maxRequestHeaderBytes", minimum: 256) { model.maxRequestHeaderBytes = value }
        if let value = count(element, "maxPipelinedRequests", minimum: 1) { model.maxPipelinedRequests = value }
        if let value = timeSpan(element, "slowClientTimeout"), value > .zero { model.slowClientTimeout = value }
        if let value = timeSpan(element, "bodyRateGracePeriod") { model.bodyRateGracePeriod = value }
        if let value = count(element, "maxUnsentResponseBytes", minimum: 16 * 1024) { model.maxUnsentResponseBytes = value }
        if let value = count(element, "maxStreamedBodyBufferBytes", minimum: 4 * 1024) { model.maxStreamedBodyBufferBytes = value }
        if let value = flag(element, "http2") { model.http2 = value }
        if let value = flag(element, "http2Cleartext") { model.http2Cleartext = value }
        if let value = count(element, "http2MaxConcurrentStreams", minimum: 1) { model.http2MaxConcurrentStreams = value }
        if let value = count(element, "http2StreamWindowBytes", minimum: 65_535) { model.http2StreamWindowBytes = value }
        if let value = count(element, "http2MaxStreamResets", minimum: 1) { model.http2MaxStreamResets = value }
    }

    private func flag(_ element: ConfigElement, _ attribute: String) -> Bool? {
        guard let raw = element.attributes[attribute] else { return nil }
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": return true
        case "false": return false
        default:
            log.invalid(element, attribute, raw, expected: "must be true or false")
            return nil
        }
    }

    /// `siteDefaults/limits`: wins over `webLimits` for the connection timeout, as the site level does in IIS.
    func readSiteDefaults(_ element: ConfigElement, into model: inout ConnectionLimitsModel) {
        if let value = timeSpan(element, "connectionTimeout") { model.connectionTimeout = value }
        if let value = count(element, "maxConnections", minimum: 1) { model.maxConnections = value }
    }

    private func count(_ element: ConfigElement, _ attribute: String, minimum: Int = 0) -> Int? {
        guard let raw = element.attributes[attribute] else { return nil }
        guard let value = UInt64(raw.trimmingCharacters(in: .whitespaces)), value >= UInt64(minimum) else {
            log.invalid(element, attribute, raw, expected: "must be a whole number of at least \(minimum)")
            return nil
        }
        return Int(clamping: value)
    }

    func timeSpan(_ element: ConfigElement, _ attribute: String) -> Duration? {
        guard let raw = element.attributes[attribute] else { return nil }
        guard let value = Self.parseTimeSpan(raw.trimmingCharacters(in: .whitespaces)) else {
            log.invalid(element, attribute, raw, expected: "must be a time span hh:mm:ss (e.g. 00:02:00), optionally d.hh:mm:ss")
            return nil
        }
        return value
    }

    /// IIS time spans: `hh:mm:ss`, `d.hh:mm:ss`, seconds may have a fraction (`00:00:00.5`).
    static func parseTimeSpan(_ text: String) -> Duration? {
        var rest = Substring(text)
        var days = 0
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var hoursText = parts[0]
        if let dot = hoursText.firstIndex(of: ".") {
            guard let value = Int(hoursText[..<dot]), value >= 0, value <= 10_000 else { return nil }
            days = value
            hoursText = hoursText[hoursText.index(after: dot)...]
        }
        rest = parts[2]
        guard let hours = Int(hoursText), let minutes = Int(parts[1]), let seconds = Double(rest),
              (0..<24).contains(hours), (0..<60).contains(minutes), seconds >= 0, seconds < 60 else { return nil }
        let total = Double(((days * 24 + hours) * 60 + minutes) * 60) + seconds
        return .microseconds(Int64((total * 1_000_000).rounded()))
    }
}
