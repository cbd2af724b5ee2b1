/// `system.applicationHost/applicationPools/add`: the settings of one set of worker processes.
/// Only what isapi-bridge's supervisor uses is kept; IIS's defaults apply to what the file omits.
public struct ApplicationPoolModel: Sendable, Equatable {
    public static let defaultName = "DefaultAppPool"

    public var name: String
    /// `processModel/@maxProcesses`: worker processes (IIS default 1); nil when the file does not
    /// say, so that `serve`'s own default (one per core) applies; 0 in IIS means one per NUMA node,
    /// read as one per core.
    public var maxProcesses: Int?
    /// `processModel/@shutdownTimeLimit` (IIS default 90 s).
    public var shutdownTimeLimit: Duration = .seconds(90)
    /// `failure/@rapidFailProtection` (default true).
    public var rapidFailProtection = true
    /// `failure/@rapidFailProtectionMaxCrashes` (default 5).
    public var rapidFailProtectionMaxCrashes = 5
    /// `failure/@rapidFailProtectionInterval` (default 5 minutes).
    public var rapidFailProtectionInterval: Duration = .seconds(300)
    /// `recycling/periodicRestart/@time`: a worker older than this is replaced (overlapped); nil or
    /// zero: never. IIS's 29-hour default is not applied: isapi-bridge recycles only when asked.
    public var periodicRestartTime: Duration?
    /// `recycling/periodicRestart/@privateMemory` in KB: a worker whose resident memory is larger
    /// is replaced; nil or zero: never.
    public var periodicRestartPrivateMemory: Int?
    /// `processModel/@pingingEnabled` (default true), `@pingInterval` (30 s), `@pingResponseTime`
    /// (90 s): a worker that sends no health ping for the response time is killed and replaced.
    public var pingingEnabled = true
    public var pingInterval: Duration = .seconds(30)
    public var pingResponseTime: Duration = .seconds(90)
    public var line: Int

    public init(name: String, line: Int = 0) {
        self.name = name
        self.line = line
    }
}

extension ServerModel {
    /// The pool named `name`, or IIS's defaults under that name when the file declares none.
    public func applicationPool(named name: String) -> ApplicationPoolModel {
        applicationPools.first { $0.name.lowercased() == name.lowercased() } ?? ApplicationPoolModel(name: name)
    }

    /// The pools the sites use, in first-seen order, each with the listeners of its sites.
    public var poolListeners: [(pool: String, listeners: [Listener])] {
        var result: [(pool: String, listeners: [Listener])] = []
        for site in sites {
            let name = site.applicationPool
            let index = result.firstIndex { $0.pool.lowercased() == name.lowercased() } ?? {
                result.append((name, []))
                return result.count - 1
            }()
            for binding in site.bindings where !result[index].listeners.contains(binding.listener) {
                result[index].listeners.append(binding.listener)
            }
        }
        return result
    }
}

extension SiteModel {
    /// The application pool of the site's root application (`application/@applicationPool`, else
    /// `applicationDefaults/@applicationPool`, else `DefaultAppPool`).
    public var applicationPool: String {
        let root = applications.first { $0.path == "/" } ?? applications.first
        return root?.applicationPool ?? ApplicationPoolModel.defaultName
    }
}
