/// The rule language of a rules file.
public enum Dialect: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Ionic's ISAPI Rewrite Filter v2.1 (`IIRF.ini`): the URL path plus query is the subject,
    /// rules restart from the top after a match, `*N` condition back-references, `#L..#E` case folding.
    case iirf
    /// Apache httpd mod_rewrite in server (virtual host) context: one sequential pass over the
    /// URL path, `%N` condition back-references, `[N]` to loop, `[C]` chains, `[S]` skips.
    case modRewrite = "mod_rewrite"
    /// The IIS URL Rewrite module (`<rewrite><rules>` in applicationHost.config and web.config):
    /// the path relative to where the rules are defined, without the leading slash, is the subject;
    /// one pass, parent rules first; `{R:n}`, `{C:n}`, `{VAR}`, functions and rewrite maps.
    case iis

    /// Accepts `iirf`, `mod_rewrite` (and `modrewrite`, `apache`), `iis` (and `urlrewrite`), in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "iirf": self = .iirf
        case "mod_rewrite", "modrewrite", "apache": self = .modRewrite
        case "iis", "urlrewrite", "url-rewrite": self = .iis
        default: return nil
        }
    }

    public var description: String { rawValue }
}
