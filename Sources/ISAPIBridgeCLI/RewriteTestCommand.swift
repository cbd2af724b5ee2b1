import ArgumentParser
import Config
import Rewrite
import SiteAssembly

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `isapi-bridge rewrite-test`: evaluate rewrite rules offline, in IIRF's TestDriver environment
/// (host www.example.com, port 80, HTTPS off, physical path c:\files\docroot?). The work is done by
/// `RewriteTester` in the Rewrite target; this only parses arguments and sets the exit status.
struct RewriteTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite-test",
        abstract: "Evaluate URL-rewrite rules offline and print the outcome for each URL or test case.",
        discussion: """
            Each URL prints as '<url> -> <outcome>': the rewritten URL, NO REWRITE, REDIRECT <code> <target>, \
            FORBIDDEN, NOT FOUND, STATUS ... With --cases, each line of an IIRF SampleUrls.txt file \
            ('<url> <expected outcome>') prints OK or ERROR, then 'N passed, M failed'; the exit status \
            is non-zero when a case fails.
            """
    )

    @Option(help: "The rules file (IIRF.ini, mod_rewrite directives, or for iis an applicationHost.config or web.config).")
    var rules: String

    @Option(help: "Rule dialect: iirf, mod_rewrite or iis (the IIS URL Rewrite module's <rewrite> rules).")
    var dialect = "iirf"

    @Option(help: "With --dialect iis and an applicationHost.config: the site whose rules to use (default: the first with rules).")
    var site: String?

    @Option(help: "A case file in IIRF's SampleUrls.txt format.")
    var cases: String?

    @Argument(help: "URLs to evaluate (paths with an optional query, or absolute http(s) URLs).")
    var urls: [String] = []

    func validate() throws {
        guard Dialect(name: dialect) != nil else {
            throw ValidationError("--dialect must be iirf, mod_rewrite or iis, not '\(dialect)'")
        }
        guard access(rules, R_OK) == 0 else { throw ValidationError("cannot read the rules file '\(rules)'") }
        if let cases, access(cases, R_OK) != 0 { throw ValidationError("cannot read the case file '\(cases)'") }
        guard cases != nil || !urls.isEmpty else { throw ValidationError("give URLs to evaluate, or --cases FILE") }
    }

    func run() throws {
        let tester = try makeTester()
        guard let cases else {
            let report = tester.run(urls: urls)
            print(report.text, terminator: "")
            if !report.succeeded { throw ExitCode(1) }
            return
        }
        if !urls.isEmpty {
            // URLs given next to --cases are printed first, without a summary of their own.
            for line in tester.run(urls: urls).lines where !line.hasPrefix("warning:") { print(line) }
        }
        let report = tester.run(casesFile: cases)
        print(report.text, terminator: "")
        if !report.succeeded { throw ExitCode(1) }
    }

    private func makeTester() throws -> RewriteTester {
        let chosen = Dialect(name: dialect)!
        guard chosen == .iis else { return RewriteTester(rulesFile: rules, dialect: chosen) }
        do {
            let sections = try URLRewriteConfigFile.sections(file: rules, site: site)
            return RewriteTester(rules: RuleSet.compileIIS(sections: sections), rulesName: rules)
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic) }
            throw ExitCode(1)
        }
    }
}
