import Config
import Foundation
import Rewrite

/// The IIS URL Rewrite sections a configuration file gives one site, for `rewrite-test --dialect iis`:
/// an applicationHost.config (server level, then the site's `<location>`), or a web.config's own
/// `<system.webServer><rewrite>` (for the site root).
public enum URLRewriteConfigFile {
    /// `site` picks a site of an applicationHost.config by name; nil takes the first with rules.
    public static func sections(file: String, site: String? = nil) throws(ConfigError) -> [IISRewriteSection] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: 0, "cannot read the file; check the path")])
        }
        let reader = ConfigReader().withURLRewrite()
        guard String(decoding: data, as: UTF8.self).contains("system.applicationHost") else {
            return try reader.customSections(named: URLRewriteSections.section, inWebConfig: file).compactMap { $0.value as? IISRewriteSection }
        }
        let model = try reader.read(file: file)
        let chosen = site.map { name in model.sites.first { $0.name.lowercased() == name.lowercased() } }
            ?? model.sites.first { URLRewriteSections.sections(of: $0).contains(where: \.hasInboundRules) }
        guard let chosen else {
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: 0,
                site.map { "no site is named '\($0)'" } ?? "no site has <rewrite> rules")])
        }
        return URLRewriteSections.sections(of: chosen)
    }
}
