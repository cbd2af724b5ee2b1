/// Reads `<reverseProxy>` (docs/reverse-proxy.md): attributes, then `<webFarm>` children.
struct ReverseProxyReader {
    let log: DiagnosticLog

    static let attributes: Set<String> = [
        "connectTimeout", "timeout", "forwardedHost", "preserveHostHeader", "failureBackoff", "maxIdleConnections",
        "upstreamCertificateAuthorities",
    ]

    func read(_ element: ConfigElement) -> ReverseProxyEdits {
        var edits = ReverseProxyEdits()
        edits.connectTimeout = timeSpan(element, "connectTimeout")
        edits.timeout = timeSpan(element, "timeout")
        edits.failureBackoff = timeSpan(element, "failureBackoff")
        edits.forwardedHost = log.boolean(element, "forwardedHost")
        edits.preserveHostHeader = log.boolean(element, "preserveHostHeader")
        if let raw = element.attributes["maxIdleConnections"] {
            if let value = Int(raw), (0...1024).contains(value) {
                edits.maxIdleConnections = value
            } else {
                log.invalid(element, "maxIdleConnections", raw, expected: "must be a number from 0 to 1024")
            }
        }
        if let raw = element.attributes["upstreamCertificateAuthorities"] {
            let path = raw.trimmingCharacters(in: .whitespaces)
            if path.isEmpty {
                log.invalid(element, "upstreamCertificateAuthorities", raw, expected: "must be the path of a PEM file")
            } else {
                edits.upstreamCertificateAuthorities = path
            }
        }
        for attribute in element.attributes.keys.sorted() where !Self.attributes.contains(attribute) {
            log.warning(element.line, "unknown attribute '\(attribute)' in <reverseProxy>; ignored")
        }
        for child in element.children {
            guard child.name == "webFarm" else {
                log.unknownElement(child, in: "reverseProxy")
                continue
            }
            if let farm = webFarm(child) { edits.webFarms.append(farm) }
        }
        return edits
    }

    private func webFarm(_ element: ConfigElement) -> WebFarmModel? {
        guard let name = log.required(element, "name") else { return nil }
        var servers: [String] = []
        for child in element.children {
            guard child.name == "server" else {
                log.unknownElement(child, in: "webFarm")
                continue
            }
            guard let address = log.required(child, "address") else { continue }
            guard Self.isAddress(address) else {
                log.invalid(child, "address", address, expected: "must be host, host:port or [v6]:port")
                continue
            }
            servers.append(address)
        }
        guard !servers.isEmpty else {
            log.error(element.line, "<webFarm name=\"\(name)\"> has no <server address=\"host:port\"/>; add one")
            return nil
        }
        return WebFarmModel(name: name, servers: servers, line: element.line)
    }

    /// A timeout of at least a millisecond: `hh:mm:ss` as IIS writes time spans, or whole seconds.
    private func timeSpan(_ element: ConfigElement, _ attribute: String) -> Duration? {
        guard let raw = element.attributes[attribute] else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        let value = Int(text).map { Duration.seconds($0) } ?? LimitsReader.parseTimeSpan(text)
        guard let value, value >= .milliseconds(1) else {
            log.invalid(element, attribute, raw, expected: "must be a time span hh:mm:ss (e.g. 00:00:30) or a number of seconds, above zero")
            return nil
        }
        return value
    }

    /// `host`, `host:port` or `[v6]:port` with a port from 1 to 65535.
    static func isAddress(_ text: String) -> Bool {
        var host = Substring(text)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return false }
                port = rest.dropFirst()
            }
        } else if let colon = host.lastIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        if let port { guard let number = Int(port), (1...65535).contains(number) else { return false } }
        return !host.isEmpty && !host.contains(where: { $0 == " " || $0 == "/" })
    }
}
