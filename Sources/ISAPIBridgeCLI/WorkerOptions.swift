import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `serve` supervises its worker processes (the IIS application pool settings of
/// `processModel` and `failure`).
struct WorkerOptions: ParsableArguments {
    @Option(name: .customLong("workers"),
            help: ArgumentHelp("Worker processes that run the pipelines (default: one per core). 0: serve in this process (a crash in a filter or module ends the server; for debugging).",
                               valueName: "n"))
    var count: Int = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    @Option(help: ArgumentHelp("Seconds SIGTERM lets workers drain before they are killed (IIS processModel/@shutdownTimeLimit; default 90).",
                               valueName: "seconds"))
    var shutdownTimeLimit: Double = 90

    @Option(help: ArgumentHelp("Worker failures within --rapid-fail-interval past which the supervisor stops restarting and answers 503 (IIS failure/@rapidFailProtectionMaxCrashes; default 5; 0 turns the protection off).",
                               valueName: "n"))
    var rapidFailMaxCrashes: Int = 5

    @Option(help: ArgumentHelp("Seconds over which worker failures are counted (IIS failure/@rapidFailProtectionInterval; default 300).",
                               valueName: "seconds"))
    var rapidFailInterval: Double = 300

    @Option(help: ArgumentHelp("Seconds one call into a filter or module may run before the worker logs it as hung (default 30).",
                               valueName: "seconds"))
    var notificationTimeout: Double = 30

    @Option(help: ArgumentHelp("Seconds a hung call may run before its worker stops accepting and exits to be replaced (default: twice --notification-timeout).",
                               valueName: "seconds"))
    var hangExitTimeout: Double?

    var hangExit: Double { hangExitTimeout ?? notificationTimeout * 2 }

    func validate() throws {
        if count < 0 || count > 256 { throw ValidationError("--workers must be between 0 and 256") }
        if rapidFailMaxCrashes < 0 { throw ValidationError("--rapid-fail-max-crashes must not be negative") }
        for (name, value) in [("--shutdown-time-limit", shutdownTimeLimit), ("--rapid-fail-interval", rapidFailInterval),
                              ("--notification-timeout", notificationTimeout), ("--hang-exit-timeout", hangExit)] {
            if !(value > 0 && value <= 86_400) { throw ValidationError("\(name) must be more than 0 and at most 86400 seconds") }
        }
        if hangExit < notificationTimeout { throw ValidationError("--hang-exit-timeout must not be less than --notification-timeout") }
    }
}
