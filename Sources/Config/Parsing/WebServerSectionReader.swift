import Foundation

/// Reads one `<system.webServer>` element (server level or inside a `<location>`) into edits.
/// IIS's own modules, ASP.NET, Windows DLLs and sections isapi-bridge does not run become
/// `PortingNote`s (one summary in `check`), not a warning per line.
struct WebServerSectionReader {
    let log: DiagnosticLog
    let paths: PathResolution
    /// True for the server level: `globalModules` is allowed and filters are global.
    let serverLevel: Bool
    /// The directory the level applies to (`/` for a site, `/app/dir` below it).
    var virtualPath = "/"
    /// True when the level is a `web.config` file (the site root's included).
    var inWebConfig = false
    /// Readers of sections isapi-bridge itself does not read, by element name.
    var sectionReaders: [String: any ConfigSectionReader] = [:]

    func read(_ section: ConfigElement, into edits: inout SectionEdits) {
        for element in section.children {
            if element.name != "security" { edits.sections.append(("system.webServer/" + element.name, element.line)) }
            // `<rewrite rulesFile>` (IIRF, mod_rewrite) is read here; the URL Rewrite module's own rules by its reader.
            if let reader = sectionReaders[element.name], !(element.name == "rewrite" && Self.namesRulesFile(element)) {
                if let value = reader.read(element, virtualPath: virtualPath, serverLevel: serverLevel, diagnostics: SectionDiagnostics(log: log)) {
                    edits.custom.append(ScopedSection(name: element.name, virtualPath: virtualPath, file: log.file, line: element.line, value: value))
                }
                continue
            }
            switch element.name {
            case "globalModules":
                guard serverLevel else {
                    log.error(element.line, "<globalModules> is allowed at server level only; move it out of <location>")
                    continue
                }
                edits.globalModules += collection(element, itemName: "add") { readGlobalModule($0) }
            case "modules":
                edits.modules += collection(element, itemName: "add") { readModule($0) }
            case "isapiFilters":
                edits.filters += collection(element, itemName: "filter") { readFilter($0) }
            case "handlers":
                edits.handlers += collection(element, itemName: "add") { readHandler($0) }
            case "rewrite":
                if Self.namesRulesFile(element) {
                    edits.rewrite = readRewrite(element)
                } else {
                    log.error(element.line, "<rewrite> holds IIS URL Rewrite rules, but this configuration reader has no reader for them registered (ConfigReader.sectionReaders[\"rewrite\"]; isapi-bridge's commands register SiteAssembly's); or name a rules file with rulesFile=")
                }
            case "security":
                readSecurity(element, into: &edits)
            case "caching":
                if serverLevel {
                    edits.fileCache = FileCacheReader(log: log).read(element)
                } else {
                    log.warning(element.line, "<caching> is read at server level only (one file cache per process); move it out of <location>; ignored")
                }
            case "nativeThreadPool":
                if serverLevel {
                    edits.nativeThreadPool = NativeThreadPoolReader(log: log).read(element)
                } else {
                    log.warning(element.line, "<nativeThreadPool> is read at server level only (one pool per process); move it out of <location>; ignored")
                }
            case "defaultDocument":
                ResponseSectionsReader(log: log).readDefaultDocument(element, into: &edits.response)
            case "staticContent":
                ResponseSectionsReader(log: log).readStaticContent(element, into: &edits.response)
            case "httpErrors":
                ResponseSectionsReader(log: log, paths: paths).readHTTPErrors(element, into: &edits.response)
            case "httpRedirect":
                ResponseSectionsReader(log: log).readHTTPRedirect(element, into: &edits.response)
                edits.response.httpRedirect?.scope = virtualPath
            case "directoryBrowse":
                ResponseSectionsReader(log: log).readDirectoryBrowse(element, into: &edits.response)
            case "httpProtocol":
                ResponseSectionsReader(log: log).readHTTPProtocol(element, into: &edits.response)
            case "serverRuntime":
                readServerRuntime(element, into: &edits)
            case "reverseProxy":
                edits.reverseProxy = ReverseProxyReader(log: log).read(element)
            case let name where IISSections.windowsOnly.contains(name):
                log.note(PortingNote(.windowsOnly, feature: "Windows-only sections", item: "<\(name)>", consequence: PortingFeature.ignored, line: element.line))
            case let name where IISSections.notImplemented.contains(name):
                log.note(PortingNote(.notImplemented, feature: PortingFeature.sections, item: "<\(name)>", consequence: PortingFeature.ignored, line: element.line))
            default:
                log.unknownElement(element, in: section.name)
            }
        }
    }

