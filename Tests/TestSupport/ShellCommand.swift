import Foundation

/// Runs a command line with /bin/sh for a test, its standard error merged into its output.
///
/// Not `popen`: a child started that way inherits every descriptor without close-on-exec, and
/// SwiftNIO opens its sockets without it. A compiler that a test started would then hold other
/// tests' connections open, client and server side, for as long as it runs: their closes would
/// reach nobody (a server hearing END_OF_NET_SESSION seconds late, a client waiting for a close).
/// Foundation's `Process` closes every other descriptor in the child.
public enum ShellCommand {
    /// Exit status (or 128 + the signal that ended it) and combined output.
    public static func run(_ command: String) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>&1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "cannot start /bin/sh: \(error)") }
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, String(decoding: bytes, as: UTF8.self))
    }
}
