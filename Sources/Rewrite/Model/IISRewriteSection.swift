/// One `<system.webServer><rewrite>` section of the IIS URL Rewrite module as a configuration level
/// states it (applicationHost.config's server level, `<location path="Site/...">`, or a web.config
/// in a directory): the one shape of the rules between the section reader (SiteAssembly) and the
/// compiler (`RuleSet.compileIIS(sections:)`).
public struct IISRewriteSection: Sendable, Equatable {
    /// The URL path the section applies to (`/` for a site, `/dir/` for a web.config below it):
    /// inbound rules match the request path relative to it.
    public var virtualDirectory: String
    /// `<globalRules>` (applicationHost.config, server level only): run first, for every site.
    public var globalRules: [IISRuleDefinition] = []
    /// `<rules>`: distributed rules, run after those of parent levels.
    public var rules: [IISRuleDefinition] = []
    /// `<rules><clear/>`: the rules of parent levels do not apply here.
    public var clearsInheritedRules = false
    /// `<rules><remove name>`: parent rules that do not apply here.
    public var removedRules: [String] = []
    public var maps: [IISRewriteMapDefinition] = []
    /// `<outboundRules>`: rules, pre-conditions and custom tags, with this level's `<clear/>`/`<remove>`.
    public var outbound = IISOutboundSection()
    /// The configuration file and line, for diagnostics.
    public var file: String
    public var line: Int

    public init(virtualDirectory: String, file: String, line: Int) {
        self.virtualDirectory = virtualDirectory
        self.file = file
        self.line = line
    }

    public var hasInboundRules: Bool { !rules.isEmpty || !globalRules.isEmpty }
}
