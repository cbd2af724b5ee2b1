import Foundation

/// Reads an `applicationHost.config` into a `ServerModel`. Unknown elements are warnings with a
/// line number; invalid values are errors naming the element, the attribute and the line, and make
/// the whole read fail (`ConfigError` carries every diagnostic).
public struct ConfigReader: Sendable {
    /// Extra `%NAME%` variables for paths, checked before the environment.
    public var variables: [String: String]
    /// `--map-path`: Windows path prefixes and the Linux directories they stand for.
    public var pathMapping: PathMapping
    /// `--allow-unavailable-authentication`: a site that enables Windows, digest or certificate
    /// authentication starts anyway, without offering the scheme (requests that need it get 401).
    public var allowUnavailableAuthentication: Bool
    /// Readers for sections isapi-bridge does not read itself, by `system.webServer` element name
    /// (`rewrite`): see `ConfigSectionReader`.
    public var sectionReaders: [String: any ConfigSectionReader] = [:]

    public init(variables: [String: String] = [:], pathMapping: PathMapping = PathMapping(),
                allowUnavailableAuthentication: Bool = false) {
        var variables = variables
        if variables[PathResolution.binaryVariable] == nil, let bin = Self.executableDirectory() {
            variables[PathResolution.binaryVariable] = bin
        }
        self.variables = variables
        self.pathMapping = pathMapping
        self.allowUnavailableAuthentication = allowUnavailableAuthentication
    }

