import Config
import Foundation
import NativeHost
import NativeModules
import Pipeline
import Rewrite
import Server

/// Turns a `ServerModel` into a pipeline per site, loading native filters and modules through a
/// `NativeCodeLoader`. Every problem is reported (file, line, what to fix), not just the first; on
/// failure whatever was loaded is terminated again.
public struct ServerAssembler: Sendable {
    public var loader: any NativeCodeLoader
    public var options: PipelineOptions

    public init(loader: any NativeCodeLoader = SystemNativeLoader(), options: PipelineOptions = PipelineOptions()) {
        self.loader = loader
        self.options = options
    }

    public func assemble(_ model: ServerModel) throws(ConfigError) -> AssembledServer {
        var problems = AssemblyLog(file: model.source)
        // One file cache per process, as IIS has; the static file handlers made below share it.
        if FileCache.processWide.limits != model.fileCache.limits { FileCache.useProcessWide(limits: model.fileCache.limits) }
        // globalModules: loaded once for the process.
        let callPool = NativeThreadPool.pool(for: model.nativeThreadPool)
        var native: [String: NativeModule] = [:]
        var nativeInOrder: [NativeModule] = []
        for entry in model.globalModules {
            do {
                var module = try loader.loadModule(name: entry.name, image: entry.image)
                module.threading = ExecutionMode(entry.threading)
                native[entry.name.lowercased()] = module
                nativeInOrder.append(module)
            } catch {
                problems.error(entry.line, "<globalModules> entry '\(entry.name)': \(error)" + Self.missingFileHint(entry.image))
            }
        }
        let globalRegistrations = nativeInOrder.compactMap(\.globalRegistration)
        // Global filters: loaded once, shared by every site that keeps them.
        var globalFilters: [String: FilterRegistration] = [:]
        var sharedFilters: [FilterRegistration] = []
        for entry in model.globalFilters where entry.enabled {
            if let registration = loadFilter(entry, &problems) {
                globalFilters[entry.name.lowercased()] = registration
                sharedFilters.append(registration)
            }
        }
        var sites: [AssembledSite] = []
        var notes = model.notes
        var loadedSiteFilters: [FilterRegistration] = []
        var extensions = ExtensionLoads()
        for site in model.sites {
            // As IIS, a site whose directory is missing starts (its requests get 404 until it
            // exists); a path that names something else than a directory is a mistake to fix.
            if site.physicalPath.isEmpty {
                problems.error(site.line, "<site name=\"\(site.name)\">: its root application has no <virtualDirectory path=\"/\" physicalPath=...>; add one")
            } else if !FileManager.default.fileExists(atPath: site.physicalPath) {
                problems.warning(site.line, "<site name=\"\(site.name)\">: the physical path '\(site.physicalPath)' does not exist; the site is served and its requests get 404 until it does (create it, or fix <virtualDirectory physicalPath> or --map-path)")
            } else if !Self.isDirectory(site.physicalPath) {
                problems.error(site.line, "<site name=\"\(site.name)\">: the physical path '\(site.physicalPath)' is not a directory; create it or fix <virtualDirectory physicalPath>")
            }
            for application in site.applications {
                for directory in application.virtualDirectories where application.path != "/" || directory.path != "/" {
                    let path = application.fullPath(of: directory)
                    if !FileManager.default.fileExists(atPath: directory.physicalPath) {
                        problems.warning(directory.line, "site '\(site.name)', virtual directory \(path): the physical path '\(directory.physicalPath)' does not exist; its requests get 404 until it does")
                    } else if !Self.isDirectory(directory.physicalPath) {
                        problems.error(directory.line, "site '\(site.name)', virtual directory \(path): the physical path '\(directory.physicalPath)' is not a directory")
                    }
                }
            }
            var modules: [ModuleRegistration] = []
            var kinds: [(String, String)] = []
            var hostsFilters = false
            var hostsExtensions = false
            for entry in site.modules {
                if let module = native[entry.name.lowercased()], entry.type == nil {
                    if let registration = module.registration { modules.append(registration) }
                    kinds.append((entry.name, "native C++ (" + (module.image.split(separator: "/").last.map(String.init) ?? module.image) + ")"))
                    continue
                }
                switch BuiltInModule.named(entry.name, type: entry.type) {
                case .swift(let make)?:
                    modules.append(make())
                    kinds.append((entry.name, "Swift built-in"))
                case .filterHost?:
                    hostsFilters = true
                    kinds.append((entry.name, "ISAPI filter host"))
                case .extensionHost?:
                    hostsExtensions = true
                    kinds.append((entry.name, "ISAPI extension host"))
                case .reverseProxy?:
                    modules.append(Self.reverseProxyRegistration(for: site, logger: options.logger, &problems))
                    kinds.append((entry.name, "Swift built-in: reverse proxy"))
                case .coveredElsewhere(let reason)?:
                    kinds.append((entry.name, "accepted: \(reason)"))
                case nil:
                    if let (category, feature, consequence) = IISModuleCatalog.unavailability(of: entry.name) {
                        notes.append(PortingNote(category, feature: feature, item: "module \(entry.name)", consequence: consequence, line: entry.line))
                        kinds.append((entry.name, "not available: \(feature)"))
                        continue
                    }
                    if let other = model.otherGlobalModules.first(where: { $0.name.lowercased() == entry.name.lowercased() }) {
                        if other.kind == .iisBuiltIn {
                            notes.append(PortingNote(.windowsOnly, feature: PortingFeature.windowsComponent, item: "module \(entry.name)",
                                                     consequence: PortingFeature.ignored, line: entry.line))
                        }
                        kinds.append((entry.name, other.kind == .iisBuiltIn ? "not available: IIS component \(other.image)" : "not available: Windows DLL \(other.image)"))
                        continue
                    }
                    if model.globalModules.contains(where: { $0.name.lowercased() == entry.name.lowercased() }) { continue }  // load error reported
                    problems.error(entry.line, "module '\(entry.name)' in <modules> has no <globalModules> entry and is not a built-in module; add <globalModules><add name=\"\(entry.name)\" image=\"/path/to/lib.so\"/></globalModules>")
                }
            }
            if hostsExtensions, let registration = extensions.registration(for: site, model: model, loader: loader, &problems) {
                modules.append(registration)
            }
            let sections = sectionModules(for: site, &problems, around: modules)
            modules = sections.registrations
            if let limit = site.serverRuntime.appConcurrentRequestLimit {
                modules.insert(ConcurrentRequestLimit(limit: limit).registration, at: 0)
            }
            let moduleNames = Set(modules.map { $0.name.lowercased() } + site.modules.map { $0.name.lowercased() })
            for handler in site.handlers where handler.unavailable == nil {
                for name in handler.modules where !moduleNames.contains(name.lowercased())
                    && IISModuleCatalog.unavailability(of: name) == nil {
                    problems.error(handler.line, "<handlers> entry '\(handler.name)' names module '\(name)', which is not enabled in <modules> for site '\(site.name)'")
                }
            }
            // Filters: the site's list (global entries it kept, then its own), plus the rewrite filter.
            // Without IsapiFilterModule (the filter host) none of them loads, as in IIS.
            var filters: [FilterRegistration] = []
            if !hostsFilters && (!site.filters.filter(\.enabled).isEmpty || site.rewrite != nil) {
                problems.warning(site.line, "site '\(site.name)' configures ISAPI filters but IsapiFilterModule is not enabled in its <modules>; its filters do not run (add <add name=\"IsapiFilterModule\"/>)")
            }
            for entry in site.filters where entry.enabled && hostsFilters {
                if entry.isGlobal {
                    if let shared = globalFilters[entry.name.lowercased()] { filters.append(shared) }
                } else if let registration = loadFilter(entry, &problems) {
                    filters.append(registration)
                    loadedSiteFilters.append(registration)
                }
            }
            if let rewrite = site.rewrite, hostsFilters {
                if FileManager.default.isReadableFile(atPath: rewrite.rulesFile), let dialect = Dialect(name: rewrite.dialect) {
                    do {
                        // The rules' warnings join the configuration's (so `check` counts them), not the log.
                        let rules = ReloadingRuleSet(path: rewrite.rulesFile, dialect: dialect, firstLoadWarnings: .reportedByCaller)
                        for warning in rules.current().warnings {
                            problems.warning(file: warning.file, warning.line, "rewrite rules: \(warning.message)")
                        }
                        let registration = try FilterRegistration(name: "Rewrite", filter: RewriteFilter(rules: rules), isGlobal: false)
                        filters.append(registration)
                        loadedSiteFilters.append(registration)
                    } catch {
                        problems.error(rewrite.line, "\(error)")
                    }
                } else {
                    problems.error(rewrite.line, "<rewrite rulesFile=\"\(rewrite.rulesFile)\">: cannot read the rules file; check the path (relative paths are relative to the configuration file)")
                }
            }
            checkURLRewrite(for: site, &problems)
            var chain: FilterChain?
            do {
                chain = try FilterChain(filters)
            } catch {
                problems.error(site.line, "site '\(site.name)': \(error)")
            }
            var observers = options.observers
            if let writers = options.logWriters, let directory = site.logDirectory ?? options.logDirectory {
                observers.append(writers.writer(directory: directory, siteID: site.id))
            }
            let pipeline = RequestPipeline(
                site: SiteInfo(id: site.id, name: site.name, physicalPath: site.physicalPath, virtualRoots: Self.virtualRoots(of: site)),
                modules: modules, globalModules: globalRegistrations,
                handlers: site.handlerMappings,
                requestFiltering: site.requestFilteringSettings, directories: sections.directories,
                filters: chain, memory: options.memory, tracing: options.tracing, traceHandler: options.traceHandler,
                observers: observers, logger: options.logger, callPool: callPool)
            sites.append(AssembledSite(model: site, pipeline: pipeline, moduleKinds: kinds,
                                       disabledFilters: site.filters.filter { !$0.enabled }))
        }
        let tls = Self.listenerTLS(model, &problems)
        let assembled = AssembledServer(model: model, sites: sites, nativeModules: nativeInOrder, notes: notes,
                                        warnings: model.warnings + problems.diagnostics.filter { $0.severity == .warning },
                                        tls: tls)
        // Filters that loaded but reached no pipeline (a global filter every site removed, a site
        // whose chain failed) are terminated now; nothing else will.
        let inPipelines = Set(sites.flatMap { $0.pipeline.filters?.filters ?? [] }.map { ObjectIdentifier($0.filter) })
        for filter in sharedFilters + loadedSiteFilters where !inPipelines.contains(ObjectIdentifier(filter.filter)) {
            filter.filter.terminateFilter()
        }
        if problems.hasErrors {
            assembled.terminate()
            throw ConfigError(diagnostics: model.warnings + problems.diagnostics)
        }
        return assembled
    }

