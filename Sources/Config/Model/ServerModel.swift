/// Everything an `applicationHost.config` says, resolved: each site's effective modules, filters and
/// handlers after server-level collections and its `<location>` edits. A plain value: building
/// pipelines from it (and loading native code) is a separate step.
public struct ServerModel: Sendable, Equatable {
    public var sites: [SiteModel]
    /// `system.webServer/globalModules`, in order: native modules loaded once per process.
    public var globalModules: [GlobalModuleEntry]
    /// Server-level `isapiFilters` (global filters; every site sees them unless it removes them).
    public var globalFilters: [FilterEntry]
    /// Warnings found while reading (unknown elements, ignored preconditions, ...).
    public var warnings: [ConfigDiagnostic]
    /// The file the model was read from, or `<embedded>`.
    public var source: String
    /// `webLimits` and `siteDefaults/limits`: what every listener's connections are held to.
    public var connectionLimits = ConnectionLimitsModel()
    /// `system.applicationHost/applicationPools`: the worker process settings per pool.
    public var applicationPools: [ApplicationPoolModel] = []
    /// `globalModules` entries that are not loaded: IIS's own DLLs (mapped to built-ins or
    /// unavailable) and Windows DLLs without a Linux build.
    public var otherGlobalModules: [GlobalModuleEntry] = []
    /// What the file configures that isapi-bridge does not run, for `check`'s summary.
    public var notes: [PortingNote] = []
    /// `system.webServer/caching`: the static file handler's file cache.
    public var fileCache = FileCacheModel()
    /// `system.webServer/security/isapiCgiRestriction`: which ISAPI extensions may run.
    public var isapiCgiRestriction = IsapiCgiRestrictionModel()
    /// `system.webServer/serverRuntime/@uploadReadAheadSize`: body bytes an ISAPI extension gets
    /// in its ECB before it calls ReadClient (IIS default 49152).
    public var uploadReadAheadSize = 49152
    /// `system.webServer/nativeThreadPool`: the pool for native code in pool mode.
    public var nativeThreadPool = NativeThreadPoolModel()

    public init(sites: [SiteModel], globalModules: [GlobalModuleEntry] = [], globalFilters: [FilterEntry] = [],
                warnings: [ConfigDiagnostic] = [], source: String = "<memory>") {
        self.sites = sites
        self.globalModules = globalModules
        self.globalFilters = globalFilters
        self.warnings = warnings
        self.source = source
    }

    /// Every distinct `ip:port` the sites bind, in first-seen order.
    public var listeners: [Listener] {
        var seen: [Listener] = []
        for site in sites {
            for binding in site.bindings where !seen.contains(binding.listener) { seen.append(binding.listener) }
        }
        return seen
    }
}

/// One `<site>`, with the sections that apply to it already merged.
public struct SiteModel: Sendable, Equatable {
    public var name: String
    public var id: UInt32
    public var bindings: [Binding]
    public var applications: [ApplicationModel]
    /// Modules enabled for the site, in order (`<modules>` at server level, then the site's edits).
    public var modules: [ModuleEntry]
    /// Filters the site runs, in configuration order: global ones (`isGlobal`) and the site's own.
    public var filters: [FilterEntry]
    /// `<handlers>`, in order (first match wins).
    public var handlers: [HandlerEntry]
    /// isapi-bridge extension: the site's URL-rewrite rules (`<rewrite rulesFile=... dialect=.../>`).
    public var rewrite: RewriteEntry?
    /// `security/requestFiltering`, server level then the site's `<location>`.
    public var requestFiltering = RequestFilteringModel()
    /// `serverRuntime`'s applied attributes.
    public var serverRuntime = ServerRuntimeModel()
    /// isapi-bridge extension: `<reverseProxy>`, the reverse proxy handler's settings and web farms.
    public var reverseProxy = ReverseProxyModel()
    /// `security/authentication`, server level then the site's `<location>`.
    public var authentication = AuthenticationModel()
    /// `defaultDocument`, nil when no level configures it (StaticFileModule's `index.html` applies).
    public var defaultDocument: DefaultDocumentModel?
    /// `security/authorization` rules, server level then the site's (`<clear/>`, `<remove>` apply).
    public var authorization: [AuthorizationRule] = []
    /// `staticContent`: mime maps (which extensions the static handler serves) and client caching.
    public var staticContent = StaticContentModel()
    /// `httpErrors`.
    public var httpErrors = HTTPErrorsModel()
    /// `httpRedirect`.
    public var httpRedirect = HTTPRedirectModel()
    /// `directoryBrowse/@enabled` (IIS default false).
    public var directoryBrowse = false
    /// `httpProtocol` custom and redirect headers.
    public var httpProtocol = HTTPProtocolModel()
    /// `security/ipSecurity`.
    public var ipSecurity = IPSecurityModel()
    /// Sections read by registered `ConfigSectionReader`s, by name, parent level first.
    public var customSections: [String: [ScopedSection]] = [:]
    /// Computes the configuration of each directory (`web.config` files, deeper `<location>`s);
    /// nil for a site built in code.
    public var directories: DirectoryConfigurationSource?
    /// Where the site's W3C request log goes (`<logFile directory=...>`), or nil for the default.
    public var logDirectory: String?
    public var line: Int

