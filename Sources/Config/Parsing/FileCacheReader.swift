/// Reads `system.webServer/caching` into a `FileCacheModel`; a bad value is an error naming the
/// attribute, the value and the line.
struct FileCacheReader {
    let log: DiagnosticLog

    func read(_ element: ConfigElement) -> FileCacheModel {
        var model = FileCacheModel()
        model.line = element.line
        if let raw = element.attributes["enabled"] {
            switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true": model.enabled = true
            case "false": model.enabled = false
            default: log.invalid(element, "enabled", raw, expected: "must be true or false")
            }
        }
        model.maxCacheSizeMB = count(element, "maxCacheSize")
        model.maxResponseSize = count(element, "maxResponseSize")
        model.maxCachedFiles = count(element, "maxCachedFiles")
        model.maxOpenFiles = count(element, "maxOpenFiles")
        if let raw = element.attributes["fileCheckInterval"] {
            if let value = LimitsReader.parseTimeSpan(raw.trimmingCharacters(in: .whitespaces)) {
                model.fileCheckInterval = value
            } else {
                log.invalid(element, "fileCheckInterval", raw, expected: "must be a time span hh:mm:ss (e.g. 00:00:01), 00:00:00 to look on every request")
            }
        }
        return model
    }

    private func count(_ element: ConfigElement, _ attribute: String) -> Int? {
        guard let raw = element.attributes[attribute] else { return nil }
        guard let value = UInt64(raw.trimmingCharacters(in: .whitespaces)) else {
            log.invalid(element, attribute, raw, expected: "must be a whole number")
            return nil
        }
        return Int(clamping: value)
    }
}
