import Config
import Logging
import Pipeline
import Rewrite

extension ServerAssembler {
    /// The section modules every pipeline gets: those of `PipelineOptions.sectionModules`, and the
    /// IIS URL Rewrite module's for `<rewrite>` unless the options bring their own.
    var sectionModuleEntries: [CustomSectionModule] {
        let entries = options.sectionModules
        return entries.contains { $0.section == URLRewriteSections.section } ? entries : entries + [URLRewriteSections.module(logger: options.logger)]
    }

    /// The site level's IIS URL Rewrite rules checked at load: their compile warnings join the
    /// configuration's (so `check` counts them), and rules without `RewriteModule` in `<modules>`
    /// are a warning, as they do nothing there (as in IIS).
    func checkURLRewrite(for site: SiteModel, _ problems: inout AssemblyLog) {
        let sections = URLRewriteSections.sections(of: site)
        guard let first = sections.first(where: { $0.hasInboundRules || !$0.outbound.rules.isEmpty }) else { return }
        guard URLRewriteSections.isEnabled(in: site) else {
            problems.warning(file: first.file, first.line,
                             "site '\(site.name)': <rewrite> rules do not run without RewriteModule in <modules> (as in IIS); add <add name=\"RewriteModule\"/>")
            return
        }
        for warning in RuleSet.compileIIS(sections: sections).warnings + OutboundRuleSet.compile(sections).warnings {
            problems.warning(file: warning.file, warning.line, "rewrite rules: \(warning.message)")
        }
    }
}

/// How `<rewrite>` sections become the per-directory `IISRewriteModule`.
enum URLRewriteSections {
    static let section = "rewrite"

    /// The sections that apply to a site or directory, parent level first.
    static func sections(of site: SiteModel) -> [IISRewriteSection] {
        (site.customSections[section] ?? []).compactMap { $0.value as? IISRewriteSection }
    }

    static func isEnabled(in site: SiteModel) -> Bool {
        site.modules.contains { $0.name.lowercased() == IISRewriteModule.name.lowercased() }
    }

    /// The registered section module: for each directory, the rules of every level down to it,
    /// compiled once when the directory's configuration is (re)built. Warnings of web.config rules
    /// are logged then (those of applicationHost.config were reported at load).
    static func module(logger: Logger) -> CustomSectionModule {
        CustomSectionModule(section: section, notifications: IISRewriteModule.notifications, priority: .high) { scoped, site in
            guard URLRewriteSections.isEnabled(in: site) else { return nil }
            let sections = scoped.compactMap { $0.value as? IISRewriteSection }
            let inbound = RuleSet.compileIIS(sections: sections)
            let outbound = OutboundRuleSet.compile(sections)
            for warning in inbound.warnings + outbound.warnings where warning.file.lowercased().hasSuffix("web.config") {
                logger.warning("site '\(site.name)': rewrite rules: \(warning)")
            }
            guard inbound.ruleCount > 0 || !outbound.isEmpty else { return nil }
            return IISRewriteModule(inbound: inbound, outbound: outbound, logger: logger)
        }
    }
}

extension ConfigReader {
    /// This reader with the IIS URL Rewrite module's `<rewrite>` reader registered (unless one is).
    public func withURLRewrite() -> ConfigReader {
        var reader = self
        if reader.sectionReaders[URLRewriteSections.section] == nil { reader.sectionReaders[URLRewriteSections.section] = URLRewriteSectionReader() }
        return reader
    }
}
