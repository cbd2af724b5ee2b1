import Foundation
import Pipeline

/// `security/authentication` of one site: IIS's AnonymousAuthenticationModule and
/// BasicAuthenticationModule, in AuthenticateRequest (priority LAST, so that filters' AUTHENTICATION
/// and other modules come first). Basic credentials are checked against the site's `UserFile`; a
/// wrong password gets 401.1, a request with no user where anonymous access is off gets 401.2, both
/// with `WWW-Authenticate: Basic` when basic is enabled. A user taken from an `Authorization: Basic`
/// header is trusted only when basic authentication is enabled and the password checks.
public final class SiteAuthenticationModule: HttpModule, Sendable {
    public static let name = "SiteAuthentication"
    let anonymousEnabled: Bool
    let basicRealm: String
    let users: UserFile?

    init(anonymousEnabled: Bool, basicRealm: String, users: UserFile?) {
        self.anonymousEnabled = anonymousEnabled
        self.basicRealm = basicRealm
        self.users = users
    }

    /// A checked Basic user. A filter may have mapped the name (AUTHENTICATION); its choice stays.
    private func admit(_ context: HttpContext, _ user: String) -> NotificationStatus {
        if context.user == nil || context.user!.isAnonymous || context.user!.authenticationType != "Basic" {
            context.user = HttpUser(name: user, authenticationType: "Basic")
        }
        context.user?.password = ""
        return .continue
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.authenticateRequest, isPost: false) else { return .continue }
        if let users, let credentials = Self.basicCredentials(context.request.headers["Authorization"]) {
            func checked(_ valid: Bool) -> NotificationStatus {
                guard valid else {
                    context.user = nil
                    return deny(context, subStatus: 1, "Logon failed: the user name or password is wrong.")
                }
                users.recentlyVerified.remember(user: credentials.user, password: credentials.password)
                return admit(context, credentials.user)
            }
            if users.recentlyVerified.contains(user: credentials.user, password: credentials.password) {
                return admit(context, credentials.user)
            }
            guard context.mayPark else { return checked(users.verify(user: credentials.user, password: credentials.password)) }
            // crypt(3) takes milliseconds (bcrypt tens of them): on the blocking-call pool, with the
            // request waiting as a pooled filter's does, not on the event loop.
            return context.runSuspendable(notification) { finish in
                let accepted = context.runParked(name: Self.name) {
                    users.verify(user: credentials.user, password: credentials.password)
                } then: { valid in
                    finish { checked(valid) }
                }
                if !accepted {
                    context.answerPoolSaturated(by: Self.name)
                    finish { .finishRequest }
                }
            }
        }
        // Without a checked Basic header, a Basic user can only come from the unchecked header.
        if let user = context.user, user.authenticationType == "Basic" { context.user = nil }
        if let user = context.user, !user.isAnonymous { return .continue }
        if anonymousEnabled { return .continue }
        return deny(context, subStatus: 2, "This site does not allow anonymous access; send credentials.")
    }

    private func deny(_ context: HttpContext, subStatus: Int, _ message: String) -> NotificationStatus {
        let response = context.response
        response.clear()
        response.setStatus(401, subStatus: subStatus)
        if users != nil {
            let realm = basicRealm.isEmpty ? (context.request.headers["Host"] ?? "isapi-bridge") : basicRealm
            response.headers.set("WWW-Authenticate", "Basic realm=\"\(realm.replacingOccurrences(of: "\"", with: ""))\"")
        }
        response.headers.set("Content-Type", "text/plain; charset=utf-8")
        response.write("401 Unauthorized: \(message)\n")
        return .finishRequest
    }

    /// The user and password of `Basic <base64>`; nil for another scheme or a malformed value.
    static func basicCredentials(_ header: String?) -> (user: String, password: String)? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
