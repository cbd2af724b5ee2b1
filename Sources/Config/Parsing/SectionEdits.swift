/// The `system.webServer` collections one level (server or one `<location>`) declares, unmerged.
struct SectionEdits: Sendable {
    var modules: [CollectionEdit<ModuleEntry>] = []
    var filters: [CollectionEdit<FilterEntry>] = []
    var handlers: [CollectionEdit<HandlerEntry>] = []
    var globalModules: [CollectionEdit<GlobalModuleEntry>] = []
    var authentication: AuthenticationEdits?
    var response = ResponseSectionEdits()
    var authorization: [CollectionEdit<AuthorizationRule>] = []
    var rewrite: RewriteEntry?
    var requestFiltering: RequestFilteringEdits?
    var logDirectory: String?
    /// `<caching>`, server level only.
    var fileCache: FileCacheModel?
    /// `<security><isapiCgiRestriction>`, server level only.
    var isapiCgiRestriction: IsapiCgiRestrictionModel?
    /// `<serverRuntime uploadReadAheadSize>`, server level only.
    var uploadReadAheadSize: Int?
    /// `<serverRuntime>`'s other applied attributes.
    var serverRuntime: ServerRuntimeEdits?
    /// `<reverseProxy>` (isapi-bridge's reverse proxy handler).
    var reverseProxy: ReverseProxyEdits?
    /// `security/ipSecurity`.
    var ipSecurity: IPSecurityEdits?
    /// Sections read by registered `ConfigSectionReader`s.
    var custom: [ScopedSection] = []
    /// Every section this level configures, by its IIS name (`system.webServer/defaultDocument`,
    /// `system.webServer/security/authentication/basicAuthentication`): what locking checks.
    var sections: [(name: String, line: Int)] = []
    /// `<location overrideMode="Allow|Deny">` (or `allowOverride`): true to unlock the sections
    /// this level configures for the levels below, false to lock them.
    var overrideMode: Bool?
    /// `<nativeThreadPool>`, server level only.
    var nativeThreadPool: NativeThreadPoolModel?
}