    /// Reads a file; relative paths inside it are resolved against its directory.
    public func read(file: String) throws(ConfigError) -> ServerModel {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: 0,
                "cannot read the configuration file; check the path and its permissions")])
        }
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let directory = (absolute as NSString).deletingLastPathComponent
        return try read(data: data, file: file, baseDirectory: directory)
    }

    /// Reads a document held in memory.
    public func read(data: Data, file: String, baseDirectory: String) throws(ConfigError) -> ServerModel {
        let root = try ConfigElement.parse(data, file: file)
        let log = DiagnosticLog(file: file)
        let paths = PathResolution(baseDirectory: baseDirectory, variables: variables, mapping: pathMapping)
        guard root.name == "configuration" else {
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: root.line,
                "the root element is <\(root.name)>; an applicationHost.config starts with <configuration>")])
        }
        var server = SectionEdits()
        var locks = SectionLocks()
        var sites = SitesSectionReader(log: log, paths: paths)
        var locations: [(path: String, line: Int, edits: SectionEdits)] = []
        var limits = ConnectionLimitsModel()
        var pools: [ApplicationPoolModel] = []
        for element in root.children {
            switch element.name {
            case "system.applicationHost":
                for child in element.children {
                    switch child.name {
                    case "sites": sites.read(child)
                    case "webLimits": LimitsReader(log: log).readWebLimits(child, into: &limits)
                    case "applicationPools": pools = ApplicationPoolsReader(log: log).read(child)
                    case "listenerAdapters", "log", "configHistory", "customMetadata", "webLimitsDefaults":
                        log.note(PortingNote(.windowsOnly, feature: "Windows-only sections", item: "<\(child.name)>",
                                             consequence: PortingFeature.ignored, line: child.line))
                    default: log.unknownElement(child, in: element.name)
                    }
                }
            case "system.webServer":
                WebServerSectionReader(log: log, paths: paths, serverLevel: true, sectionReaders: sectionReaders).read(element, into: &server)
            case "location":
                // path="" (or ".") is the server level: IIS Express declares <modules> and <handlers> there.
                let rawPath = element.attributes["path"] ?? ""
                let overrideMode = SectionLocks.overrideMode(of: element)
                if rawPath.trimmingCharacters(in: .whitespaces).isEmpty || rawPath == "." {
                    for child in element.children {
                        if child.name == "system.webServer" {
                            let before = server.sections.count
                            WebServerSectionReader(log: log, paths: paths, serverLevel: true, sectionReaders: sectionReaders).read(child, into: &server)
                            if let overrideMode {
                                for section in server.sections[before...] {
                                    locks.rules.append(.init(site: nil, virtualPath: "/", section: section.name, allow: overrideMode))
                                }
                            }
                        } else if !["system.web", "system.net"].contains(child.name) {
                            log.unknownElement(child, in: "location")
                        }
                    }
                    continue
                }
                let path = rawPath.replacingOccurrences(of: "\\", with: "/").trimmingCharacters(in: Set<Character>(["/"]))
                var edits = SectionEdits()
                let siteName = path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? path
                let below = SitesSectionReader.virtualPath("/" + path.dropFirst(siteName.count).drop { $0 == "/" }) ?? "/"
                for child in element.children {
                    if child.name == "system.webServer" {
                        WebServerSectionReader(log: log, paths: paths, serverLevel: false, virtualPath: below, sectionReaders: sectionReaders)
                            .read(child, into: &edits)
                    } else if ["system.web", "system.net"].contains(child.name) {
                        continue
                    } else {
                        log.unknownElement(child, in: "location")
                    }
                }
                if let overrideMode {
                    for section in edits.sections {
                        locks.rules.append(.init(site: siteName.lowercased(), virtualPath: below, section: section.name, allow: overrideMode))
                    }
                }
                locations.append((path, element.line, edits))
            case "configSections":
                locks.readConfigSections(element)
            case "configProtectedData", "system.web", "system.net":
                continue
            default:
                log.unknownElement(element, in: root.name)
            }
        }
        let model = merge(server: server, sites: sites, locations: locations, locks: locks, paths: paths, log: log)
        for site in model.sites {
            for application in site.applications {
                let pool = application.applicationPool ?? ApplicationPoolModel.defaultName
                if !pools.isEmpty && !pools.contains(where: { $0.name.lowercased() == pool.lowercased() }) {
                    log.error(application.line == 0 ? site.line : application.line, "<site name=\"\(site.name)\">: its application '\(application.path)' names applicationPool '\(pool)', which <applicationPools> does not declare; add <add name=\"\(pool)\"/> or fix the name")
                } else if pool.lowercased() != site.applicationPool.lowercased() {
                    log.note(PortingNote(.notImplemented, feature: "applications of one site in different application pools",
                                         item: "\(site.name)\(application.path) (pool \(pool))",
                                         consequence: "served by the workers of the site root's pool '\(site.applicationPool)'; APP_POOL_ID still names '\(pool)'",
                                         site: site.name, line: application.line))
                }
            }
        }
        if let siteDefaults = sites.siteDefaultLimits { LimitsReader(log: log).readSiteDefaults(siteDefaults, into: &limits) }
        if log.hasErrors { throw ConfigError(diagnostics: log.diagnostics) }
        var result = ServerModel(sites: model.sites, globalModules: model.globalModules.filter { $0.kind == .native },
                                 globalFilters: model.globalFilters, warnings: log.diagnostics, source: file)
        result.otherGlobalModules = model.globalModules.filter { $0.kind != .native }
        result.connectionLimits = limits
        result.fileCache = server.fileCache ?? FileCacheModel()
        result.isapiCgiRestriction = server.isapiCgiRestriction ?? IsapiCgiRestrictionModel()
        if let size = server.uploadReadAheadSize { result.uploadReadAheadSize = size }
        result.nativeThreadPool = server.nativeThreadPool ?? NativeThreadPoolModel()
        result.applicationPools = pools
        result.notes = log.notes
        return result
    }

    private func merge(server: SectionEdits, sites: SitesSectionReader, locations: [(path: String, line: Int, edits: SectionEdits)],
                       locks: SectionLocks, paths: PathResolution, log: DiagnosticLog) -> ServerModel {
        func report(_ severity: ConfigDiagnostic.Severity, _ line: Int, _ message: String) {
            severity == .error ? log.error(line, message) : log.warning(line, message)
        }
        var globalModules = CollectionMerge<GlobalModuleEntry>()
        globalModules.apply(server.globalModules, collection: "globalModules", report: report)
        var globalFilters = CollectionMerge<FilterEntry>()
        globalFilters.apply(server.filters, collection: "isapiFilters", report: report)

        for location in locations where !sites.declaredNames.contains(where: { $0 == location.path || location.path.lowercased().hasPrefix($0.lowercased() + "/") }) {
            // IIS ignores a location for a path that does not exist (Visual Studio leaves some behind);
            // one that sets authentication or authorization may be a typo leaving a site open: an error.
            if location.edits.authentication != nil || !location.edits.authorization.isEmpty {
                log.error(location.line, "<location path=\"\(location.path)\">: no site is named '\(location.path)', and its security settings would apply to none; the path must be a site name from <sites>")
            } else {
                log.warning(location.line, "<location path=\"\(location.path)\">: no site is named '\(location.path)'; its sections are ignored (the path must be a site name from <sites>)")
            }
        }
        var result: [SiteModel] = []
        for var site in sites.sites {
            var merge = SectionMerge()
            merge.apply(server, report: report)
            var levels = [server]
            for location in locations where location.path == site.name {
                merge.apply(location.edits, report: report)
                levels.append(location.edits)
            }
            merge.write(into: &site)
            // `<location path="Site/app/dir">`: applied to the directories below that path.
            let below = locations.filter { $0.path.lowercased().hasPrefix(site.name.lowercased() + "/") }.map {
                ScopedEdits(virtualPath: SitesSectionReader.virtualPath(String($0.path.dropFirst(site.name.count))) ?? "/",
                            source: log.file, line: $0.line, edits: $0.edits)
            }
            checkAuthentication(site, log: log)
            if site.bindings.isEmpty {
                log.note(PortingNote(.windowsOnly, feature: "sites without an http binding (https only, none, or taken by an earlier site)", item: "site \(site.name)",
                                     consequence: "not served: it has no http binding", site: site.name, line: site.line))
                continue
            }
            if site.logDirectory == nil { site.logDirectory = sites.defaultLogDirectory }
            for index in site.applications.indices where site.applications[index].applicationPool == nil {
                site.applications[index].applicationPool = sites.defaultApplicationPool
            }
            site.directories = DirectoryConfigurationSource(levels: levels, hostLocations: below, locks: locks, sectionReaders: sectionReaders,
                                                            paths: paths, allowUnavailableAuthentication: allowUnavailableAuthentication, site: site)
            result.append(site)
        }
        if result.isEmpty && !log.hasErrors {
            log.error(0, sites.declaredNames.isEmpty
                ? "no <site> is configured; add system.applicationHost/sites/site with a binding and a physical path"
                : "no site has an http binding; add <binding protocol=\"http\" bindingInformation=\"*:8080:\"/> to one (terminate TLS in front of isapi-bridge)")
        }
        return ServerModel(sites: result, globalModules: globalModules.values, globalFilters: globalFilters.values)
    }

    /// Anonymous and basic run; an enabled Windows-only scheme stops the site unless allowed, so
    /// that a site configured as closed never runs open.
    private func checkAuthentication(_ site: SiteModel, log: DiagnosticLog) {
        let authentication = site.authentication
        if authentication.basicEnabled && authentication.basicUserFile == nil {
            log.error(authentication.basicLine, "site '\(site.name)': <basicAuthentication enabled=\"true\"> needs userFile=\"FILE\" on Linux (an htpasswd file of user:hash lines; IIS checks Windows accounts instead); add it or disable basic authentication")
        }
        for scheme in authentication.unavailableSchemes {
            if allowUnavailableAuthentication {
                log.note(PortingNote(.windowsOnly, feature: PortingFeature.windowsAuthentication, item: "\(site.name): <\(scheme.element)>",
                                     consequence: "not offered (--allow-unavailable-authentication): requests that need it get 401", site: site.name, line: scheme.line))
            } else {
                log.error(scheme.line, "site '\(site.name)': <\(scheme.element) enabled=\"true\"> is not available on Linux, and isapi-bridge will not serve the site without it; disable it (enabled=\"false\"), use <basicAuthentication enabled=\"true\" userFile=...> instead, or pass --allow-unavailable-authentication to serve without it (requests that need it get 401)")
            }
        }
    }

    /// The directory of the running executable (`%ISAPI_BRIDGE_BIN%`).
    static func executableDirectory() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return (path as NSString).deletingLastPathComponent
    }
}
