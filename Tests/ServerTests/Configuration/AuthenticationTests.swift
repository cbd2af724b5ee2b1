import Config
import Foundation
import Server
import SiteAssembly
import TestSupport
import Testing

/// `alice:wonderland` as `mkpasswd -m sha-512` (or `openssl passwd -6`) writes it.
private let userFile = """
# isapi-bridge basicAuthentication userFile
alice:$6$isapisalt$7NbgVxXFp6A2NEQSBblVxc0V8..tIDjJT.Opooe4yXpJw2iforaSnqdSloQeQkMul0MnL3.kOZrHg2EcJ0jXX1

"""

private func site(_ authentication: String, authorization: String = "") -> String {
    """
    <configuration>
      <system.applicationHost><sites>
        <site name="Shop" id="3">
          <application path="/"><virtualDirectory path="/" physicalPath="site"/></application>
          <bindings><binding protocol="http" bindingInformation="127.0.0.1:8080:"/></bindings>
        </site>
      </sites></system.applicationHost>
      <system.webServer>
        <modules><add name="StaticFileModule"/><add name="AnonymousAuthenticationModule"/><add name="BasicAuthenticationModule"/><add name="UrlAuthorizationModule"/></modules>
        <security><authorization><add accessType="Allow" users="*"/></authorization></security>
      </system.webServer>
      <location path="Shop">
        <system.webServer><security><authentication>\(authentication)</authentication>\(authorization)</security></system.webServer>
      </location>
    </configuration>
    """
}

private func basic(_ user: String, _ password: String) -> String {
    "Authorization: Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
}

/// Serves `xml` (with `users.htpasswd` beside it) and hands a connected client to `body`.
private func serving(_ xml: String, _ body: (TestClient) throws -> Void) async throws {
    let directory = try TemporaryConfig.directory()
    try Data(userFile.utf8).write(to: URL(fileURLWithPath: directory + "/users.htpasswd"))
    try await servingConfig(xml, in: directory, body)
}

@Suite("security/authentication over loopback", .serialized)
struct AuthenticationTests {
    @Test func basicOnlyAsksForCredentialsAndChecksThem() async throws {
        let closed = site("<anonymousAuthentication enabled=\"false\"/><basicAuthentication enabled=\"true\" realm=\"Shop\" userFile=\"users.htpasswd\"/>")
        try await serving(closed) { client in
            let none = try client.get("/", host: "shop.test")
            #expect(none.status == 401)
            #expect(none.header("WWW-Authenticate") == "Basic realm=\"Shop\"")
            #expect(none.text == "401 Unauthorized: This site does not allow anonymous access; send credentials.\n")
            let wrong = try client.get("/", headers: [basic("alice", "looking-glass")], host: "shop.test")
            #expect(wrong.status == 401)
            #expect(wrong.text == "401 Unauthorized: Logon failed: the user name or password is wrong.\n")
            let unknown = try client.get("/", headers: [basic("mallory", "wonderland")], host: "shop.test")
            #expect(unknown.status == 401)
            let right = try client.get("/", headers: [basic("Alice", "wonderland")], host: "shop.test")
            #expect(right.status == 200)
            #expect(right.text == "<h1>home</h1>\n")
        }
    }

    @Test func anonymousAndBasicTogetherServeAnonymousButRefuseWrongPasswords() async throws {
        let both = site("<anonymousAuthentication enabled=\"true\"/><basicAuthentication enabled=\"true\" userFile=\"users.htpasswd\"/>")
        try await serving(both) { client in
            #expect(try client.get("/", host: "shop.test").status == 200)
            let wrong = try client.get("/", headers: [basic("alice", "nope")], host: "shop.test")
            #expect(wrong.status == 401)
            #expect(wrong.header("WWW-Authenticate") == "Basic realm=\"shop.test\"", "the realm defaults to the Host")
            #expect(try client.get("/", headers: [basic("alice", "wonderland")], host: "shop.test").status == 200)
        }
    }

    /// With basic authentication off, an Authorization header proves nothing: the site stays closed.
    @Test func aClosedSiteWithoutBasicNeverTrustsAnAuthorizationHeader() async throws {
        try await serving(site("<anonymousAuthentication enabled=\"false\"/>")) { client in
            let response = try client.get("/", headers: [basic("alice", "wonderland")], host: "shop.test")
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate") == nil)
        }
    }

    @Test func aBadUserFileIsAnErrorNamingTheLine() throws {
        let directory = try TemporaryConfig.directory()
        try Data("alice:$apr1$abc$def\n".utf8).write(to: URL(fileURLWithPath: directory + "/users.htpasswd"))
        let model = try TemporaryConfig.model(site("<basicAuthentication enabled=\"true\" userFile=\"users.htpasswd\"/>"), in: directory)
        do {
            _ = try ServerAssembler().assemble(model)
            Issue.record("an $apr1$ hash must be refused")
        } catch {
            #expect(error.errors.first?.message.contains("users.htpasswd\">: line 1: the hash of 'alice' is not one crypt(3) checks") == true,
                    "\(error)")
        }
    }

    @Test func authorizationDeniesAnonymousUsersAndChecksVerbs() async throws {
        let xml = site("<anonymousAuthentication enabled=\"true\"/><basicAuthentication enabled=\"true\" userFile=\"users.htpasswd\"/>",
                       authorization: "<authorization><add accessType=\"Deny\" users=\"?\"/><add accessType=\"Deny\" users=\"*\" verbs=\"DELETE\"/></authorization>")
        try await serving(xml) { (client: TestClient) throws in
            let anonymous = try client.get("/", host: "shop.test")
            #expect(anonymous.status == 401)
            #expect(anonymous.header("WWW-Authenticate") == "Basic realm=\"shop.test\"")
            #expect(try client.get("/", headers: [basic("alice", "wonderland")], host: "shop.test").status == 200)
            let delete = try client.get("/", headers: [basic("alice", "wonderland")], method: "DELETE", host: "shop.test")
            #expect(delete.status == 403)
            #expect(delete.text == "403 Forbidden: <authorization> does not allow this user here.\n")
        }
    }

    /// As IIS URL Authorization: deny rules come first, so `deny *` wins over an allow written above
    /// it; and a forged Basic header never makes a user when basic is off.
    @Test func denyRulesComeFirstAndForgedUsersDoNotCount() async throws {
        let xml = site("<anonymousAuthentication enabled=\"true\"/>",
                       authorization: "<authorization><clear/><add accessType=\"Allow\" users=\"alice\"/><add accessType=\"Deny\" users=\"*\"/></authorization>")
        try await serving(xml) { (client: TestClient) throws in
            #expect(try client.get("/", headers: [basic("alice", "wonderland")], host: "shop.test").status == 401)
            #expect(try client.get("/", host: "shop.test").status == 401)
        }
    }
}
