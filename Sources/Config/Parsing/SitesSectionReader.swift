/// Reads `system.applicationHost/sites`: sites, bindings, applications, virtual directories and
/// `siteDefaults/logFile`.
struct SitesSectionReader {
    let log: DiagnosticLog
    let paths: PathResolution
    private(set) var sites: [SiteModel] = []
    private(set) var defaultLogDirectory: String?
    /// `applicationDefaults/@applicationPool`: the pool of applications that name none.
    private(set) var defaultApplicationPool: String?
    /// `siteDefaults/limits`, read by `LimitsReader` (webLimits first, so this one wins).
    private(set) var siteDefaultLimits: ConfigElement?
    /// Every `<site name>` seen, valid or not (so a broken site does not also break its `<location>`).
    private(set) var declaredNames: Set<String> = []
    /// `sites/virtualDirectoryDefaults`.
    private var defaults = VirtualDirectoryDefaults()

    init(log: DiagnosticLog, paths: PathResolution) {
        self.log = log
        self.paths = paths
    }

    mutating func read(_ section: ConfigElement) {
        for element in section.children {
            switch element.name {
            case "site":
                if let site = readSite(element) { sites.append(site) }
            case "siteDefaults":
                for child in element.children {
                    if child.name == "logFile" { defaultLogDirectory = logDirectory(child) ?? defaultLogDirectory }
                    if child.name == "limits" { siteDefaultLimits = child }
                }
            case "applicationDefaults":
                defaultApplicationPool = element.attributes["applicationPool"] ?? defaultApplicationPool
            case "virtualDirectoryDefaults":
                defaults.read(element, log: log)
            default:
                log.unknownElement(element, in: "sites")
            }
        }
        // As IIS: a binding another site already has does not start for the later site (Visual
        // Studio leaves "App" and "App(1)" on one port); the earlier site keeps it.
        var seenBindings: [String: String] = [:]
        for index in sites.indices {
            let name = sites[index].name
            sites[index].bindings.removeAll { binding in
                let key = "\(binding.address):\(binding.port):\(binding.hostName)"
                if let other = seenBindings[key], other != name {
                    log.warning(binding.line, "<binding bindingInformation=\"\(key)\">: site '\(other)' already uses this binding, so site '\(name)' does not get it; give one of them a different host name or port")
                    return true
                }
                seenBindings[key] = name
                return false
            }
        }
        // One ip:port speaks TLS or not: http and https bindings cannot share it.
        var schemeByPort: [String: (scheme: String, site: String)] = [:]
        for site in sites {
            for binding in site.bindings {
                let key = "\(binding.address):\(binding.port)"
                guard let first = schemeByPort[key] else {
                    schemeByPort[key] = (binding.scheme, site.name)
                    continue
                }
                if first.scheme != binding.scheme {
                    log.error(binding.line, "<binding protocol=\"\(binding.scheme)\" bindingInformation=\"\(binding.address):\(binding.port):\(binding.hostName)\">: \(key) is also bound as \(first.scheme) (site '\(first.site)'); one port cannot serve http and https: give one of them another port")
                }
            }
        }
        // One socket per ip:port: "*" (every address) and a specific address on the same port
        // cannot both listen.
        var addressesByPort: [Int: (address: String, site: String)] = [:]
        for site in sites {
            for binding in site.bindings {
                guard let first = addressesByPort[binding.port] else {
                    addressesByPort[binding.port] = (binding.address, site.name)
                    continue
                }
                if first.address != binding.address && (first.address == "*" || binding.address == "*") {
                    log.error(binding.line, "<binding bindingInformation=\"\(binding.address):\(binding.port):\(binding.hostName)\">: port \(binding.port) is also bound on \(first.address) (site '\(first.site)'); isapi-bridge cannot listen on '*' and a single address with one port: use the same address in both bindings and tell the sites apart by host name")
                }
            }
        }
    }

