import ArgumentParser
import Config

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `serve` supervises its worker processes. The first four are the IIS application pool
/// settings of `processModel` and `failure`: a flag wins over the pool's value in the file, which
/// wins over the default.
struct WorkerOptions: ParsableArguments {
    @Option(name: .customLong("workers"),
            help: ArgumentHelp("Worker processes per application pool (default: processModel/@maxProcesses, else one per core). 0: serve in this process (a crash in a filter or module ends the server; for debugging).",
                               valueName: "n"))
    var count: Int?

    @Option(help: ArgumentHelp("Seconds SIGTERM lets workers drain before they are killed (IIS processModel/@shutdownTimeLimit; default 90).",
                               valueName: "seconds"))
    var shutdownTimeLimit: Double?

    @Option(help: ArgumentHelp("Worker failures within --rapid-fail-interval past which the supervisor stops restarting and answers 503 (IIS failure/@rapidFailProtectionMaxCrashes; default 5; 0 turns the protection off).",
                               valueName: "n"))
    var rapidFailMaxCrashes: Int?

    @Option(help: ArgumentHelp("Seconds over which worker failures are counted (IIS failure/@rapidFailProtectionInterval; default 300).",
                               valueName: "seconds"))
    var rapidFailInterval: Double?

    @Option(help: ArgumentHelp("Seconds one call into a filter or module may run before the worker logs it as hung (default 30).",
                               valueName: "seconds"))
    var notificationTimeout: Double = 30

    @Option(help: ArgumentHelp("Seconds a hung call may run before its worker stops accepting and exits to be replaced (default: twice --notification-timeout).",
                               valueName: "seconds"))
    var hangExitTimeout: Double?

    var hangExit: Double { hangExitTimeout ?? notificationTimeout * 2 }

    func validate() throws {
        if let count, count < 0 || count > 256 { throw ValidationError("--workers must be between 0 and 256") }
        if let rapidFailMaxCrashes, rapidFailMaxCrashes < 0 { throw ValidationError("--rapid-fail-max-crashes must not be negative") }
        for (name, value) in [("--shutdown-time-limit", shutdownTimeLimit), ("--rapid-fail-interval", rapidFailInterval),
                              ("--notification-timeout", notificationTimeout), ("--hang-exit-timeout", hangExit)] {
            if let value, !(value > 0 && value <= 86_400) { throw ValidationError("\(name) must be more than 0 and at most 86400 seconds") }
        }
        if hangExit < notificationTimeout { throw ValidationError("--hang-exit-timeout must not be less than --notification-timeout") }
    }

    /// This run's settings for `pool`.
    func settings(for pool: ApplicationPoolModel) -> PoolSettings {
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let fromFile = pool.maxProcesses.map { $0 == 0 ? cores : $0 }
        return PoolSettings(
            name: pool.name, workers: max(1, count ?? fromFile ?? cores),
            shutdownTimeLimit: shutdownTimeLimit ?? Self.seconds(pool.shutdownTimeLimit),
            rapidFailMaxCrashes: rapidFailMaxCrashes ?? (pool.rapidFailProtection ? pool.rapidFailProtectionMaxCrashes : 0),
            rapidFailInterval: rapidFailInterval ?? Self.seconds(pool.rapidFailProtectionInterval),
            recycleAfter: pool.periodicRestartTime.map(Self.seconds), recycleAboveKB: pool.periodicRestartPrivateMemory,
            pingInterval: pool.pingingEnabled ? Self.seconds(pool.pingInterval) : nil,
            pingResponseTime: Self.seconds(pool.pingResponseTime))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// One application pool's supervision settings, resolved.
struct PoolSettings: Sendable {
    let name: String
    let workers: Int
    let shutdownTimeLimit: Double
    /// 0: rapid-fail protection is off.
    let rapidFailMaxCrashes: Int
    let rapidFailInterval: Double
    /// `recycling/periodicRestart`: seconds of age, KB of resident memory (nil: never).
    var recycleAfter: Double? = nil
    var recycleAboveKB: Int? = nil
    /// Health pings (`processModel`): how often a worker says it can serve (nil: pinging is off),
    /// and how long the supervisor waits for one before killing it.
    var pingInterval: Double? = nil
    var pingResponseTime: Double = 90
}