    /// The physical path of the root application's root virtual directory: what `/` maps to.
    public var physicalPath: String {
        applications.first { $0.path == "/" }?.physicalPath ?? ""
    }
}

/// `<binding protocol="http|https" bindingInformation="ip:port:host"/>`.
public struct Binding: Sendable, Equatable {
    /// `http` or `https`.
    public var scheme: String
    /// `*` (all addresses) or an address.
    public var address: String
    public var port: Int
    /// The Host header this binding answers, lowercased; empty answers any host.
    public var hostName: String
    public var line: Int
    /// The certificate of an `https` binding; nil for `http`.
    public var tls: BindingTLS? = nil

    public var listener: Listener { Listener(address: address, port: port, secure: scheme == "https") }
}

/// An address and port the server listens on; several bindings (sites) may share one.
public struct Listener: Sendable, Hashable, CustomStringConvertible {
    /// `*` means every address.
    public var address: String
    public var port: Int
    /// An https listener. Part of the identity so that an http and an https listener both given
    /// port 0 (`serve --port 0`) are two sockets; one real port never carries both (a config error).
    public var secure: Bool

    public init(address: String, port: Int, secure: Bool = false) {
        self.address = address
        self.port = port
        self.secure = secure
    }

    /// The address to bind: `*` becomes `0.0.0.0`.
    public var bindAddress: String { address == "*" ? "0.0.0.0" : address }

    /// `address:port`, `https://address:port` for a secure one.
    public var description: String { secure ? "https://\(address):\(port)" : "\(address):\(port)" }
}

/// `<application path applicationPool>`: its path is the URL prefix (ignoring case) it serves.
public struct ApplicationModel: Sendable, Equatable {
    /// `/` or `/shop` (no trailing slash).
    public var path: String
    public var virtualDirectories: [VirtualDirectory]
    /// `applicationPool`, or `applicationDefaults/@applicationPool`; nil: `DefaultAppPool`.
    public var applicationPool: String? = nil
    public var line: Int = 0

    public init(path: String, virtualDirectories: [VirtualDirectory], applicationPool: String? = nil, line: Int = 0) {
        self.path = path
        self.virtualDirectories = virtualDirectories
        self.applicationPool = applicationPool
        self.line = line
    }

    /// The root directory's physical path (`APPL_PHYSICAL_PATH`).
    public var physicalPath: String { virtualDirectories.first { $0.path == "/" }?.physicalPath ?? "" }

    /// The full virtual path of one of its directories: `/shop` + `/images`.
    public func fullPath(of directory: VirtualDirectory) -> String {
        directory.path == "/" ? path : (path == "/" ? "" : path) + directory.path
    }
}

