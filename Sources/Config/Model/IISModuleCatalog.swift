/// IIS's own native modules: the DLL each ships in (what `<globalModules>` names as its `image`)
/// and, for those isapi-bridge does not provide, why and what requests get instead.
public enum IISModuleCatalog {
    /// IIS image file names (lower-cased) and the module each holds, as IIS and IIS Express
    /// register them.
    public static let images: [String: String] = [
        "static.dll": "StaticFileModule", "defdoc.dll": "DefaultDocumentModule", "dirlist.dll": "DirectoryListingModule",
        "filter.dll": "IsapiFilterModule", "isapi.dll": "IsapiModule", "loghttp.dll": "HttpLoggingModule",
        "custerr.dll": "CustomErrorModule", "redirect.dll": "HttpRedirectionModule", "protsup.dll": "ProtocolSupportModule",
        "modrqflt.dll": "RequestFilteringModule", "authanon.dll": "AnonymousAuthenticationModule",
        "authbas.dll": "BasicAuthenticationModule", "authsspi.dll": "WindowsAuthenticationModule",
        "authmd5.dll": "DigestAuthenticationModule", "authcert.dll": "CertificateMappingAuthenticationModule",
        "authmap.dll": "IISCertificateMappingAuthenticationModule", "urlauthz.dll": "UrlAuthorizationModule",
        "iprestr.dll": "IpRestrictionModule", "diprestr.dll": "DynamicIpRestrictionModule",
        "compstat.dll": "StaticCompressionModule", "compdyn.dll": "DynamicCompressionModule",
        "cachuri.dll": "UriCacheModule", "cachfile.dll": "FileCacheModule", "cachtokn.dll": "TokenCacheModule",
        "cachhttp.dll": "HttpCacheModule", "iisreqs.dll": "RequestMonitorModule", "iisetw.dll": "TracingModule",
        "iisfreb.dll": "FailedRequestsTracingModule", "logcust.dll": "CustomLoggingModule", "cgi.dll": "CgiModule",
        "iisfcgi.dll": "FastCgiModule", "webdav.dll": "WebDAVModule", "rewrite.dll": "RewriteModule",
        "iis_ssi.dll": "ServerSideIncludeModule", "validcfg.dll": "ConfigurationValidationModule",
        "warmup.dll": "ApplicationInitializationModule", "iiswsock.dll": "WebSocketModule",
        "iiscors.dll": "CorsModule", "webmatrixsup.dll": "WebMatrixSupportModule",
        "aspnetcore.dll": "AspNetCoreModule", "aspnetcorev2.dll": "AspNetCoreModuleV2",
        "webengine.dll": "ManagedEngine", "webengine4.dll": "ManagedEngineV4.0",
    ]

    /// True when `image` is one of IIS's or Windows's own binaries: a known IIS file name, or a
    /// DLL under `%IIS_BIN%`, `%windir%`, `%SystemRoot%` or an `inetsrv`, `IIS Express` or
    /// `Microsoft.NET` directory. Such entries are never loaded: they map to isapi-bridge's
    /// built-ins or are listed as unavailable.
    public static func isWindowsComponent(image: String) -> Bool {
        let lower = image.lowercased().replacingBackslashes()
        let file = lower.split(separator: "/").last.map(String.init) ?? lower
        if images[file] != nil { return true }
        guard file.hasSuffix(".dll") else { return false }
        for prefix in ["%iis_bin%", "%windir%", "%systemroot%"] where lower.hasPrefix(prefix) { return true }
        for directory in ["/inetsrv/", "/iis express/", "/microsoft.net/", "c:/windows/"] where lower.contains(directory) { return true }
        return false
    }

    /// Why an IIS built-in is not provided, and what requests that need it get; nil for the ones
    /// isapi-bridge provides (decided by SiteAssembly) and for names IIS does not ship.
    public static func unavailability(of name: String) -> (category: PortingNote.Category, feature: String, consequence: String)? {
        if name.hasPrefix("ManagedEngine") { return (.windowsOnly, PortingFeature.aspNet, "ignored; ASP.NET handlers answer 500.21") }
        return table[name]
    }

    private static let table: [String: (category: PortingNote.Category, feature: String, consequence: String)] = {
        var table: [String: (PortingNote.Category, String, String)] = [:]
        for name in ["WindowsAuthenticationModule", "DigestAuthenticationModule", "CertificateMappingAuthenticationModule",
                     "IISCertificateMappingAuthenticationModule"] {
            table[name] = (.windowsOnly, PortingFeature.windowsAuthentication, "a site that enables the scheme does not start (see --allow-unavailable-authentication)")
        }
        for name in ["AspNetCoreModule", "AspNetCoreModuleV2"] { table[name] = (.windowsOnly, PortingFeature.aspNetCore, "its handlers answer 500.21") }
        for name in ["CgiModule", "FastCgiModule"] { table[name] = (.windowsOnly, PortingFeature.cgi, "their handlers answer 500.21") }
        table["WebDAVModule"] = (.windowsOnly, "WebDAV", "WebDAV methods get 501 or 405")
        for name in ["TokenCacheModule", "ConfigurationValidationModule", "WebMatrixSupportModule", "RequestMonitorModule",
                     "TracingModule", "FailedRequestsTracingModule", "CustomLoggingModule"] {
            table[name] = (.windowsOnly, PortingFeature.windowsComponent, "ignored (Windows tracing, tokens and tooling)")
        }
        for name in ["UriCacheModule", "FileCacheModule", "HttpCacheModule"] { table[name] = (.notImplemented, "IIS caches", "every request is served fresh") }
        for name in ["StaticCompressionModule", "DynamicCompressionModule"] { table[name] = (.notImplemented, "compression", "responses are sent uncompressed") }
        table["DynamicIpRestrictionModule"] = (.notImplemented, "dynamic IP restrictions (dynamicIpSecurity)", "no address is refused for its request rate")
        table["ServerSideIncludeModule"] = (.notImplemented, "server-side includes", "its handlers answer 500.21")
        table["ApplicationInitializationModule"] = (.notImplemented, "application initialization", "ignored")
        table["WebSocketModule"] = (.notImplemented, "WebSocket", "upgrade requests are served as plain HTTP")
        table["CorsModule"] = (.notImplemented, "IIS CORS module", "no CORS headers are added")
        return table
    }()
}