    private func loadFilter(_ entry: FilterEntry, _ problems: inout AssemblyLog) -> FilterRegistration? {
        do {
            var registration = try loader.loadFilter(name: entry.name, path: entry.path, isGlobal: entry.isGlobal)
            registration.threading = ExecutionMode(entry.threading)
            return registration
        } catch let error as NativeFilterLoadError where error.cause == .declinedByFilter {
            // GetFilterVersion returned FALSE with no error: the filter declines to run; not a failure.
            problems.warning(entry.line, "<isapiFilters> filter '\(entry.name)': \(error)")
            return nil
        } catch {
            problems.error(entry.line, "<isapiFilters> filter '\(entry.name)': \(error)" + Self.missingFileHint(entry.path))
            return nil
        }
    }

    /// Every virtual directory of the site, for MapPath and the application server variables.
    static func virtualRoots(of site: SiteModel) -> [VirtualRoot] {
        site.applications.flatMap { application in
            application.virtualDirectories.map { directory in
                VirtualRoot(virtualPath: application.fullPath(of: directory), physicalPath: directory.physicalPath,
                            applicationPath: application.path, applicationPhysicalPath: application.physicalPath,
                            applicationPool: application.applicationPool ?? ApplicationPoolModel.defaultName)
            }
        }
    }

    /// For a library that is not there: how to get it.
    static func missingFileHint(_ path: String) -> String {
        guard !FileManager.default.fileExists(atPath: path) else { return "" }
        return " (no file at \(path): build it — `swift build` builds the package's example filters and modules — or fix the path)"
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// Diagnostics found while assembling.
struct AssemblyLog {
    let file: String
    var diagnostics: [ConfigDiagnostic] = []

    init(file: String) { self.file = file }

    mutating func error(_ line: Int, _ message: String) { record(ConfigDiagnostic(.error, file: file, line: line, message)) }
    mutating func warning(_ line: Int, _ message: String) { record(ConfigDiagnostic(.warning, file: file, line: line, message)) }
    mutating func warning(file: String, _ line: Int, _ message: String) { record(ConfigDiagnostic(.warning, file: file, line: line, message)) }

    /// Once per place: an entry every site inherits (a typo in the server's `<modules>`) is checked
    /// for each site but reported once.
    private mutating func record(_ diagnostic: ConfigDiagnostic) {
        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
