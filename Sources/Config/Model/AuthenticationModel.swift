/// `system.webServer/security/authentication` for one site, after the server level and the site's
/// `<location>`. Anonymous and basic authentication run; the Windows-only schemes cannot, and a
/// site that enables one does not start unless `--allow-unavailable-authentication` is given.
public struct AuthenticationModel: Sendable, Equatable {
    /// `anonymousAuthentication/@enabled` (IIS default true).
    public var anonymousEnabled = true
    /// `basicAuthentication/@enabled` (IIS default false).
    public var basicEnabled = false
    /// `basicAuthentication/@realm`; empty: the Host of the request, as IIS does.
    public var basicRealm = ""
    /// isapi-bridge extension `basicAuthentication/@userFile`: an htpasswd-style file of
    /// `user:crypt-hash` lines (absolute path). IIS checks Windows accounts instead.
    public var basicUserFile: String?
    public var basicLine = 0
    /// Enabled schemes isapi-bridge cannot provide (`windowsAuthentication`, `digestAuthentication`, ...).
    public var unavailableSchemes: [EnabledScheme] = []

    public init() {}

    public struct EnabledScheme: Sendable, Equatable {
        public var element: String
        public var line: Int
    }

    /// The schemes a client can use here, for `check`.
    public var summary: String {
        var parts: [String] = []
        if anonymousEnabled { parts.append("anonymous") }
        if basicEnabled { parts.append("basic (users: \(basicUserFile ?? "none"))") }
        for scheme in unavailableSchemes { parts.append("\(scheme.element) (not available: not offered)") }
        return parts.isEmpty ? "none enabled: every request gets 401" : parts.joined(separator: ", ")
    }
}
