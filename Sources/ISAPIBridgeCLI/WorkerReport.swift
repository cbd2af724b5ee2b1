#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line a worker writes to its report pipe: `ready` once it accepts on every listener; `admin
/// PORT` for its metrics listener; `crash ...` from its fatal-signal handler (isapi_native_call.h);
/// `hang ...` from its watchdog; `recycle REASON` when a native module asked to recycle it
/// (IHttpServer::RecycleProcess or RecycleApplication).
enum WorkerReport: Equatable {
    case ready
    /// A health ping: the worker can serve (an event loop runs).
    case alive
    case admin(Int)
    /// What native code the crashing thread was in, if any.
    case crash(NativeCallDescription?)
    case hang(NativeCallDescription?)
    case recycle(String)
    case other(String)

    init(line: String) {
        if line == "ready" {
            self = .ready
        } else if line == "alive" {
            self = .alive
        } else if line.hasPrefix("crash ") {
            self = .crash(NativeCallDescription(crashLine: line))
        } else if line.hasPrefix("hang ") {
            self = .hang(NativeCallDescription(crashLine: line))
        } else if line.hasPrefix("recycle ") {
            self = .recycle(String(line.dropFirst("recycle ".count)))
        } else if line.hasPrefix("admin "), let port = Int(line.dropFirst("admin ".count)) {
            self = .admin(port)
        } else {
            self = .other(line)
        }
    }
}

/// "filter 'Name' in SF_NOTIFY_PREPROC_HEADERS (URL /x)", from the fields of a crash line.
struct NativeCallDescription: Equatable, CustomStringConvertible {
    var kind: String
    var name: String
    var notification: String
    var url: String

    /// `crash signal=N kind=K notification=N name=NAME<TAB>url=URL` (or `hang kind=...`); nil when
    /// no native call was running.
    init?(crashLine line: String) {
        func field(_ key: String, until end: String?) -> String? {
            guard let start = line.range(of: key) else { return nil }
            let rest = line[start.upperBound...]
            if let end, let stop = rest.range(of: end) { return String(rest[..<stop.lowerBound]) }
            return String(rest)
        }
        guard let kind = field(" kind=", until: " "), let notification = field(" notification=", until: " name="),
              let name = field(" name=", until: "\turl=") else { return nil }
        self.kind = kind
        self.notification = notification
        self.name = name
        self.url = field("\turl=", until: nil) ?? ""
    }

    var description: String { "\(kind) '\(name)' in \(notification) (URL \(url.isEmpty ? "-" : url))" }
}

/// Reads a report pipe's lines as they arrive (non-blocking descriptor).
struct ReportReader {
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// Every complete line available now; `closed` once the writer is gone.
    mutating func readLines() -> (lines: [String], closed: Bool) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var closed = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { pending += buffer[..<count]; continue }
            if count == 0 || (errno != EAGAIN && errno != EINTR) { closed = true }
            if count < 0 && errno == EINTR { continue }
            break
        }
        var lines: [String] = []
        while let newline = pending.firstIndex(of: 10) {
            lines.append(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
        return (lines, closed)
    }
}

/// How a worker ended, from `waitpid`'s status.
enum WorkerExit: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    init(status: Int32) {
        if status & 0x7f == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signalled(status & 0x7f)
        }
    }

    /// Counts toward rapid-fail protection: a signal or a non-zero status.
    var isFailure: Bool { self != .exited(0) }

    var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signalled(let signal): "signal \(signal) (\(Self.name(signal)))"
        }
    }

    static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: "SIGSEGV"
        case SIGBUS: "SIGBUS"
        case SIGILL: "SIGILL"
        case SIGFPE: "SIGFPE"
        case SIGABRT: "SIGABRT"
        case SIGKILL: "SIGKILL"
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        default: "SIG\(signal)"
        }
    }
}
