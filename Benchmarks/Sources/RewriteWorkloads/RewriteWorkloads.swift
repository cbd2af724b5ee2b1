import Rewrite

/// The rule sets and URLs the rewrite benchmarks evaluate, shared by the ordo-one suite and the
/// ContinuousClock runner so both time identical work.
public enum RewriteWorkloads {
    /// `<repo>/../shared/conformance/iirf`, where IIRF's test corpus lives.
    public static let corpus: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(5)  // RewriteWorkloads.swift, RewriteWorkloads, Sources, Benchmarks, <repo>
        return parts.joined(separator: "/") + "/shared/conformance/iirf"
    }()

    /// IIRF's Zevallos sample: a real site's rules (15 RewriteRules, 5 of them duplicates IIRF drops).
    public static func zevallos() -> RuleSet {
        let rules = RuleSet.load(path: corpus + "/Zevallos/IIRF.ini", dialect: .iirf)
        precondition(rules.ruleCount > 0, "cannot read the Zevallos rules under \(corpus)")
        return rules
    }

    /// The six URLs of Zevallos/SampleUrls.txt and four that no rule rewrites.
    public static let zevallosURLs = [
        "/Library/bbrasil.gif", "/imagens/logo.gif", "/noticias/2000/abr/7/", "/stj/2000/abr/10/",
        "/stj/2000/abr/28/", "/imagens/loteria.gif",
        "/", "/index.html", "/2007/6/11/direto_do_plenario", "/css/site.css?v=3",
    ]

    /// `count` IIRF rules like a large site's: `^/sectionN/(\d+)/([a-z-]+)$ /sN.aspx?id=$1&slug=$2 [L]`.
    public static func generated(count: Int = 1_000, dialect: Dialect = .iirf) -> RuleSet {
        var text = dialect == .modRewrite ? "RewriteEngine On\n" : ""
        for index in 1...count {
            text += "RewriteRule ^/section\(index)/(\\d+)/([a-z-]+)$ /s\(index).aspx?id=$1&slug=$2 [L]\n"
        }
        let rules = RuleSet.parse(text, dialect: dialect, file: "generated-\(count).ini")
        precondition(rules.ruleCount == count && rules.warnings.isEmpty)
        return rules
    }

    /// `count` mod_rewrite rules that give the evaluator's literal-prefix check nothing to skip on:
    /// `^/[a-z]+/pageN\.html$ /pages.php?id=N [L]`. Every rule goes to PCRE2 for every URL: the worst
    /// case for a URL that matches none.
    public static func generatedWithoutPrefix(count: Int = 1_000) -> RuleSet {
        var text = "RewriteEngine On\n"
        for index in 1...count {
            text += "RewriteRule ^/[a-z]+/page\(index)\\.html$ /pages.php?id=\(index) [L]\n"
        }
        let rules = RuleSet.parse(text, dialect: .modRewrite, file: "generated-no-prefix-\(count).conf")
        precondition(rules.ruleCount == count && rules.warnings.isEmpty)
        return rules
    }

    /// URLs for the generated set: matching the first, the middle and the last rule, and none
    /// (every pattern tried, the worst case).
    public static func generatedURLs(count: Int = 1_000) -> [String] {
        ["/section1/42/hello-world", "/section\(count / 2)/7/a-b", "/section\(count)/123456/last-one", "/about/team"]
    }

    public static func requests(_ urls: [String]) -> [RewriteRequest] {
        urls.map { RewriteRequest(target: $0, decodeURL: false) }
    }
}

/// A fixed request environment whose answers are string literals, so looking a variable up does not
/// allocate (a real server's variables would).
public struct FixedEnvironment: RewriteEnvironment {
    public init() {}

    public func serverVariable(_ name: String) -> String? {
        switch name {
        case "QUERY_STRING": ""
        case "HTTPS": "off"
        case "HTTP_HOST", "SERVER_NAME": "www.example.com"
        case "SERVER_PORT": "80"
        default: nil
        }
    }

    public func requestHeader(_ name: String) -> String? { name == "Host:" ? "www.example.com" : nil }
}
