import Config
import Pipeline

/// `security/authorization` (IIS's UrlAuthorizationModule), in AuthorizeRequest. Rules are
/// evaluated as IIS URL Authorization does, so that a lower level cannot undo a deny above it: every
/// deny rule first (the server level's, then the site's), then the allow rules in the same order; the
/// first rule that matches the user and the method decides, and no match denies. An anonymous user who is denied gets 401.2 (with the Basic challenge when basic
/// authentication is enabled, so the client can log on); an authenticated one gets 403.
final class URLAuthorizationModule: HttpModule, Sendable {
    static let name = "UrlAuthorizationModule"
    let rules: [AuthorizationRule]
    let basicRealm: String?

    init(rules: [AuthorizationRule], basicRealm: String?) {
        self.rules = rules.enumerated().sorted { a, b in
            if a.element.allow != b.element.allow { return !a.element.allow }
            if a.element.level != b.element.level { return a.element.level < b.element.level }
            return a.offset < b.offset
        }.map(\.element)
        self.basicRealm = basicRealm
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.authorizeRequest, isPost: false) else { return .continue }
        let user = context.user ?? .anonymous
        if allows(user: user, method: context.request.method) { return .continue }
        let response = context.response
        response.clear()
        response.headers.set("Content-Type", "text/plain; charset=utf-8")
        if user.isAnonymous {
            response.setStatus(401, subStatus: 2)
            if let basicRealm {
                let realm = basicRealm.isEmpty ? (context.request.headers["Host"] ?? "isapi-bridge") : basicRealm
                response.headers.set("WWW-Authenticate", "Basic realm=\"\(realm.replacingOccurrences(of: "\"", with: ""))\"")
            }
            response.write("401 Unauthorized: <authorization> does not allow anonymous access here; send credentials.\n")
        } else {
            response.setStatus(403)
            response.write("403 Forbidden: <authorization> does not allow this user here.\n")
        }
        return .finishRequest
    }

    func allows(user: HttpUser, method: String) -> Bool {
        for rule in rules where rule.verbs.isEmpty || rule.verbs.contains(method.uppercased()) {
            let matches = rule.users.contains { name in
                name == "*" || (name == "?" && user.isAnonymous) || (!user.isAnonymous && name.lowercased() == user.name.lowercased())
            }
            if matches { return rule.allow }
        }
        return false
    }
}