    private func readSecurity(_ security: ConfigElement, into edits: inout SectionEdits) {
        for element in security.children {
            if element.name == "authentication" {
                for scheme in element.children { edits.sections.append(("system.webServer/security/authentication/" + scheme.name, scheme.line)) }
            } else {
                edits.sections.append(("system.webServer/security/" + element.name, element.line))
            }
            switch element.name {
            case "requestFiltering":
                edits.requestFiltering = RequestFilteringReader(log: log).read(element)
            case "authentication":
                edits.authentication = AuthenticationReader(log: log, paths: paths).read(element)
            case "authorization":
                edits.authorization += collection(element, itemName: "add") { readAuthorizationRule($0) }
            case "ipSecurity":
                edits.ipSecurity = IPSecurityReader(log: log).read(element)
            case "access":
                let flags = (element.attributes["sslFlags"] ?? "None").lowercased()
                if flags != "none" && !flags.isEmpty {
                    log.note(PortingNote(.windowsOnly, feature: PortingFeature.tls, item: "<access sslFlags=\"\(element.attributes["sslFlags"] ?? "")\">",
                                         consequence: "enforce TLS in the proxy in front", line: element.line))
                }
            case "isapiCgiRestriction" where serverLevel:
                var model = edits.isapiCgiRestriction ?? IsapiCgiRestrictionModel()
                IsapiCgiRestrictionReader(log: log, paths: paths).read(element, into: &model)
                edits.isapiCgiRestriction = model
            case "isapiCgiRestriction":
                log.warning(element.line, "<isapiCgiRestriction> is read at server level only (IIS allows it in applicationHost.config only); ignored")
            case "applicationDependencies", "dynamicIpSecurity":
                log.note(PortingNote(.windowsOnly, feature: "Windows-only sections", item: "<security><\(element.name)>", consequence: PortingFeature.ignored, line: element.line))
            default:
                log.unknownElement(element, in: security.name)
            }
        }
    }

