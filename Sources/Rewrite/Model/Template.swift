/// A substitution or condition test string, parsed once at load into the pieces expansion needs:
/// literal bytes, back-references, variables and map lookups.
struct Template: Sendable {
    enum Part: Sendable {
        /// Bytes copied as they are.
        case literal([UInt8])
        /// `$N`: a group of the rule pattern.
        case ruleCapture(Int)
        /// `*N` (IIRF) or `%N` (mod_rewrite): a group of the last matched condition.
        case conditionCapture(Int)
        /// `%{NAME}`.
        case variable(Variable)
        /// `${map:key|default}`.
        case map(MapLookup)
        /// IIRF's `-` replacement: the original request URI, unchanged.
        case originalRequestURI
    }

    var parts: [Part]
    /// The text as written, for traces and warnings.
    let source: String

    init(parts: [Part], source: String) {
        self.parts = parts
        self.source = source
    }

    static let empty = Template(parts: [], source: "")

    /// True when expansion cannot depend on the request (only literals).
    var isConstant: Bool {
        parts.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// Map names referenced anywhere in the template (nested keys and defaults included).
    var referencedMaps: [String] {
        parts.flatMap { part -> [String] in
            guard case .map(let lookup) = part else { return [] }
            return [lookup.mapName] + lookup.key.referencedMaps + (lookup.fallback?.referencedMaps ?? [])
        }
    }
}

/// A `${map:key|default}` reference. The key and default are templates themselves.
final class MapLookup: Sendable {
    let mapName: String
    let key: Template
    /// nil when no `|default` was given.
    let fallback: Template?
    /// The raw `${...}` text: IIRF outputs `${map:key}` (with the expanded key) when the key is
    /// missing and there is no default.
    let source: String

    init(mapName: String, key: Template, fallback: Template?, source: String) {
        self.mapName = mapName
        self.key = key
        self.fallback = fallback
        self.source = source
    }
}

/// A `%{NAME}` reference, classified at load so expansion does no string work.
struct Variable: Sendable {
    enum Kind: Sendable, Equatable {
        /// A server variable asked of the environment by this (upper-cased) name.
        case server(String)
        /// `%{HTTP:Header}`: a request header; the name is in filter-API form (`Header:`).
        case header(String)
        /// `%{ENV:name}` (mod_rewrite): set by `[E]` earlier in this evaluation, else asked of the environment.
        case environment(String)
        /// IIRF `REQUEST_FILENAME` / mod_rewrite's current file name.
        case requestFilename
        /// The original request URI (IIRF: path and query as received; mod_rewrite: decoded path).
        case requestURI
        /// IIRF `URL`: the URL being rewritten (the interim value after a rewrite).
        case currentURL
        /// mod_rewrite `QUERY_STRING`: the current query (it changes as rules rewrite it).
        case currentQuery
        /// mod_rewrite `THE_REQUEST`: `METHOD target PROTOCOL`.
        case requestLine
        /// `TIME`, `TIME_YEAR` ... `TIME_WDAY` (and IIRF's `TIME_WEEK`, `TIME_YDAY`).
        case time(TimeField)
        /// A value fixed at load (mod_rewrite's `IS_SUBREQ`, `PATH_INFO` in server context...).
        case constant(String)
        /// `HTTPS` as `on`/`off`.
        case https
        /// mod_rewrite `REQUEST_SCHEME`.
        case scheme
        /// mod_rewrite `IPV6`.
        case ipv6
        /// IIS `{NAME}`: a value a rule's `<serverVariables>` set earlier in this evaluation, else
        /// the server variable.
        case serverOrAssigned(String)
    }

    let kind: Kind
    /// The name as written between the braces.
    let name: String
}

/// Fields of the `TIME*` variables.
enum TimeField: Sendable, Equatable {
    case all, year, month, day, hour, minute, second, weekday, week, yearDay
}
