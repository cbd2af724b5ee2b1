extension RuleSet {
    /// Loads the rules in `path` (and what it includes). Never throws: unreadable files, bad
    /// directives and patterns that do not compile become `warnings`, and what remains loads.
    public static func load(path: String, dialect: Dialect) -> RuleSet {
        switch dialect {
        case .iirf: IIRFParser.load(path: path)
        case .modRewrite: ModRewriteParser.load(path: path)
        case .iis: iisFromFile(path)
        }
    }

    /// Parses rules given as text. `file` names them in warnings; includes and map files resolve
    /// relative to its directory.
    public static func parse(_ text: String, dialect: Dialect, file: String = "rules") -> RuleSet {
        switch dialect {
        case .iirf: IIRFParser.parse(text: text, file: file)
        case .modRewrite: ModRewriteParser.parse(text: text, file: file)
        case .iis: iisFromFile(file)
        }
    }

    /// IIS rules live in configuration files, which this library does not read (the configuration
    /// reader does, and hands them to `compileIIS`).
    private static func iisFromFile(_ file: String) -> RuleSet {
        .empty(dialect: .iis, warnings: [RuleWarning(file: file, line: 0,
            message: "IIS URL Rewrite rules are read from applicationHost.config or web.config <rewrite> sections, not from a rules file")])
    }

    /// Whether any file the rules came from changed (or appeared, or vanished) since they were read.
    public func sourcesChanged() -> Bool {
        sources.contains { FileAccess.stamp($0.path) != $0 }
    }
}
