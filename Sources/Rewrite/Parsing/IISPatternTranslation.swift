/// Turns an IIS URL Rewrite pattern into a PCRE2 pattern and options.
///
/// * `ECMAScript`: the pattern as written, with `$` anchored at the very end (ECMAScript has no
///   "before a final newline"), `\u`/`\x` as JavaScript reads them, and a back-reference to a group
///   that did not take part matching the empty string, as in ECMAScript. PCRE2 runs in byte mode
///   without Unicode properties, so `\d`, `\w` and `\s` are ASCII-only, as with .NET's ECMAScript option.
/// * `Wildcard`: `*` is any run of characters (a back-reference), `?` any one character (not a
///   back-reference); the whole input must match.
/// * `ExactMatch`: the whole input equals the pattern.
///
/// `ignoreCase` (the default) folds ASCII case only.
enum IISPatternTranslation {
    static func compile(_ pattern: String, syntax: IISRuleDefinition.PatternSyntax, ignoreCase: Bool) throws(PatternError) -> CompiledPattern {
        var options: PatternOptions = [.dollarEndOnly, .ecmaScript]
        if ignoreCase { options.insert(.caseless) }
        switch syntax {
        case .ecmaScript:
            return try CompiledPattern(pattern, options: options)
        case .wildcard:
            options.insert(.dotAll)
            var regex = "^"
            for character in pattern {
                switch character {
                case "*": regex += "(.*)"
                case "?": regex += "."
                default: regex += escaped(character)
                }
            }
            return try CompiledPattern(regex + "$", options: options)
        case .exactMatch:
            options.insert(.dotAll)
            return try CompiledPattern("^" + pattern.map(escaped).joined() + "$", options: options)
        }
    }

    private static func escaped(_ character: Character) -> String {
        "\\^$.|?*+()[]{}/".contains(character) ? "\\" + String(character) : String(character)
    }
}
