/// A problem found while loading rules: the directive is ignored (or the rule dropped) and the rest
/// of the file still loads. `file:line: message`, like a compiler diagnostic.
public struct RuleWarning: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based line number; 0 when the problem concerns the whole file.
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Where a directive came from, for warnings and traces.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
