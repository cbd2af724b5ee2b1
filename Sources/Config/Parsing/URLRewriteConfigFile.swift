import Foundation

/// The IIS URL Rewrite sections a configuration file gives one site, for `rewrite-test --dialect iis`:
/// an applicationHost.config (server level, then the site's `<location>`), or a web.config's own
/// `<system.webServer><rewrite>` (for the site root).
public enum URLRewriteConfigFile {
    /// `site` picks a site of an applicationHost.config by name; nil takes the first with rules.
    public static func sections(file: String, site: String? = nil) throws(ConfigError) -> [URLRewriteSection] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: 0, "cannot read the file; check the path")])
        }
        let root = try ConfigElement.parse(data, file: file)
        if !root.children(named: "system.applicationHost").isEmpty {
            let model = try ConfigReader().read(file: file)
            let chosen = site.map { name in model.sites.first { $0.name.lowercased() == name.lowercased() } }
                ?? model.sites.first { $0.urlRewrite.contains { !$0.rules.isEmpty || !$0.globalRules.isEmpty } }
            guard let chosen else {
                throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: 0,
                    site.map { "no site is named '\($0)'" } ?? "no site has <rewrite> rules")])
            }
            return chosen.urlRewrite
        }
        let log = DiagnosticLog(file: file)
        let sections = root.children(named: "system.webServer").flatMap { $0.children(named: "rewrite") }.map {
            URLRewriteSectionReader(log: log, serverLevel: false).read($0, virtualDirectory: "/")
        }
        if log.hasErrors { throw ConfigError(diagnostics: log.diagnostics) }
        return sections
    }
}
