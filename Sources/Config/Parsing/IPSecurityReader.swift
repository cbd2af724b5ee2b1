/// What one level says in `<ipSecurity>`.
struct IPSecurityEdits: Sendable {
    var allowUnlisted: Bool?
    var denyAction: IPSecurityModel.DenyAction?
    var entries: [CollectionEdit<IPSecurityModel.Entry>] = []
}

/// Reads `<ipSecurity allowUnlisted denyAction>` and its `<add ipAddress subnetMask allowed/>`
/// entries (`<remove>` and `<clear/>` as in every collection). `subnetMask` is a mask
/// (`255.255.0.0`) or a prefix length (`16`); absent, the address alone. Entries by `domainName`
/// need reverse DNS, which isapi-bridge does not do: an error, so that a deny is never silently lost.
struct IPSecurityReader {
    let log: DiagnosticLog

    func read(_ element: ConfigElement) -> IPSecurityEdits {
        var edits = IPSecurityEdits()
        edits.allowUnlisted = log.boolean(element, "allowUnlisted")
        if let raw = element.attributes["denyAction"] {
            switch raw.lowercased() {
            case "forbidden": edits.denyAction = .forbidden
            case "notfound": edits.denyAction = .notFound
            case "unauthorized": edits.denyAction = .unauthorized
            case "abortrequest": edits.denyAction = .abortRequest
            default: log.invalid(element, "denyAction", raw, expected: "must be Forbidden, NotFound, Unauthorized or AbortRequest")
            }
        }
        if log.boolean(element, "enableReverseDns") == true {
            log.warning(element.line, "<ipSecurity enableReverseDns=\"true\">: isapi-bridge does not look client names up; only address entries apply")
        }
        for child in element.children {
            switch child.name {
            case "add":
                if let domain = child.attributes["domainName"], !domain.isEmpty {
                    log.error(child.line, "<ipSecurity><add domainName=\"\(domain)\">: entries by domain name need reverse DNS, which isapi-bridge does not do; use ipAddress and subnetMask")
                    continue
                }
                guard let raw = log.required(child, "ipAddress") else { continue }
                guard let address = IPAddressText.bytes(raw) else {
                    log.invalid(child, "ipAddress", raw, expected: "must be an IPv4 or IPv6 address")
                    continue
                }
                guard let mask = mask(child, length: address.count) else { continue }
                let entry = IPSecurityModel.Entry(address: address, mask: mask, allowed: log.boolean(child, "allowed") ?? false, line: child.line)
                edits.entries.append(.add(entry, name: Self.key(child), line: child.line))
            case "remove":
                edits.entries.append(.remove(name: Self.key(child), line: child.line))
            case "clear":
                edits.entries.append(.clear)
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return edits
    }

    /// IIS keys the collection by address, mask and domain name together.
    static func key(_ element: ConfigElement) -> String {
        ["ipAddress", "subnetMask", "domainName"].map { (element.attributes[$0] ?? "").lowercased() }.joined(separator: "|")
    }

    private func mask(_ element: ConfigElement, length: Int) -> [UInt8]? {
        guard let raw = element.attributes["subnetMask"], !raw.isEmpty else { return [UInt8](repeating: 0xFF, count: length) }
        if let bits = Int(raw), bits >= 0, bits <= length * 8 {
            return (0..<length).map { index in
                let remaining = bits - index * 8
                return remaining >= 8 ? 0xFF : remaining <= 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - remaining))
            }
        }
        if let bytes = IPAddressText.bytes(raw), bytes.count == length { return bytes }
        log.invalid(element, "subnetMask", raw, expected: "must be a mask of the address's family (255.255.255.0) or a prefix length (24)")
        return nil
    }
}

/// Merges `IPSecurityEdits` level by level.
struct IPSecurityMerge {
    private var model = IPSecurityModel()
    private var entries = CollectionMerge<IPSecurityModel.Entry>()

    mutating func apply(_ edits: IPSecurityEdits?, report: (ConfigDiagnostic.Severity, Int, String) -> Void) {
        guard let edits else { return }
        if let value = edits.allowUnlisted { model.allowUnlisted = value }
        if let value = edits.denyAction { model.denyAction = value }
        entries.apply(edits.entries, collection: "ipSecurity", report: report)
    }

    var result: IPSecurityModel {
        var result = model
        result.entries = entries.values
        return result
    }
}
