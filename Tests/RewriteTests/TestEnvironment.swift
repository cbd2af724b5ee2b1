import Foundation
import TestSupport
@testable import Rewrite

/// A request's surroundings for engine tests: server variables, headers, files and a fixed clock.
final class TestEnvironment: RewriteEnvironment {
    var variables: [String: String] = [
        "HTTPS": "off", "SERVER_NAME": "example.test", "SERVER_PORT": "80", "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "192.0.2.1", "LOCAL_ADDR": "192.0.2.2",
        "DOCUMENT_ROOT": "/srv/site",
    ]
    /// Keys in filter-API form, lower-cased: `host:`, `url`.
    var headers: [String: String] = ["host:": "example.test"]
    var files: [String: FileKind] = [:]
    var environment: [String: String] = [:]
    var headerWrites: [(String, String)] = []
    var now = 1_700_000_000  // 2023-11-14 22:13:20 UTC

    init(host: String = "example.test", https: Bool = false, port: Int? = nil) {
        headers["host:"] = port.map { "\(host):\($0)" } ?? host
        variables["HTTPS"] = https ? "on" : "off"
        variables["SERVER_PORT"] = String(port ?? (https ? 443 : 80))
    }

    /// Like IIS: `HTTP_X_Y` is the request header `X-Y`.
    func serverVariable(_ name: String) -> String? {
        let upper = name.uppercased()
        if let value = variables[upper] { return value }
        guard upper.hasPrefix("HTTP_") else { return nil }
        let header = upper.dropFirst(5).replacingOccurrences(of: "_", with: "-").lowercased() + ":"
        return headers[header]
    }
    func requestHeader(_ name: String) -> String? { headers[name.lowercased()] }
    func setRequestHeader(_ name: String, _ value: String) {
        headerWrites.append((name, value))
        headers[name.lowercased()] = value
    }
    func fileKind(atPath path: String, followingLinks: Bool) -> FileKind { files[path] ?? .missing }
    func environmentVariable(_ name: String) -> String? { environment[name] }
    func currentTime() -> Int { now }
}

/// Evaluates `rules` for `url` and returns the decision and the result URL.
func evaluate(_ rules: RuleSet, _ url: String, _ environment: TestEnvironment = TestEnvironment(),
              decode: Bool = false) -> (RewriteDecision, String) {
    let evaluator = RewriteEvaluator()
    let decision = evaluator.evaluate(rules, request: RewriteRequest(target: url, decodeURL: decode), environment: environment)
    return (decision, evaluator.resultURL)
}

func modRewrite(_ text: String, file: String = "/virtual/httpd.conf") -> RuleSet {
    RuleSet.parse("RewriteEngine On\n" + text, dialect: .modRewrite, file: file)
}

func iirf(_ text: String, file: String = "/virtual/IIRF.ini") -> RuleSet {
    RuleSet.parse(text, dialect: .iirf, file: file)
}

/// A scratch directory for map and rules files (removed with the test process's scratch root).
func temporaryDirectory() throws -> URL {
    URL(fileURLWithPath: try ScratchDirectory.make("rewrite-tests"))
}
