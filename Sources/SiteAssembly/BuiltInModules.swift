import Pipeline
import Server

/// IIS's built-in module names (and isapi-bridge's own Swift modules) that `<modules>` may enable
/// without a `<globalModules>` entry.
public enum BuiltInModule: Sendable, Equatable {
    /// A Swift module that runs in the pipeline.
    case swift(@Sendable () -> ModuleRegistration)
    /// `IsapiFilterModule`: the host of `<isapiFilters>`; without it a site's filters do not load.
    case filterHost
    /// Accepted because isapi-bridge does the job elsewhere (the reason is shown by `check`).
    case coveredElsewhere(String)
    /// An IIS module isapi-bridge has no equivalent for; ignored with a warning.
    case unavailable

    public static func == (a: BuiltInModule, b: BuiltInModule) -> Bool {
        switch (a, b) {
        case (.swift, .swift), (.filterHost, .filterHost), (.unavailable, .unavailable): true
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
        "DefaultDocumentModule": .coveredElsewhere("StaticFileModule serves index.html for directories"),
        "HttpLoggingModule": .coveredElsewhere("isapi-bridge writes W3C logs for every site"),
        "AnonymousAuthenticationModule": .coveredElsewhere("requests are anonymous unless a filter or module sets a user"),
        "ProtocolSupportModule": .coveredElsewhere("the server handles keep-alive and TRACE/OPTIONS itself"),
        "RequestFilteringModule": .coveredElsewhere("the pipeline applies <requestFiltering> to every request"),
        "UriCacheModule": .unavailable, "FileCacheModule": .unavailable, "TokenCacheModule": .unavailable,
        "HttpCacheModule": .unavailable, "StaticCompressionModule": .unavailable, "DynamicCompressionModule": .unavailable,
        "DirectoryListingModule": .unavailable, "CustomErrorModule": .unavailable,
        "RequestMonitorModule": .unavailable, "BasicAuthenticationModule": .unavailable,
        "WindowsAuthenticationModule": .unavailable, "IsapiModule": .unavailable, "CgiModule": .unavailable,
        "ServerSideIncludeModule": .unavailable, "HttpRedirectionModule": .unavailable,
        "ConfigurationValidationModule": .unavailable, "ManagedEngine64": .unavailable, "ManagedEngineV4.0_64bit": .unavailable,
        "UrlAuthorizationModule": .unavailable, "IpRestrictionModule": .unavailable, "FailedRequestsTracingModule": .unavailable,
    ]
}
