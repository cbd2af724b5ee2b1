/// The authenticated user (`IHttpUser`); nil on the context until authentication sets one.
public struct HttpUser: Sendable, Equatable {
    public var name: String
    /// `AUTH_TYPE`, e.g. `Basic`; empty for anonymous.
    public var authenticationType: String
    /// `AUTH_PASSWORD` (Basic only).
    public var password: String

    public init(name: String, authenticationType: String = "", password: String = "") {
        self.name = name
        self.authenticationType = authenticationType
        self.password = password
    }
}