    private mutating func readSite(_ element: ConfigElement) -> SiteModel? {
        let name = log.required(element, "name")
        if let name { declaredNames.insert(name) }
        var id: UInt32?
        if let raw = log.required(element, "id") {
            if let value = UInt32(raw), value > 0 { id = value } else {
                log.invalid(element, "id", raw, expected: "must be a positive whole number")
            }
        }
        if let name, sites.contains(where: { $0.name == name }) {
            log.error(element.line, "<site name=\"\(name)\">: another site has this name; site names must be unique")
        }
        if let id, sites.contains(where: { $0.id == id }) {
            log.error(element.line, "<site id=\"\(id)\">: another site has this id; site ids must be unique")
        }
        var bindings: [Binding] = []
        var applications: [ApplicationModel] = []
        var logDirectory: String?
        var bindingElements = 0
        var siteDefaults = defaults
        var sitePool: String?
        for child in element.children where child.name == "virtualDirectoryDefaults" { siteDefaults.read(child, log: log) }
        for child in element.children where child.name == "applicationDefaults" { sitePool = child.attributes["applicationPool"] }
        for child in element.children {
            switch child.name {
            case "bindings":
                for binding in child.children {
                    if binding.name == "binding" {
                        bindingElements += 1
                        let scheme = (binding.attributes["protocol"] ?? "http").lowercased()
                        let storeCertificate = scheme == "https" && binding.attributes["certificateFile"] == nil
                            && binding.attributes["certificateKeyFile"] == nil
                        if scheme != "http" && (scheme != "https" || storeCertificate) {
                            let feature = scheme == "https" ? PortingFeature.tls : "non-HTTP bindings (\(scheme))"
                            log.note(PortingNote(.windowsOnly, feature: feature, item: "\(name ?? "site") \(scheme)://\(binding.attributes["bindingInformation"] ?? "")",
                                                 consequence: "not listened on", site: name, line: binding.line))
                            continue
                        }
                        if var parsed = readBinding(binding) {
                            if scheme == "https" {
                                guard let tls = readTLS(binding) else { continue }
                                parsed.scheme = "https"
                                parsed.tls = tls
                            }
                            bindings.append(parsed)
                        }
                    } else if binding.name != "clear" {
                        log.unknownElement(binding, in: "bindings")
                    }
                }
            case "application":
                if let application = readApplication(child, site: name, defaults: siteDefaults, pool: sitePool) {
                    if applications.contains(where: { $0.path.lowercased() == application.path.lowercased() }) {
                        log.error(child.line, "<application path=\"\(application.path)\">: the site already has an application at this path; paths must be unique")
                    } else {
                        applications.append(application)
                    }
                }
            case "applicationDefaults", "virtualDirectoryDefaults":
                continue
            case "logFile":
                logDirectory = self.logDirectory(child)
            case "limits":
                log.warning(child.line, "<limits> inside a <site> is not supported (limits hold for a whole listener); put it in <siteDefaults>; ignored")
            case "traceFailedRequestsLogging", "ftpServer", "hsts":
                log.note(PortingNote(.windowsOnly, feature: "Windows-only sections", item: "<site><\(child.name)>",
                                     consequence: PortingFeature.ignored, site: name, line: child.line))
            default:
                log.unknownElement(child, in: "site")
            }
        }
        if let name, bindingElements == 0 {
            log.warning(element.line, "<site name=\"\(name)\"> has no <binding> and is not served; add <bindings><binding protocol=\"http\" bindingInformation=\"*:8080:\"/></bindings>")
        }
        if let name, applications.isEmpty {
            log.error(element.line, "<site name=\"\(name)\"> has no <application path=\"/\"> with a <virtualDirectory path=\"/\" physicalPath=...>")
        }
        guard let name, let id else { return nil }
        return SiteModel(name: name, id: id, bindings: bindings, applications: applications, modules: [], filters: [],
                         handlers: [], rewrite: nil, logDirectory: logDirectory, line: element.line)
    }

