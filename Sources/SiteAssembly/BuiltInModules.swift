import Pipeline
import Server

/// IIS's built-in module names (and isapi-bridge's own Swift modules) that `<modules>` may enable
/// without a `<globalModules>` entry. IIS built-ins not listed here are not provided:
/// `IISModuleCatalog` says why and what requests get.
public enum BuiltInModule: Sendable, Equatable {
    /// A Swift module that runs in the pipeline.
    case swift(@Sendable () -> ModuleRegistration)
    /// `IsapiFilterModule`: the host of `<isapiFilters>`; without it a site's filters do not load.
    case filterHost
    /// `IsapiModule`: runs the ISAPI extensions of the site's `<handlers>` (`scriptProcessor`).
    case extensionHost
    /// `ReverseProxyModule`: isapi-bridge's reverse proxy handler (the ARR role), made per site
    /// from its `<reverseProxy>` settings and `<handlers>` entries.
    case reverseProxy
    /// Accepted because isapi-bridge does the job elsewhere (the reason is shown by `check`).
    case coveredElsewhere(String)
    public static func == (a: BuiltInModule, b: BuiltInModule) -> Bool {
        switch (a, b) {
        case (.swift, .swift), (.filterHost, .filterHost), (.extensionHost, .extensionHost), (.reverseProxy, .reverseProxy): true
        case (.coveredElsewhere(let x), .coveredElsewhere(let y)): x == y
        default: false
        }
    }

    /// The built-in a `<modules><add>` entry names: by `name`, or by `type="IsapiBridge.<Name>"`.
    public static func named(_ name: String, type: String?) -> BuiltInModule? {
        if let type, type.hasPrefix("IsapiBridge.") {
            return table[String(type.dropFirst("IsapiBridge.".count))]
        }
        return table[name]
    }

    static let table: [String: BuiltInModule] = [
        "StaticFileModule": .swift { StaticFileModule.registration() },
        "HelloModule": .swift { HelloModule.registration() },
        "PoweredByModule": .swift { PoweredByModule.registration() },
        "FixedResponseModule": .swift { FixedResponseModule.registration() },
        "IsapiFilterModule": .filterHost,
        "IsapiModule": .extensionHost,
        "ReverseProxyModule": .reverseProxy,
        "DefaultDocumentModule": .coveredElsewhere("serves <defaultDocument> files (without one, StaticFileModule serves index.html)"),
        "HttpLoggingModule": .coveredElsewhere("isapi-bridge writes W3C logs for every site"),
        "AnonymousAuthenticationModule": .coveredElsewhere("security/authentication (anonymousAuthentication) applies to every site"),
        "BasicAuthenticationModule": .coveredElsewhere("security/authentication (basicAuthentication userFile=...) applies to every site"),
        "UrlAuthorizationModule": .coveredElsewhere("security/authorization rules apply to every site that enables it"),
        "DirectoryListingModule": .coveredElsewhere("lists directories where <directoryBrowse enabled=\"true\">"),
        "HttpRedirectionModule": .coveredElsewhere("redirects where <httpRedirect enabled=\"true\">"),
        "CustomErrorModule": .coveredElsewhere("answers errors with <httpErrors> pages"),
        "ProtocolSupportModule": .coveredElsewhere("the server handles keep-alive and TRACE/OPTIONS itself"),
        "IpRestrictionModule": .coveredElsewhere("enforces <ipSecurity> where it is configured"),
        "RequestFilteringModule": .coveredElsewhere("the pipeline applies <requestFiltering> to every request"),
        "RewriteModule": .coveredElsewhere("<rewrite> rules run in isapi-bridge's URL Rewrite module, per directory (docs/rewrite.md)"),
    ]
}
