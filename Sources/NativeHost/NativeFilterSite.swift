import Logging
import Memory
import Pipeline

/// One `<filter>` entry: a shared object, the name it runs under, and its level.
public struct NativeFilterSpec: Sendable, Equatable {
    public var path: String
    public var name: String
    /// Server-level (global) filters run before site filters and may read raw data.
    public var isGlobal: Bool

    public init(path: String, name: String? = nil, isGlobal: Bool = true) {
        self.path = path
        self.name = name ?? NativeFilterLoader.defaultName(for: path)
        self.isGlobal = isGlobal
    }
}

/// A site's pipeline with native filters, and what happens when one cannot load.
///
/// Like IIS 6 and later, a filter that fails to load takes its site down rather than letting the
/// site run without it (a missing security filter must not mean an open site): the site's
/// pipeline then answers every request with 503 Service Unavailable and the load error, and the
/// error is logged. The server keeps running, so other sites are unaffected. A filter whose
/// GetFilterVersion returns FALSE with last error 0 declines politely: it is skipped with a
/// notice, and the site runs without it.
public enum NativeFilterSite {
    /// The chain of `specs` in configuration order, or the first load error.
    public static func loadChain(_ specs: [NativeFilterSpec], loader: NativeFilterLoader = NativeFilterLoader())
        -> Result<FilterChain, NativeFilterLoadError>
    {
        loadRegistrations(specs, loader: loader).flatMap { chain($0, specs: specs, loader: loader) }
    }

    /// The site's pipeline: `modules` behind the filters of `specs`, or, if one cannot load, the
    /// 503 pipeline of `unavailable(site:error:)`. The error is returned too (and logged).
    public static func pipeline(
        site: SiteInfo, modules: [ModuleRegistration], filters specs: [NativeFilterSpec],
        loader: NativeFilterLoader = NativeFilterLoader(), memory: MemoryConfiguration = .default,
        logger: Logger = Logger(label: "isapi-bridge.pipeline")
    ) -> (pipeline: RequestPipeline, error: NativeFilterLoadError?) {
        pipeline(adding: specs, to: RequestPipeline(site: site, modules: modules, memory: memory, logger: logger), loader: loader)
    }

    /// `base` with the filters of `specs` added after any it already has (its modules, global
    /// modules, handlers and settings kept), or, if one cannot load, the 503 pipeline of
    /// `unavailable(site:error:)` for its site. The error is returned too (and logged).
    public static func pipeline(adding specs: [NativeFilterSpec], to base: RequestPipeline,
                                loader: NativeFilterLoader = NativeFilterLoader())
        -> (pipeline: RequestPipeline, error: NativeFilterLoadError?)
    {
        let filters = loadRegistrations(specs, loader: loader).flatMap { added in
            chain((base.filters?.filters ?? []) + added, specs: specs, loader: loader)
        }
        switch filters {
        case .failure(let error):
            base.logger.error("site '\(base.site.name)' is unavailable (503 for every request): \(error.description)")
            return (unavailable(site: base.site, error: error, memory: base.memory, logger: base.logger), error)
        case .success(let filters):
            // RequestPipeline adds the bridge modules for the chain; drop those of base's own filters.
            let modules = base.modules.filter { $0.name != bridgeModuleName }
            let globalModules = base.globalModules.filter { $0.name != bridgeModuleName }
            let pipeline = RequestPipeline(
                site: base.site, modules: modules, globalModules: globalModules, handlers: base.handlers,
                filters: filters, memory: base.memory, serverSoftware: base.serverSoftware, tracing: base.tracing,
                traceHandler: base.traceHandler, logger: base.logger, memoryLogger: base.memoryLogger)
            return (pipeline, nil)
        }
    }

    /// Every filter of `specs` loaded, skipping those that decline; or the first load error.
    private static func loadRegistrations(_ specs: [NativeFilterSpec], loader: NativeFilterLoader)
        -> Result<[FilterRegistration], NativeFilterLoadError>
    {
        var registrations: [FilterRegistration] = []
        for spec in specs {
            do throws(NativeFilterLoadError) {
                registrations.append(try loader.load(path: spec.path, name: spec.name, isGlobal: spec.isGlobal))
            } catch where error.cause == .declinedByFilter {
                loader.logger.notice("\(error.description)")
            } catch {
                return .failure(error)
            }
        }
        return .success(registrations)
    }

    /// The chain of `registrations`; a refusal (READ_RAW_DATA) as a load error naming the file.
    private static func chain(_ registrations: [FilterRegistration], specs: [NativeFilterSpec], loader: NativeFilterLoader)
        -> Result<FilterChain, NativeFilterLoadError>
    {
        do throws(FilterLoadError) {
            return .success(try FilterChain(registrations, rawDataEnabled: loader.rawDataEnabled))
        } catch {
            let file = specs.first { $0.name == error.filter }?.path ?? error.filter
            return .failure(NativeFilterLoadError(file: file, filterName: error.filter, cause: .readRawDataRefused(error.reason)))
        }
    }

    /// The name of the filter bridge's module and global module (IIS calls it IsapiFilterModule).
    static let bridgeModuleName = "IsapiFilterModule"

    /// A pipeline that answers every request of `site` with 503 and the load error.
    public static func unavailable(site: SiteInfo, error: NativeFilterLoadError, memory: MemoryConfiguration = .default,
                                   logger: Logger = Logger(label: "isapi-bridge.pipeline")) -> RequestPipeline {
        RequestPipeline(site: site, modules: [UnavailableSiteModule.registration(error: error)], memory: memory, logger: logger)
    }
}

/// Answers every request with 503 Service Unavailable and why: the site's filters did not load.
final class UnavailableSiteModule: HttpModule, Sendable {
    static let name = "UnavailableSiteModule"
    let body: String

    init(error: NativeFilterLoadError) {
        body = "503 Service Unavailable: this site is stopped because one of its ISAPI filters could not be loaded.\n\n"
            + error.description + "\n"
    }

    static func registration(error: NativeFilterLoadError) -> ModuleRegistration {
        let module = UnavailableSiteModule(error: error)
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module },
                                  notifications: .beginRequest, priority: .first).notReadingRequestBody()
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws
        -> NotificationStatus
    {
        context.response.clear()
        context.response.setStatus(503)
        context.response.headers.set("Content-Type", "text/plain; charset=utf-8")
        context.response.write(body)
        return .finishRequest
    }
}
