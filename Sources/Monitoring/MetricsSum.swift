/// Sums several Prometheus text expositions into one: the workers' scrapes, as one server's.
/// Samples with the same name and labels are added (counters, gauges of connections and bytes,
/// histogram buckets, sums and counts all add up across processes); `# HELP`/`# TYPE` lines are
/// kept once, each sample stays under its family's first `# TYPE`.
public enum MetricsSum {
    public static func sum(_ expositions: [String]) -> String {
        var families: [String] = []  // family header lines' order
        var headers: [String: [String]] = [:]
        var samples: [String: [(key: String, value: Double)]] = [:]
        for exposition in expositions {
            var family = ""
            for line in exposition.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("#") {
                    let parts = line.split(separator: " ", maxSplits: 3)
                    guard parts.count >= 3 else { continue }
                    family = String(parts[2])
                    if headers[family] == nil {
                        families.append(family)
                        headers[family] = []
                    }
                    if !headers[family]!.contains(String(line)) { headers[family]!.append(String(line)) }
                    continue
                }
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
                let key = String(line[..<space])
                if headers[family] == nil {
                    families.append(family)
                    headers[family] = []
                }
                if let index = samples[family, default: []].firstIndex(where: { $0.key == key }) {
                    samples[family]![index].value += value
                } else {
                    samples[family, default: []].append((key, value))
                }
            }
        }
        var out = ""
        for family in families {
            for header in headers[family] ?? [] { out += header + "\n" }
            for sample in samples[family] ?? [] { out += sample.key + " " + format(sample.value) + "\n" }
        }
        return out
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
