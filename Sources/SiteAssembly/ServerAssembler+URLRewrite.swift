import Config
import Pipeline
import Rewrite

extension ServerAssembler {
    /// The rewrite filter for a site's IIS URL Rewrite rules (`<rewrite><rules>` and
    /// `<globalRules>`), or nil when it has none. As in IIS, the rules run only where
    /// `RewriteModule` is in `<modules>`; the rules' compile warnings join the configuration's.
    func urlRewriteFilter(for site: SiteModel, _ problems: inout AssemblyLog) -> FilterRegistration? {
        let sections = site.urlRewrite.filter { !$0.rules.isEmpty || !$0.globalRules.isEmpty }
        guard let first = sections.first else { return nil }
        guard site.modules.contains(where: { $0.name == "RewriteModule" }) else {
            problems.warning(file: first.file, first.line,
                             "site '\(site.name)': <rewrite> rules do not run without RewriteModule in <modules> (as in IIS); add <add name=\"RewriteModule\"/>")
            return nil
        }
        let rules = RuleSet.compileIIS(URLRewriteScopes.scopes(for: sections))
        for warning in rules.warnings {
            problems.warning(file: warning.file, warning.line, "rewrite rules: \(warning.message)")
        }
        guard rules.ruleCount > 0 else { return nil }
        do {
            let filter = RewriteFilter(rules: ReloadingRuleSet(fixed: rules, name: "<rewrite> of site '\(site.name)'"))
            return try FilterRegistration(name: "URLRewrite", filter: filter, isGlobal: false)
        } catch {
            problems.error(first.line, "site '\(site.name)': \(error)")
            return nil
        }
    }
}
