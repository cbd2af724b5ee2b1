#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts one worker process: this executable's hidden `worker` command with the `serve`
/// arguments, the listening sockets and the write end of its report pipe.
enum WorkerSpawn {
    /// The `serve` arguments this process got (without the program and the `serve` word).
    static var serveArguments: [String] {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "serve" { arguments.removeFirst() }
        return arguments
    }

    /// This executable by its real path (spawned as `/proc/self/exe`, `ps` would call workers "exe").
    static let executable: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "/proc/self/exe" }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Spawns a worker; returns its pid and the read end of its report pipe (non-blocking, close-on-exec).
    static func spawn(sockets: [ListeningSocket], slot: Int, pool: String, pingInterval: Double?) throws -> (pid: pid_t, report: Int32) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw StartupError(message: "cannot create a pipe: \(errorText())") }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // Only this child inherits the write end (spawns happen on the supervisor's queue, one at a
        // time, and it is closed right after); later workers must not inherit the read end.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        defer { close(writeEnd) }
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        var arguments = ["isapi-bridge", "worker"] + serveArguments
        for socket in sockets { arguments += ["--listener-fd", socket.argument] }
        arguments += ["--report-fd", String(writeEnd), "--worker-slot", String(slot), "--application-pool", pool,
                      "--supervisor-pid", String(getpid())]
        if let pingInterval { arguments += ["--ping-interval", String(pingInterval)] }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The supervisor ignores or watches these signals; its workers get the default actions back.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, nil, &attributes, argv, environ)
        guard status == 0 else {
            close(readEnd)
            throw StartupError(message: "cannot start a worker process: \(String(cString: strerror(status)))")
        }
        return (pid, readEnd)
    }
}
