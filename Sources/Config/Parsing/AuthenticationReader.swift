/// What one level says in `<security><authentication>`: each attribute it sets, applied onto the
/// level above.
struct AuthenticationEdits: Sendable {
    var anonymousEnabled: Bool?
    var basicEnabled: Bool?
    var basicRealm: String?
    var basicUserFile: String?
    var basicLine: Int?
    /// Windows-only schemes by element name: enabled or not, and where.
    var schemes: [(element: String, enabled: Bool, line: Int)] = []

    func apply(to model: inout AuthenticationModel) {
        if let anonymousEnabled { model.anonymousEnabled = anonymousEnabled }
        if let basicEnabled { model.basicEnabled = basicEnabled }
        if let basicRealm { model.basicRealm = basicRealm }
        if let basicUserFile { model.basicUserFile = basicUserFile }
        if let basicLine { model.basicLine = basicLine }
        for scheme in schemes {
            model.unavailableSchemes.removeAll { $0.element == scheme.element }
            if scheme.enabled { model.unavailableSchemes.append(.init(element: scheme.element, line: scheme.line)) }
        }
    }
}

/// Reads `<security><authentication>`: anonymous and basic (with isapi-bridge's `userFile`), and
/// the schemes that have no Linux meaning, whose `enabled` is remembered so that a site relying on
/// one refuses to start rather than run open.
struct AuthenticationReader {
    let log: DiagnosticLog
    let paths: PathResolution

    static let unavailableSchemes: Set<String> = [
        "windowsAuthentication", "digestAuthentication", "clientCertificateMappingAuthentication",
        "iisClientCertificateMappingAuthentication",
    ]

    func read(_ element: ConfigElement) -> AuthenticationEdits {
        var edits = AuthenticationEdits()
        for child in element.children {
            switch child.name {
            case "anonymousAuthentication":
                edits.anonymousEnabled = log.boolean(child, "enabled")
                if let user = child.attributes["userName"], !user.isEmpty {
                    log.note(PortingNote(.windowsOnly, feature: "anonymous user accounts", item: "anonymousAuthentication userName=\"\(user)\"",
                                         consequence: "anonymous requests run as isapi-bridge's own process user", line: child.line))
                }
            case "basicAuthentication":
                edits.basicEnabled = log.boolean(child, "enabled")
                edits.basicLine = child.line
                edits.basicRealm = child.attributes["realm"]
                if let raw = child.attributes["userFile"] {
                    switch paths.resolve(raw) {
                    case .success(let file): edits.basicUserFile = file
                    case .failure(.unmappedWindowsPath(let windows)):
                        log.invalid(child, "userFile", raw, expected: PathResolution.unmappedHint(windows))
                    case .failure(.undefinedVariable(let name)):
                        log.invalid(child, "userFile", raw, expected: "the environment variable %\(name)% is not set; set it or write the path out")
                    }
                }
            case let name where Self.unavailableSchemes.contains(name):
                if let enabled = log.boolean(child, "enabled") { edits.schemes.append((name, enabled, child.line)) }
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return edits
    }
}