    /// `<add accessType="Allow|Deny" users="..." roles="..." verbs="..."/>`; `<remove>` names the
    /// same users, roles and verbs.
    private func readAuthorizationRule(_ element: ConfigElement) -> (AuthorizationRule, String)? {
        guard let access = log.required(element, "accessType") else { return nil }
        guard ["allow", "deny"].contains(access.lowercased()) else {
            log.invalid(element, "accessType", access, expected: "must be Allow or Deny")
            return nil
        }
        func list(_ attribute: String) -> [String] {
            (element.attributes[attribute] ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let rule = AuthorizationRule(allow: access.lowercased() == "allow", users: list("users"), roles: list("roles"),
                                     verbs: list("verbs").map { $0.uppercased() }, level: serverLevel ? 0 : 1, line: element.line)
        guard !rule.users.isEmpty || !rule.roles.isEmpty else {
            log.error(element.line, "<authorization><add>: name users=\"...\" (a list, * or ?) or roles=\"...\"")
            return nil
        }
        return (rule, Self.authorizationKey(users: element.attributes["users"], roles: element.attributes["roles"], verbs: element.attributes["verbs"]))
    }

    /// IIS keys the collection by users, roles and verbs together.
    static func authorizationKey(users: String?, roles: String?, verbs: String?) -> String {
        [users, roles, verbs].map { ($0 ?? "").lowercased().replacingOccurrences(of: " ", with: "") }.joined(separator: "|")
    }

    private func collection<Entry>(_ element: ConfigElement, itemName: String,
                                   _ read: (ConfigElement) -> (Entry, String)?) -> [CollectionEdit<Entry>] {
        var edits: [CollectionEdit<Entry>] = []
        for child in element.children {
            switch child.name {
            case itemName:
                if let (entry, name) = read(child) { edits.append(.add(entry, name: name, line: child.line)) }
            case "remove" where element.name == "authorization":
                edits.append(.remove(name: Self.authorizationKey(users: child.attributes["users"], roles: child.attributes["roles"],
                                                                 verbs: child.attributes["verbs"]), line: child.line))
            case "remove":
                if let name = log.required(child, "name") { edits.append(.remove(name: name, line: child.line)) }
            case "clear":
                edits.append(.clear)
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return edits
    }

    private func readGlobalModule(_ element: ConfigElement) -> (GlobalModuleEntry, String)? {
        guard let name = log.required(element, "name"), let raw = log.required(element, "image"),
              applies(element, item: "global module \(name)") else { return nil }
        if IISModuleCatalog.isWindowsComponent(image: raw) {
            if let (category, feature, consequence) = IISModuleCatalog.unavailability(of: name) {
                log.note(PortingNote(category, feature: feature, item: "module \(name)", consequence: consequence, line: element.line))
            }
            return (GlobalModuleEntry(name: name, image: raw, line: element.line, kind: .iisBuiltIn), name)
        }
        guard let image = library(element, "image", raw) else { return nil }
        if let image {
            guard let threading = NativeThreadPoolReader.threading(element, log: log) else { return nil }
            var entry = GlobalModuleEntry(name: name, image: image, line: element.line)
            entry.threading = threading
            return (entry, name)
        }
        log.note(PortingNote(.windowsOnly, feature: PortingFeature.windowsBinary, item: "module \(name) (\(raw))",
                             consequence: "not loaded; <modules> entries and handlers naming it are skipped", line: element.line))
        return (GlobalModuleEntry(name: name, image: raw, line: element.line, kind: .windowsBinary), name)
    }

    private func readModule(_ element: ConfigElement) -> (ModuleEntry, String)? {
        guard let name = log.required(element, "name") else { return nil }
        if let type = element.attributes["type"], !type.isEmpty, !type.hasPrefix("IsapiBridge.") {
            log.note(PortingNote(.windowsOnly, feature: PortingFeature.aspNet, item: "module \(name)", consequence: PortingFeature.ignored, line: element.line))
            return nil
        }
        guard applies(element, item: "module \(name)") else { return nil }
        return (ModuleEntry(name: name, type: element.attributes["type"], line: element.line), name)
    }

    private func readFilter(_ element: ConfigElement) -> (FilterEntry, String)? {
        let name = log.required(element, "name")
        let raw = log.required(element, "path")
        var enabled = true
        if let value = element.attributes["enabled"] {
            switch value.lowercased() {
            case "true": enabled = true
            case "false": enabled = false
            default:
                log.invalid(element, "enabled", value, expected: "must be true or false")
                return nil
            }
        }
        guard let name, let raw, applies(element, item: "filter \(name)") else { return nil }
        if IISModuleCatalog.isWindowsComponent(image: raw) {
            let feature = raw.lowercased().contains("microsoft.net") ? PortingFeature.aspNet : PortingFeature.windowsComponent
            log.note(PortingNote(.windowsOnly, feature: feature, item: "filter \(name)", consequence: "not loaded", line: element.line))
            return nil
        }
        guard let resolved = library(element, "path", raw) else { return nil }
        guard let path = resolved else {
            log.note(PortingNote(.windowsOnly, feature: PortingFeature.windowsBinary, item: "filter \(name) (\(raw))",
                                 consequence: "not loaded: build it for Linux (docs/porting-filters.md) and put the .so beside the .dll", line: element.line))
            return nil
        }
        guard let threading = NativeThreadPoolReader.threading(element, log: log) else { return nil }
        return (FilterEntry(name: name, path: path, enabled: enabled, isGlobal: serverLevel, line: element.line,
                            threading: threading), name)
    }

    private func readHandler(_ element: ConfigElement) -> (HandlerEntry, String)? {
        let name = log.required(element, "name")
        let path = log.required(element, "path")
        let modules = (element.attributes["modules"] ?? "").split(separator: ",")
            .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if element.attributes["modules"] != nil, modules.isEmpty {
            log.invalid(element, "modules", element.attributes["modules"] ?? "", expected: "must list at least one module name")
            return nil
        }
        guard let name, let path else { return nil }
        var unavailable: (PortingNote.Category, String)?
        switch precondition(element) {
        case .never(let reason):
            log.note(PortingNote(.preconditionFalse, feature: reason, item: "handler \(name)", consequence: PortingFeature.ignored, line: element.line))
            return nil
        case .needsASPNET:
            unavailable = (.windowsOnly, PortingFeature.aspNet)
        case .holds:
            break
        }
        if let type = element.attributes["type"], !type.isEmpty, !type.hasPrefix("IsapiBridge.") {
            unavailable = (.windowsOnly, PortingFeature.aspNet)
        }
        // Unavailable when none of its modules can run here (the StaticFile handler also names
        // DirectoryListingModule, which is not provided, and still serves files).
        let script = (element.attributes["scriptProcessor"] ?? "").lowercased()
        if unavailable == nil, let first = modules.first, modules.allSatisfy({ Self.moduleUnavailability($0, script: script) != nil }) {
            unavailable = Self.moduleUnavailability(first, script: script)
        }
        var extensionPath: String?
        var upstream: String?
        var threading = NativeThreading.pool
        if unavailable == nil, modules.contains("IsapiModule"), let raw = element.attributes["scriptProcessor"], !raw.isEmpty {
            guard let resolved = library(element, "scriptProcessor", raw) else { return nil }
            guard let mode = NativeThreadPoolReader.threading(element, log: log) else { return nil }
            threading = mode
            if let resolved {
                extensionPath = resolved
            } else {
                unavailable = (.windowsOnly, PortingFeature.windowsBinary)
            }
        } else if unavailable == nil, modules == ["IsapiModule"] {
            // IIS runs the requested .dll itself (the "ISAPI-dll" handler): not done here.
            unavailable = (.notImplemented, "ISAPI extensions named by the request URL (an IsapiModule handler without scriptProcessor)")
        } else if unavailable == nil, modules.contains("ReverseProxyModule") {
            // The reverse proxy handler forwards to the URL its scriptProcessor names.
            if let raw = element.attributes["scriptProcessor"], raw.lowercased().hasPrefix("http://") {
                upstream = raw
            } else {
                log.error(element.line, "<handlers> entry '\(name)': a ReverseProxyModule handler needs scriptProcessor=\"http://host[:port][/base]\" (the upstream, or http://<webFarm name>)")
                return nil
            }
        } else if unavailable == nil && element.attributes["scriptProcessor"] != nil {
            log.warning(element.line, "<add scriptProcessor=...> in <handlers>: only IsapiModule and ReverseProxyModule handlers use one (CGI is not supported); ignored")
        }
        let verb = element.attributes["verb"] ?? "*"
        var entry = HandlerEntry(name: name, path: path, verb: verb, modules: modules, line: element.line)
        entry.scriptProcessor = extensionPath
        entry.upstream = upstream
        entry.threading = threading
        if let (category, feature) = unavailable {
            let note = PortingNote(category, feature: feature, item: "handler \(name) (\(path))",
                                   consequence: PortingFeature.handlerConsequence, line: element.line)
            log.note(note)
            entry.unavailable = note
        }
        return (entry, name)
    }

    /// Why a module a handler names cannot run, or nil when it can (as far as the file says).
    static func moduleUnavailability(_ module: String, script: String) -> (PortingNote.Category, String)? {
        if module == "ManagedPipelineHandler" { return (.windowsOnly, PortingFeature.aspNet) }
        if module == "IsapiModule" && script.hasSuffix("asp.dll") { return (.windowsOnly, PortingFeature.classicASP) }
        if module == "IsapiModule" && script.contains("aspnet_isapi") { return (.windowsOnly, PortingFeature.aspNet) }
        return IISModuleCatalog.unavailability(of: module).map { ($0.category, $0.feature) }
    }

    /// `<serverRuntime>`: `uploadReadAheadSize` (server level: the ECB's first body chunk),
    /// `maxRequestEntityAllowed` (413) and `appConcurrentRequestLimit` (503.2) are applied; the
    /// others are reported once in `check`'s summary when they differ from IIS's defaults.
    private func readServerRuntime(_ element: ConfigElement, into edits: inout SectionEdits) {
        if let raw = element.attributes["uploadReadAheadSize"] {
            if !serverLevel {
                log.warning(element.line, "<serverRuntime uploadReadAheadSize> is read at server level only; ignored")
            } else if let size = Int(raw), (0...2_147_483_647).contains(size) {
                edits.uploadReadAheadSize = size
            } else {
                log.invalid(element, "uploadReadAheadSize", raw, expected: "must be a number of bytes from 0 to 2147483647")
            }
        }
        var runtime = ServerRuntimeEdits(line: element.line)
        if let raw = element.attributes["maxRequestEntityAllowed"] {
            if let value = Int(raw), (0...4_294_967_295).contains(value) {
                runtime.maxRequestEntityAllowed = value
            } else {
                log.invalid(element, "maxRequestEntityAllowed", raw, expected: "must be a number of bytes from 0 to 4294967295")
            }
        }
        if let raw = element.attributes["appConcurrentRequestLimit"] {
            if let value = Int(raw), (1...4_294_967_295).contains(value) {
                runtime.appConcurrentRequestLimit = value
            } else {
                log.invalid(element, "appConcurrentRequestLimit", raw, expected: "must be a number of requests from 1 to 4294967295")
            }
        }
        if runtime.maxRequestEntityAllowed != nil || runtime.appConcurrentRequestLimit != nil { edits.serverRuntime = runtime }
        if log.boolean(element, "enabled") == false {
            log.note(PortingNote(.notImplemented, feature: "serverRuntime settings", item: "enabled=\"false\"",
                                 consequence: "ignored: the site is served (remove the site or stop isapi-bridge to take it offline)", line: element.line))
        }
        // Defaults as in IIS's schema; a value that differs is reported, not applied.
        let reported: [(String, String)] = [
            ("frequentHitThreshold", "2"), ("frequentHitTimePeriod", "00:00:10"), ("enableNagling", "false"),
            ("alternateHostName", ""), ("authenticatedUserOverride", "UseAnonymousUser"),
        ]
        for (attribute, standard) in reported {
            guard let raw = element.attributes[attribute], raw.lowercased() != standard.lowercased() else { continue }
            log.note(PortingNote(.notImplemented, feature: "serverRuntime settings", item: "\(attribute)=\"\(raw)\"",
                                 consequence: "ignored: isapi-bridge's file cache (<caching>) and sockets have their own settings", line: element.line))
        }
        for attribute in element.attributes.keys.sorted() where !Self.serverRuntimeAttributes.contains(attribute) {
            log.warning(element.line, "unknown attribute '\(attribute)' in <serverRuntime>; ignored")
        }
    }

    /// `<rewrite rulesFile=...>` (or an empty `<rewrite/>`): the IIRF / mod_rewrite filter, not
    /// the IIS URL Rewrite module's `<rules>`.
    static func namesRulesFile(_ element: ConfigElement) -> Bool {
        element.attributes["rulesFile"] != nil || element.children.isEmpty
    }

    static let serverRuntimeAttributes: Set<String> = [
        "uploadReadAheadSize", "maxRequestEntityAllowed", "appConcurrentRequestLimit", "enabled", "frequentHitThreshold",
        "frequentHitTimePeriod", "enableNagling", "alternateHostName", "authenticatedUserOverride",
        "lockAttributes", "lockAllAttributesExcept", "lockElements", "lockAllElementsExcept", "lockItem",
    ]

    private func readRewrite(_ element: ConfigElement) -> RewriteEntry? {
        guard let raw = log.required(element, "rulesFile") else { return nil }
        let dialect = element.attributes["dialect"] ?? "iirf"
        guard ["iirf", "mod_rewrite"].contains(dialect) else {
            log.invalid(element, "dialect", dialect, expected: "must be iirf or mod_rewrite")
            return nil
        }
        switch paths.resolve(raw) {
        case .success(let file): return RewriteEntry(rulesFile: file, dialect: dialect, line: element.line)
        case .failure(let failure): report(failure, element, "rulesFile"); return nil
        }
    }

    /// A library path attribute, resolved: nil on an error (reported); `.some(nil)` for a Windows
    /// `.dll` with no Linux build beside it (`name.so` or `libname.so`).
    private func library(_ element: ConfigElement, _ attribute: String, _ raw: String) -> String?? {
        switch paths.resolve(raw) {
        case .success(let path):
            guard path.lowercased().hasSuffix(".dll") else { return .some(path) }
            return .some(Self.linuxBuild(of: path))
        case .failure(let failure):
            report(failure, element, attribute)
            return nil
        }
    }

    /// `dir/name.so` or `dir/libname.so` for `dir/name.dll`, when one exists.
    static func linuxBuild(of dll: String) -> String? {
        let directory = (dll as NSString).deletingLastPathComponent
        let stem = ((dll as NSString).lastPathComponent as NSString).deletingPathExtension
        return ["\(directory)/\(stem).so", "\(directory)/lib\(stem).so"].first { FileManager.default.fileExists(atPath: $0) }
    }

    private func report(_ failure: PathResolution.Failure, _ element: ConfigElement, _ attribute: String) {
        let raw = element.attributes[attribute] ?? ""
        switch failure {
        case .unmappedWindowsPath(let windows):
            log.invalid(element, attribute, raw, expected: PathResolution.unmappedHint(windows))
        case .undefinedVariable(let name):
            log.invalid(element, attribute, raw, expected: "the environment variable %\(name)% is not set; set it or write the path out")
        }
    }

    enum Precondition: Equatable {
        case holds
        /// Never true here: the entry is skipped.
        case never(String)
        /// Needs the .NET runtime (`runtimeVersionv4.0`, `managedHandler`).
        case needsASPNET
    }

    /// `preCondition`: `bitness64` and `integratedMode` hold; `bitness32`, `classicMode` and
    /// `ISAPIMode` never do; `runtimeVersion*` and `managedHandler` need ASP.NET; anything else is
    /// ignored with a warning.
    func precondition(_ element: ConfigElement) -> Precondition {
        guard let raw = element.attributes["preCondition"] else { return .holds }
        var outcome = Precondition.holds
        for token in raw.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) where !token.isEmpty {
            switch token.lowercased() {
            case "bitness64", "integratedmode": continue
            case "bitness32": return .never("32-bit only (bitness32)")
            case "classicmode", "isapimode": return .never("classic pipeline only (\(token))")
            case "managedhandler": outcome = .needsASPNET
            case let lower where lower.hasPrefix("runtimeversion"): outcome = .needsASPNET
            default:
                log.warning(element.line, "preCondition '\(token)' is not supported by isapi-bridge; ignored")
            }
        }
        return outcome
    }

    /// Whether a module or filter entry applies; a skipped one is noted.
    private func applies(_ element: ConfigElement, item: String) -> Bool {
        switch precondition(element) {
        case .holds: return true
        case .never(let reason):
            log.note(PortingNote(.preconditionFalse, feature: reason, item: item, consequence: PortingFeature.ignored, line: element.line))
        case .needsASPNET:
            log.note(PortingNote(.windowsOnly, feature: PortingFeature.aspNet, item: item, consequence: PortingFeature.ignored, line: element.line))
        }
        return false
    }
}

/// `system.webServer` sections isapi-bridge reads no further than to list them in `check`.
enum IISSections {
    static let windowsOnly: Set<String> = ["asp", "cgi", "fastCgi", "webdav", "odbcLogging", "management", "aspNetCore", "httpPlatform"]
    static let notImplemented: Set<String> = [
        "urlCompression", "httpCompression",
        "serverSideInclude", "tracing", "httpTracing", "validation", "webSocket", "applicationInitialization",
        "httpLogging", "cors",
    ]
}
