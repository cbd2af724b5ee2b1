/// The authenticated user (`IHttpUser`); nil on the context until authentication sets one.
public struct HttpUser: Sendable, Equatable {
    public var name: String
    /// `AUTH_TYPE`, e.g. `Basic`; empty for anonymous.
    public var authenticationType: String
    /// `AUTH_PASSWORD` (Basic only).
    public var password: String

    /// The user of a request no one authenticated: empty name, empty authentication type.
    public static let anonymous = HttpUser(name: "")

    /// True for `anonymous` (an empty user name).
    public var isAnonymous: Bool { name.isEmpty }

    public init(name: String, authenticationType: String = "", password: String = "") {
        self.name = name
        self.authenticationType = authenticationType
        self.password = password
    }
}