    private func readBinding(_ element: ConfigElement) -> Binding? {
        let scheme = "http"
        guard let information = log.required(element, "bindingInformation") else { return nil }
        // ip:port:host, where ip may be an IPv6 literal in brackets.
        var rest = Substring(information)
        var address = "*"
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                log.invalid(element, "bindingInformation", information, expected: "an IPv6 address needs a closing ']'")
                return nil
            }
            address = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.hasPrefix(":") else {
                log.invalid(element, "bindingInformation", information, expected: "must be ip:port:host, e.g. *:8080:www.example.com")
                return nil
            }
            rest = rest.dropFirst()
        } else {
            guard let colon = rest.firstIndex(of: ":") else {
                log.invalid(element, "bindingInformation", information, expected: "must be ip:port:host, e.g. *:8080:www.example.com")
                return nil
            }
            address = rest[..<colon].isEmpty ? "*" : String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            log.invalid(element, "bindingInformation", information, expected: "must be ip:port:host, e.g. *:8080:www.example.com (the host may be empty: *:8080:)")
            return nil
        }
        guard let port = Int(parts[0]), (1...65535).contains(port) else {
            log.invalid(element, "bindingInformation", information, expected: "the port '\(parts[0])' must be a number from 1 to 65535")
            return nil
        }
        return Binding(scheme: scheme, address: address, port: port, hostName: parts[1].lowercased(), line: element.line)
    }

    /// The PEM files and client certificate setting of an `https` binding (see `BindingTLS`).
    private func readTLS(_ element: ConfigElement) -> BindingTLS? {
        let certificate = log.required(element, "certificateFile").flatMap { path(element, "certificateFile", $0) }
        let key = log.required(element, "certificateKeyFile").flatMap { path(element, "certificateKeyFile", $0) }
        var mode = BindingTLS.ClientCertificates.ignore
        if let raw = element.attributes["clientCertificates"] {
            guard let value = BindingTLS.ClientCertificates(rawValue: raw.lowercased()) else {
                log.invalid(element, "clientCertificates", raw, expected: "must be ignore, negotiate or require")
                return nil
            }
            mode = value
        }
        let authorities = element.attributes["clientCertificateAuthorities"].flatMap { path(element, "clientCertificateAuthorities", $0) }
        if mode != .ignore && authorities == nil {
            log.error(element.line, "<binding clientCertificates=\"\(mode.rawValue)\">: needs clientCertificateAuthorities, the PEM file of the authorities client certificates must chain to")
            return nil
        }
        if let flags = element.attributes["sslFlags"], !["0", "1"].contains(flags) {
            log.note(PortingNote(.windowsOnly, feature: "https binding sslFlags (central certificate store, legacy TLS)",
                                 item: "<binding sslFlags=\"\(flags)\">", consequence: PortingFeature.ignored, line: element.line))
        }
        let selfSigned = log.boolean(element, "selfSignedIfMissing") ?? false
        guard let certificate, let key else { return nil }
        return BindingTLS(certificateFile: certificate, keyFile: key, clientCertificates: mode,
                          clientCertificateAuthorities: authorities, selfSignedIfMissing: selfSigned)
    }

    private func path(_ element: ConfigElement, _ attribute: String, _ raw: String) -> String? {
        switch paths.resolve(raw) {
        case .success(let path): return path
        case .failure(.unmappedWindowsPath(let windows)):
            log.invalid(element, attribute, raw, expected: PathResolution.unmappedHint(windows))
        case .failure(.undefinedVariable(let name)):
            log.invalid(element, attribute, raw, expected: "the environment variable %\(name)% is not set; set it or write the path out")
        }
        return nil
    }

    /// An `<application>` and its `<virtualDirectory>` entries, each physical path resolved (`%VAR%`,
    /// `--map-path`). Paths are kept as written apart from backslashes and a trailing slash.
    private func readApplication(_ element: ConfigElement, site: String?, defaults: VirtualDirectoryDefaults, pool: String?) -> ApplicationModel? {
        guard let raw = log.required(element, "path") else { return nil }
        guard let path = Self.virtualPath(raw) else {
            log.invalid(element, "path", raw, expected: "an application path starts with '/', as in /shop")
            return nil
        }
        var applicationDefaults = defaults
        for child in element.children where child.name == "virtualDirectoryDefaults" { applicationDefaults.read(child, log: log) }
        var directories: [VirtualDirectory] = []
        for child in element.children {
            if child.name == "virtualDirectoryDefaults" { continue }
            guard child.name == "virtualDirectory" else { log.unknownElement(child, in: "application"); continue }
            guard let rawVirtual = log.required(child, "path") else { continue }
            guard let virtualPath = Self.virtualPath(rawVirtual) else {
                log.invalid(child, "path", rawVirtual, expected: "a virtual directory path starts with '/', as in /images")
                continue
            }
            if directories.contains(where: { $0.path.lowercased() == virtualPath.lowercased() }) {
                log.error(child.line, "<virtualDirectory path=\"\(virtualPath)\">: the application already has a virtual directory at this path")
                continue
            }
            guard let rawPhysical = child.attributes["physicalPath"] ?? applicationDefaults.physicalPath else {
                _ = log.required(child, "physicalPath")
                continue
            }
            if child.attributes["userName"].map({ !$0.isEmpty }) ?? false {
                log.note(PortingNote(.windowsOnly, feature: "virtual directory credentials (userName, password)", item: "\(site ?? "site"): \(path)",
                                     consequence: "the files are read as isapi-bridge's own process user", site: site, line: child.line))
            }
            var allowSubDirConfig = applicationDefaults.allowSubDirConfig
            if let value = log.boolean(child, "allowSubDirConfig") { allowSubDirConfig = value }
            switch paths.resolve(rawPhysical) {
            case .success(let physical):
                directories.append(VirtualDirectory(path: virtualPath, physicalPath: physical, allowSubDirConfig: allowSubDirConfig, line: child.line))
            case .failure(.unmappedWindowsPath(let windows)):
                log.invalid(child, "physicalPath", rawPhysical, expected: PathResolution.unmappedHint(windows))
            case .failure(.undefinedVariable(let name)):
                log.invalid(child, "physicalPath", rawPhysical, expected: "the environment variable %\(name)% is not set; set it or write the path out")
            }
        }
        // The root application's is reported when the site is assembled.
        if path != "/" && !directories.contains(where: { $0.path == "/" }) && !directories.isEmpty {
            log.error(element.line, "<application path=\"\(path)\"> has no <virtualDirectory path=\"/\" physicalPath=...>; an application needs its root directory")
        }
        return ApplicationModel(path: path, virtualDirectories: directories, applicationPool: element.attributes["applicationPool"] ?? pool,
                                line: element.line)
    }

    /// `/shop`, `/shop/`, `\\shop` and `/` as one form: a leading slash, no trailing one (but `/`).
    static func virtualPath(_ raw: String) -> String? {
        var path = raw.replacingOccurrences(of: "\\", with: "/").trimmingCharacters(in: .whitespaces)
        guard path.hasPrefix("/") else { return nil }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// A log directory that cannot be used is a warning: the default log directory is used instead.
    private func logDirectory(_ element: ConfigElement) -> String? {
        guard let raw = element.attributes["directory"] else { return nil }
        switch paths.resolve(raw) {
        case .success(let directory): return directory
        case .failure(.unmappedWindowsPath(let windows)):
            log.warning(element.line, "<logFile directory=\"\(raw)\">: \(PathResolution.unmappedHint(windows)); the default log directory (--log-dir) is used")
        case .failure(.undefinedVariable(let name)):
            log.warning(element.line, "<logFile directory=\"\(raw)\">: the environment variable %\(name)% is not set; the default log directory (--log-dir) is used")
        }
        return nil
    }
}

/// `virtualDirectoryDefaults` (under `<sites>`, a `<site>` or an `<application>`): what a
/// `<virtualDirectory>` that does not say gets.
struct VirtualDirectoryDefaults {
    var physicalPath: String?
    var allowSubDirConfig = true

    mutating func read(_ element: ConfigElement, log: DiagnosticLog) {
        if let value = element.attributes["physicalPath"], !value.isEmpty { physicalPath = value }
        if let value = log.boolean(element, "allowSubDirConfig") { allowSubDirConfig = value }
    }
}
