/// A problem found while reading a configuration file: where it is and what to do about it.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case warning, error }
    public var severity: Severity
    /// The file the problem is in (as given to the reader).
    public var file: String
    /// 1-based line number; 0 when the problem is about the file as a whole.
    public var line: Int
    public var message: String

    public init(_ severity: Severity, file: String, line: Int, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: error: message`, the shape compilers use, so editors can jump to it.
    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}

/// The configuration could not be used: every error found (and the warnings beside them).
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [ConfigDiagnostic]

    public init(diagnostics: [ConfigDiagnostic]) { self.diagnostics = diagnostics }

    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
