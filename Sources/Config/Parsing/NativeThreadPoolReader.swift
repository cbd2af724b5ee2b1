/// Reads `<nativeThreadPool threads="64" queueLength="4096" concurrency="2"
/// stallThreshold="00:00:00.002"/>`; a bad value is an error naming the attribute, the value and
/// the line.
struct NativeThreadPoolReader {
    let log: DiagnosticLog
    static let attributes = ["threads", "queueLength", "concurrency", "stallThreshold"]

    func read(_ element: ConfigElement) -> NativeThreadPoolModel {
        var model = NativeThreadPoolModel()
        model.line = element.line
        for name in element.attributes.keys where !Self.attributes.contains(name) {
            log.warning(element.line, "<nativeThreadPool> has no attribute '\(name)' (\(Self.attributes.joined(separator: ", "))); ignored")
        }
        if let threads = count(element, "threads", minimum: 1, maximum: 400) { model.threads = threads }
        if let queue = count(element, "queueLength", minimum: 0, maximum: 1_000_000) { model.queueLength = queue }
        if let concurrency = count(element, "concurrency", minimum: 1, maximum: 400) { model.concurrency = concurrency }
        if let raw = element.attributes["stallThreshold"] {
            if let value = LimitsReader.parseTimeSpan(raw.trimmingCharacters(in: .whitespaces)),
               value >= .microseconds(100), value <= .seconds(10) {
                model.stallThreshold = value
            } else {
                log.invalid(element, "stallThreshold", raw,
                            expected: "must be a time span hh:mm:ss with a fraction, from 00:00:00.0001 to 00:00:10 (e.g. 00:00:00.002 for 2 ms)")
            }
        }
        return model
    }

    private func count(_ element: ConfigElement, _ attribute: String, minimum: Int, maximum: Int) -> Int? {
        guard let raw = element.attributes[attribute] else { return nil }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), value >= minimum, value <= maximum else {
            log.invalid(element, attribute, raw, expected: "must be a whole number from \(minimum) to \(maximum)")
            return nil
        }
        return value
    }

    /// `threading="pool"` (default) or `"eventLoop"` on a filter, a global module or an
    /// `IsapiModule` handler (its extension).
    static func threading(_ element: ConfigElement, log: DiagnosticLog) -> NativeThreading? {
        guard let raw = element.attributes["threading"] else { return .pool }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let mode = NativeThreading.allCases.first(where: { $0.rawValue.lowercased() == trimmed.lowercased() }) else {
            log.invalid(element, "threading", raw, expected: "must be \"pool\" (may block; the default) or \"eventLoop\" (never blocks)")
            return nil
        }
        return mode
    }
}
