/// One `security/authorization` rule (IIS URL Authorization): who (`users`, `roles`) may or may
/// not use which methods (`verbs`, empty for all).
public struct AuthorizationRule: Sendable, Equatable {
    public var allow: Bool
    /// Names, `*` (everyone) or `?` (anonymous); compared ignoring case.
    public var users: [String]
    /// Role names: isapi-bridge has no role source, so a role never matches (docs/configuration.md).
    public var roles: [String]
    /// Upper-cased methods; empty: every method.
    public var verbs: [String]
    /// 0 for the server level, 1 for the site's `<location>`: parent rules are evaluated first.
    public var level: Int
    public var line: Int

    public init(allow: Bool, users: [String], roles: [String] = [], verbs: [String] = [], level: Int = 0, line: Int = 0) {
        self.allow = allow
        self.users = users
        self.roles = roles
        self.verbs = verbs
        self.level = level
        self.line = line
    }

    /// IIS's default and the rule every IIS Express file starts with: `allow users="*"`.
    public var allowsEveryone: Bool { allow && users == ["*"] && verbs.isEmpty }
}
