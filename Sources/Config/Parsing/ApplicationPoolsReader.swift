/// Reads `system.applicationHost/applicationPools`: `applicationPoolDefaults`, then each `add`
/// starting from those defaults. Of a pool's settings, `processModel` (`maxProcesses`,
/// `shutdownTimeLimit`) and `failure` (rapid-fail protection) are used; the others (identity,
/// managed runtime, queue length ...) have no meaning for isapi-bridge and are ignored silently,
/// except `cpu` and the recycling triggers other than `time` and `privateMemory`, which are
/// reported as not supported.
struct ApplicationPoolsReader {
    let log: DiagnosticLog

    func read(_ section: ConfigElement) -> [ApplicationPoolModel] {
        var defaults = ApplicationPoolModel(name: "", line: section.line)
        for element in section.children(named: "applicationPoolDefaults") { apply(element, to: &defaults) }
        var pools: [ApplicationPoolModel] = []
        for element in section.children {
            switch element.name {
            case "applicationPoolDefaults": continue
            case "add":
                guard let name = log.required(element, "name") else { continue }
                if pools.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                    log.error(element.line, "<applicationPools><add name=\"\(name)\">: another pool has this name; pool names must be unique")
                    continue
                }
                var pool = defaults
                pool.name = name
                pool.line = element.line
                apply(element, to: &pool)
                pools.append(pool)
            case "clear": pools.removeAll()
            default: log.unknownElement(element, in: section.name)
            }
        }
        return pools
    }

    private func apply(_ element: ConfigElement, to pool: inout ApplicationPoolModel) {
        let limits = LimitsReader(log: log)
        for child in element.children {
            switch child.name {
            case "processModel":
                if let value = count(child, "maxProcesses") { pool.maxProcesses = value }
                if let value = limits.timeSpan(child, "shutdownTimeLimit") { pool.shutdownTimeLimit = value }
                if let raw = child.attributes["pingingEnabled"] {
                    switch raw.lowercased() {
                    case "true": pool.pingingEnabled = true
                    case "false": pool.pingingEnabled = false
                    default: log.invalid(child, "pingingEnabled", raw, expected: "must be true or false")
                    }
                }
                for (attribute, keyPath) in [("pingInterval", \ApplicationPoolModel.pingInterval),
                                             ("pingResponseTime", \ApplicationPoolModel.pingResponseTime)] {
                    guard let value = limits.timeSpan(child, attribute) else { continue }
                    if value > .zero { pool[keyPath: keyPath] = value } else {
                        log.invalid(child, attribute, child.attributes[attribute] ?? "", expected: "must be longer than 00:00:00")
                    }
                }
            case "failure":
                if let raw = child.attributes["rapidFailProtection"] {
                    switch raw.lowercased() {
                    case "true": pool.rapidFailProtection = true
                    case "false": pool.rapidFailProtection = false
                    default: log.invalid(child, "rapidFailProtection", raw, expected: "must be true or false")
                    }
                }
                if let value = count(child, "rapidFailProtectionMaxCrashes") { pool.rapidFailProtectionMaxCrashes = value }
                if let value = limits.timeSpan(child, "rapidFailProtectionInterval") {
                    if value > .zero { pool.rapidFailProtectionInterval = value } else {
                        log.invalid(child, "rapidFailProtectionInterval", child.attributes["rapidFailProtectionInterval"] ?? "",
                                    expected: "must be longer than 00:00:00")
                    }
                }
            case "recycling":
                for restart in child.children(named: "periodicRestart") {
                    if let value = limits.timeSpan(restart, "time") { pool.periodicRestartTime = value > .zero ? value : nil }
                    if let value = count(restart, "privateMemory", maximum: Int.max / 1024) {
                        pool.periodicRestartPrivateMemory = value > 0 ? value : nil
                    }
                    for trigger in ["requests", "memory"] where (restart.attributes[trigger] ?? "0") != "0" {
                        log.warning(restart.line, "<periodicRestart \(trigger)>: not supported (time and privateMemory are); ignored")
                    }
                    if !restart.children.isEmpty {
                        log.warning(restart.line, "<periodicRestart> schedules are not supported; ignored")
                    }
                }
            case "cpu":
                log.warning(child.line, "<\(child.name)> in an application pool is not supported; ignored")
            default:
                continue
            }
        }
    }

    private func count(_ element: ConfigElement, _ attribute: String, maximum: Int = 10_000) -> Int? {
        guard let raw = element.attributes[attribute] else { return nil }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), value >= 0, value <= maximum else {
            log.invalid(element, attribute, raw, expected: "must be a whole number from 0 to \(maximum)")
            return nil
        }
        return value
    }
}
