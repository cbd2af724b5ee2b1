import Synchronization

/// What may differ between the directories of one site (a `web.config`, or a `<location path>`
/// below the site root): request filtering, the handler mappings, and which of the site's modules
/// run (`<modules><remove>`). A site's `DirectoryPolicyProvider` gives the policy of a request's
/// URL; the pipeline asks once per request, at BeginRequest (and again only when a filter or
/// module changes the URL), keeps it in the context and uses it for request filtering, the
/// handler choice and the module chain. A subclass may carry more (SiteAssembly keeps the
/// directory's section modules in it, so they need no second lookup).
open class DirectoryPolicy: @unchecked Sendable {
    public let requestFiltering: RequestFiltering
    public let handlers: [HandlerMapping]
    /// Names of the pipeline's modules that do not run in this directory.
    public let removedModules: Set<String>
    private let prepared = Mutex<DirectoryRules?>(nil)

    public init(requestFiltering: RequestFiltering, handlers: [HandlerMapping], removedModules: Set<String> = []) {
        self.requestFiltering = requestFiltering
        self.handlers = handlers
        self.removedModules = removedModules
    }

    /// The policy prepared for `pipeline` (method set, handler routes, module indices), once.
    func rules(for pipeline: RequestPipeline) -> DirectoryRules {
        prepared.withLock { rules in
            if let rules { return rules }
            let made = DirectoryRules(requestFiltering: requestFiltering, handlers: handlers, removedModules: removedModules, pipeline: pipeline)
            rules = made
            return made
        }
    }
}

/// Gives the `DirectoryPolicy` of a URL path of the site; nil keeps the site's own settings.
/// Called on the event loop once per request: it must be cheap (a cache lookup).
public protocol DirectoryPolicyProvider: Sendable {
    func policy(for path: String) -> DirectoryPolicy?
}

/// A directory's policy in the form the stage machine uses: what `RequestPipeline` prepares for
/// the site, per directory.
final class DirectoryRules: Sendable {
    let requestFiltering: RequestFiltering
    /// Methods that are not answered 501: the standard ones and those the configuration names.
    let recognizedMethods: Set<String>
    let handlerRoutes: [HandlerRoute]
    /// By module index: true when the module does not run here. Empty when every module runs.
    let removed: [Bool]

    init(requestFiltering: RequestFiltering, handlers: [HandlerMapping], removedModules: Set<String>,
         modules: [ModuleRegistration], chain: ModuleChain, moduleIndexByName: [String: Int]) {
        self.requestFiltering = requestFiltering
        self.recognizedMethods = RequestFiltering.standardMethods.union(handlers.flatMap(\.methods))
            .union(requestFiltering.allowedListedMethods)
        let executing = Set(chain.modules(for: .stage(.executeRequestHandler, isPost: false)))
        self.handlerRoutes = handlers.map { HandlerRoute($0, executing: executing, moduleIndexByName: moduleIndexByName) }
        let lowered = Set(removedModules.map { $0.lowercased() })
        self.removed = lowered.isEmpty ? [] : modules.map { lowered.contains($0.name.lowercased()) }
    }

    convenience init(requestFiltering: RequestFiltering, handlers: [HandlerMapping], removedModules: Set<String>, pipeline: RequestPipeline) {
        self.init(requestFiltering: requestFiltering, handlers: handlers, removedModules: removedModules,
                  modules: pipeline.modules, chain: pipeline.chain, moduleIndexByName: pipeline.moduleIndexByName)
    }

    @inline(__always) func isRemoved(_ module: Int) -> Bool { !removed.isEmpty && removed[module] }

    // Request filtering's checks on the settings in place: called as `rules.requestFiltering.…`
    // from the stage machine, they ran on a copy of the whole struct (about 600 instructions a
    // call in retains and releases), once per request and again after every URL change.

    /// `RequestFiltering.refusal(for:recognizedMethods:)` with this directory's methods.
    func refusal(for request: HttpRequest) -> RequestRefusal? {
        requestFiltering.refusal(for: request, recognizedMethods: recognizedMethods)
    }

    /// `RequestFiltering.urlRefusal(for:rawPath:method:)`.
    func urlRefusal(for path: CanonicalPath, rawPath: Substring, method: String) -> RequestRefusal? {
        requestFiltering.urlRefusal(for: path, rawPath: rawPath, method: method)
    }
}
