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
    /// `<nativeThreadPool>`, server level only.
    var nativeThreadPool: NativeThreadPoolModel?
}
