/// Applies `SectionEdits` level after level (server, the site's `<location>`, then deeper
/// `<location>`s and `web.config` files) and writes the result into a `SiteModel`: the one merge
/// for a site and for each of its directories.
struct SectionMerge {
    var modules = CollectionMerge<ModuleEntry>()
    var filters = CollectionMerge<FilterEntry>()
    var handlers = CollectionMerge<HandlerEntry>(prependsEachLevel: true)
    var filtering = RequestFilteringMerge()
    var authentication: [AuthenticationEdits] = []
    var response = ResponseSectionsMerge()
    var authorization = CollectionMerge<AuthorizationRule>()
    var ipSecurity = IPSecurityMerge()
    var rewrite: RewriteEntry?
    var serverRuntime: [ServerRuntimeEdits] = []
    var reverseProxy: [ReverseProxyEdits] = []
    /// Sections read by registered `ConfigSectionReader`s, by name, parent first.
    var custom: [String: [ScopedSection]] = [:]
    /// How many levels were applied: the authorization rules' level (parents are evaluated first).
    private var depth = 0

    mutating func apply(_ edits: SectionEdits, report: (ConfigDiagnostic.Severity, Int, String) -> Void) {
        modules.apply(edits.modules, collection: "modules", report: report)
        filters.apply(edits.filters, collection: "isapiFilters", report: report)
        handlers.apply(edits.handlers, collection: "handlers", report: report)
        if let value = edits.rewrite { rewrite = value }
        filtering.apply(edits.requestFiltering, report: report)
        if let value = edits.authentication { authentication.append(value) }
        if let value = edits.serverRuntime { serverRuntime.append(value) }
        if let value = edits.reverseProxy { reverseProxy.append(value) }
        response.apply(edits.response, report: report)
        let levelled = edits.authorization.map { edit -> CollectionEdit<AuthorizationRule> in
            guard case .add(var rule, let name, let line) = edit else { return edit }
            rule.level = depth
            return .add(rule, name: name, line: line)
        }
        authorization.apply(levelled, collection: "authorization", report: report)
        ipSecurity.apply(edits.ipSecurity, report: report)
        for section in edits.custom { custom[section.name, default: []].append(section) }
        depth += 1
    }

    /// The merged sections written into `site` (its bindings, applications and identity stay).
    func write(into site: inout SiteModel) {
        site.modules = modules.values
        site.filters = filters.values
        site.handlers = handlers.values
        site.rewrite = rewrite
        site.requestFiltering = filtering.result
        site.authentication = AuthenticationModel()
        for edits in authentication { edits.apply(to: &site.authentication) }
        site.defaultDocument = response.defaultDocument
        site.httpProtocol = response.httpProtocol
        site.directoryBrowse = response.directoryBrowse
        site.httpRedirect = response.httpRedirect
        site.httpErrors = response.httpErrors
        site.staticContent = response.staticContent
        site.authorization = authorization.values
        site.ipSecurity = ipSecurity.result
        site.customSections = custom
        site.serverRuntime = ServerRuntimeModel()
        for edits in serverRuntime { edits.apply(to: &site.serverRuntime) }
        site.reverseProxy = ReverseProxyModel()
        for edits in reverseProxy { edits.apply(to: &site.reverseProxy) }
    }
}
