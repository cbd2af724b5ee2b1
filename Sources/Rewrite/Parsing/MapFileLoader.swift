/// Reads `txt:` and `rnd:` map files.
///
/// * IIRF (IirfConfig.c `ReadTextMap`): blank lines and `#` comments skipped, `key value`, anything
///   after the value must be a `#` comment; keys compare case-insensitively; duplicates are warned.
/// * mod_rewrite (`lookup_map_txtfile`): lines starting with `#` or white space are skipped,
///   `key value`, the rest of the line is ignored; keys compare exactly and the first one wins.
/// `rnd:` values are `|`-separated alternatives.
enum MapFileLoader {
    static func load(path: String, name: String, kind: RewriteMap.Kind, dialect: Dialect)
        -> Result<(RewriteMap, [RuleWarning]), FileReadError> {
        let bytes: [UInt8]
        switch FileAccess.read(path) {
        case .failure(let error): return .failure(error)
        case .success(let contents): bytes = contents
        }
        var entries: [RewriteMap.Entry] = []
        var warnings: [RuleWarning] = []
        var seen: Set<[UInt8]> = []
        for line in SourceLine.split(bytes, file: path) {
            let content: ArraySlice<UInt8>
            switch dialect {
            case .iirf:
                content = line.bytes.trimmed
                guard let first = content.first, first != UInt8(ascii: "#") else { continue }
            case .modRewrite, .iis:
                guard let first = line.bytes.first, first != UInt8(ascii: "#"), !first.isConfigSpace else { continue }
                content = line.bytes
            }
            let fields = content.fields
            guard fields.count >= 2 else {
                if dialect == .iirf {
                    warnings.append(RuleWarning(file: path, line: line.location.line,
                                                message: "map '\(name)': bad format (expected 'key value'); line ignored"))
                }
                continue
            }
            if dialect == .iirf, fields.count > 2, fields[2].first != UInt8(ascii: "#") {
                warnings.append(RuleWarning(file: path, line: line.location.line,
                                            message: "map '\(name)': junk after key and value ('\(fields[2].text)'); line ignored"))
                continue
            }
            let key = Array(fields[0])
            let folded = dialect == .iirf ? key.map(asciiLowercased) : key
            if !seen.insert(folded).inserted, dialect == .iirf {
                warnings.append(RuleWarning(file: path, line: line.location.line,
                                            message: "map '\(name)': duplicate key '\(fields[0].text)' will never match"))
            }
            let value = Array(fields[1])
            let values = kind == .random ? value.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map(Array.init) : [value]
            entries.append(RewriteMap.Entry(key: key, values: values))
        }
        let map = RewriteMap(name: name, kind: kind, caseInsensitive: dialect == .iirf, entries: entries, file: path)
        return .success((map, warnings))
    }
}
