import ArgumentParser
import Pipeline
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `isapi-bridge trace`: serve with the request trace on and print every request's notifications.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Serve like 'serve --config', printing each request's notifications: who ran, what it returned, how long it took."
    )

    @OptionGroup var options: ServerOptions

    @Flag(help: "Print without colours.")
    var plain = false

    func run() async throws {
        LogSetup.bootstrap(options.logLevel)
        let printer = TracePrinter(colour: !plain && isatty(STDOUT_FILENO) != 0)
        try await ConfiguredServe(source: .file(try ConfigLocation.resolve(options.config)), options: options, traceHandler: { printer.print($0) }, moduleTiming: true).run()
    }
}

/// Formats a `RequestTrace` as an indented table, one line per notification.
struct TracePrinter: Sendable {
    let colour: Bool
    private static let lock = Mutex(())

    func print(_ trace: RequestTrace) {
        let text = Self.format(trace, colour: colour)
        Self.lock.withLock { _ in FileDescriptorText.write(text, to: STDOUT_FILENO) }
    }

    static func format(_ trace: RequestTrace, colour: Bool) -> String {
        let total = trace.entries.reduce(Duration.zero) { $0 + $1.duration }
        let bold = colour ? "\u{1B}[1m" : "", dim = colour ? "\u{1B}[2m" : "", reset = colour ? "\u{1B}[0m" : ""
        var out = "\(bold)#\(trace.requestID) \(trace.method) \(trace.url) -> \(trace.status)\(reset)  \(dim)(\(trace.entries.count) notifications, \(micros(total)) µs in extensions)\(reset)\n"
        for (index, entry) in trace.entries.enumerated() {
            out += "  " + pad(String(index + 1), 4, right: true) + "  " + pad(entry.kind.rawValue, 7) + pad(entry.notification, 28)
                + pad(entry.name, 24) + pad(entry.result, 36) + pad(micros(entry.duration), 8, right: true) + " µs\n"
        }
        return out
    }

    static func micros(_ duration: Duration) -> String {
        let parts = duration.components
        let value = Double(parts.seconds) * 1_000_000 + Double(parts.attoseconds) / 1_000_000_000_000
        return value < 10 ? String(format1(value)) : String(Int(value.rounded()))
    }

    private static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(1, width - text.count))
        return right ? fill + text : text + fill
    }
}