/// `<virtualDirectory path physicalPath>`, the path relative to its application.
public struct VirtualDirectory: Sendable, Equatable {
    public var path: String
    public var physicalPath: String
    /// `allowSubDirConfig` (IIS default true): whether `web.config` files below the directory's
    /// own are read.
    public var allowSubDirConfig = true
    public var line: Int = 0

    public init(path: String, physicalPath: String, allowSubDirConfig: Bool = true, line: Int = 0) {
        self.path = path
        self.physicalPath = physicalPath
        self.allowSubDirConfig = allowSubDirConfig
        self.line = line
    }
}

/// `globalModules/add`: a native module's shared library.
public struct GlobalModuleEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A Linux shared library, loaded.
        case native
        /// One of IIS's own DLLs (`%IIS_BIN%\static.dll`): the built-in of that name, or unavailable.
        case iisBuiltIn
        /// A Windows DLL with no Linux build beside it: listed as unavailable.
        case windowsBinary
    }
    public var name: String
    /// Absolute path of the `.so` (environment variables expanded, relative paths resolved); the
    /// attribute as written for the other kinds.
    public var image: String
    public var line: Int
    public var kind: Kind = .native
    /// `threading`: where its request notifications run.
    public var threading: NativeThreading = .pool
}

/// `modules/add`: a module enabled for request processing.
public struct ModuleEntry: Sendable, Equatable {
    public var name: String
    /// The `type` attribute (managed modules in IIS); isapi-bridge reads `IsapiBridge.<Name>` as a
    /// Swift built-in module.
    public var type: String?
    public var line: Int
}

/// `isapiFilters/filter`.
public struct FilterEntry: Sendable, Equatable {
    public var name: String
    /// Absolute path of the `.so`.
    public var path: String
    public var enabled: Bool
    /// Declared at server level (a global filter).
    public var isGlobal: Bool
    public var line: Int
    /// `threading`: where its notifications run.
    public var threading: NativeThreading = .pool
}

/// `handlers/add`.
public struct HandlerEntry: Sendable, Equatable {
    public var name: String
    public var path: String
    public var verb: String
    public var modules: [String]
    public var line: Int
    /// `scriptProcessor` of an `IsapiModule` handler: the extension's `.so` (a Windows `x.dll`
    /// resolved to the `x.so` or `libx.so` beside it).
    public var scriptProcessor: String? = nil
    /// `threading` of an `IsapiModule` handler: where its extension's `HttpExtensionProc` runs.
    public var threading: NativeThreading = .pool
    /// `scriptProcessor` of a `ReverseProxyModule` handler: the `http://host[:port][/base]` its
    /// requests are forwarded to (the host may name a `<reverseProxy><webFarm>`).
    public var upstream: String? = nil
    /// Set when the handler needs something isapi-bridge does not provide (ASP.NET, a Windows
    /// ISAPI extension, CGI, ...): requests it matches get 500.21 naming it.
    public var unavailable: PortingNote? = nil
}

/// isapi-bridge's `<rewrite rulesFile="..." dialect="iirf|mod_rewrite"/>` under `system.webServer`.
public struct RewriteEntry: Sendable, Equatable {
    public var rulesFile: String
    public var dialect: String
    public var line: Int
}

extension ServerModel {
    /// Replaces the address and/or port of every binding (`serve --host/--port/--https-port`; port 0
    /// lets the system choose, which the file itself does not allow). `port` is for http bindings;
    /// https bindings take `httpsPort`, or `port` when that is 0 (every listener ephemeral), or
    /// else keep their own (one port cannot carry both).
    public mutating func overrideBindings(address: String? = nil, port: Int? = nil, httpsPort: Int? = nil) {
        for site in sites.indices {
            for binding in sites[site].bindings.indices {
                if let address { sites[site].bindings[binding].address = address }
                if sites[site].bindings[binding].scheme == "https" {
                    if let newPort = httpsPort ?? (port == 0 ? 0 : nil) { sites[site].bindings[binding].port = newPort }
                } else if let port {
                    sites[site].bindings[binding].port = port
                }
            }
        }
    }
}
