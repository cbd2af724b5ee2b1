import Config
import NativeModules
import Pipeline
import Server

/// One configured site with the pipeline built for it.
public struct AssembledSite: Sendable {
    public let model: SiteModel
    public let pipeline: RequestPipeline
    /// What each `<modules>` entry became, in order (for `check`).
    public let moduleKinds: [(name: String, kind: String)]
    /// Filters configured with `enabled="false"` (not loaded).
    public let disabledFilters: [FilterEntry]
}

/// Pipelines for every site of a `ServerModel`, with the native code they loaded. Built once per
/// configuration (and again on reload); `terminate()` ends it.
public final class AssembledServer: Sendable {
    public let model: ServerModel
    public let sites: [AssembledSite]
    public let nativeModules: [NativeModule]
    /// Warnings from reading and from assembling.
    public let warnings: [ConfigDiagnostic]
    /// What the configuration names that is not run (reading's notes and the modules assembly
    /// found unavailable), for `check`'s summary.
    public let notes: [PortingNote]
    /// Computed once: a connection's site lookup is one dictionary read.
    private let selections: [Listener: SiteSelection]

    /// Each https listener's certificates.
    private let tls: [Listener: ListenerTLS]

    init(model: ServerModel, sites: [AssembledSite], nativeModules: [NativeModule], notes: [PortingNote] = [],
         warnings: [ConfigDiagnostic], tls: [Listener: ListenerTLS] = [:]) {
        self.model = model
        self.tls = tls
        self.notes = notes
        self.sites = sites
        self.nativeModules = nativeModules
        self.warnings = warnings
        let fallback = InvalidHostnameSite.pipeline()
        var selections: [Listener: SiteSelection] = [:]
        for listener in model.listeners {
            selections[listener] = Self.selection(for: listener, sites: sites, fallback: fallback)
        }
        self.selections = selections
    }

    /// The certificates of an https listener; nil for a plain HTTP one.
    public func tls(for listener: Listener) -> ListenerTLS? { tls[listener] }

    /// How `listener` picks a site: one site directly, several by Host header.
    public func selection(for listener: Listener) -> SiteSelection {
        selections[listener] ?? .byHost(HostRouting(routes: [], fallback: InvalidHostnameSite.pipeline()))
    }

    private static func selection(for listener: Listener, sites: [AssembledSite], fallback: RequestPipeline) -> SiteSelection {
        var routes: [HostRouting.Route] = []
        for site in sites {
            for binding in site.model.bindings where binding.listener == listener {
                routes.append(HostRouting.Route(hostName: binding.hostName, pipeline: site.pipeline))
            }
        }
        if routes.count == 1, routes[0].hostName.isEmpty { return .single(routes[0].pipeline) }
        return .byHost(HostRouting(routes: routes, fallback: fallback))
    }

    public func site(named name: String) -> AssembledSite? { sites.first { $0.model.name == name } }

    /// TerminateFilter, CHttpModuleFactory::Terminate and CGlobalModule::Terminate, once per object
    /// even when several sites share it.
    public func terminate() {
        var done: Set<ObjectIdentifier> = []
        for site in sites {
            let pipeline = site.pipeline
            for module in pipeline.modules where done.insert(ObjectIdentifier(module.factory)).inserted {
                module.factory.terminate()
            }
            for global in pipeline.globalModules where done.insert(ObjectIdentifier(global.module)).inserted {
                global.module.terminate()
            }
            for filter in pipeline.filters?.filters ?? [] where done.insert(ObjectIdentifier(filter.filter)).inserted {
                filter.filter.terminateFilter()
            }
        }
    }
}
