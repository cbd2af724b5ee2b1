/// Which sections a `web.config` may set (IIS section locking). Each section has an
/// `overrideModeDefault` (from `<configSections>`, else IIS's shipped defaults: the authentication
/// schemes, `ipSecurity`, `handlers`, `modules`, `serverRuntime` and a few more are locked), and a
/// `<location overrideMode="Allow|Deny">` (or the older `allowOverride="true|false"`) unlocks or
/// locks the sections it contains for the paths below it.
struct SectionLocks: Sendable {
    struct Rule: Sendable {
        /// The site the rule holds for (lower-cased); nil for every site.
        var site: String?
        /// The directory at and below which it holds.
        var virtualPath: String
        var section: String
        var allow: Bool
    }

    /// `overrideModeDefault` by lower-cased full section name; absent: Allow.
    var defaults: [String: Bool] = Self.shippedDefaults
    var rules: [Rule] = []

    /// IIS's applicationHost.config as installed: sections with `overrideModeDefault="Deny"`
    /// or `allowDefinition="AppHostOnly"` (a web.config cannot set them).
    static let shippedDefaults: [String: Bool] = {
        let locked = [
            "asp", "cgi", "fastCgi", "globalModules", "handlers", "httpCompression", "httpLogging", "httpTracing",
            "isapiFilters", "modules", "odbcLogging", "serverRuntime", "serverSideInclude", "tracing", "webSocket",
            "security/access", "security/applicationDependencies", "security/ipSecurity", "security/dynamicIpSecurity",
            "security/isapiCgiRestriction", "security/authentication/anonymousAuthentication",
            "security/authentication/basicAuthentication", "security/authentication/clientCertificateMappingAuthentication",
            "security/authentication/digestAuthentication", "security/authentication/iisClientCertificateMappingAuthentication",
            "security/authentication/windowsAuthentication",
        ]
        var table: [String: Bool] = [:]
        for name in locked { table[("system.webServer/" + name).lowercased()] = false }
        return table
    }()

    /// Reads `<configSections>`: every `<section name overrideModeDefault allowDefinition>`
    /// inside its `<sectionGroup>`s.
    mutating func readConfigSections(_ element: ConfigElement, prefix: String = "") {
        for child in element.children {
            guard let name = child.attributes["name"] else { continue }
            let full = prefix.isEmpty ? name : prefix + "/" + name
            switch child.name {
            case "sectionGroup": readConfigSections(child, prefix: full)
            case "section":
                if (child.attributes["allowDefinition"] ?? "").lowercased() == "apphostonly" {
                    defaults[full.lowercased()] = false
                } else if let mode = child.attributes["overrideModeDefault"] {
                    defaults[full.lowercased()] = mode.lowercased() != "deny"
                }
            default: continue
            }
        }
    }

    /// `overrideMode` or `allowOverride` of a `<location>`; nil when it has neither (or Inherit).
    static func overrideMode(of location: ConfigElement) -> Bool? {
        switch location.attributes["overrideMode"]?.lowercased() {
        case "allow": return true
        case "deny": return false
        default: break
        }
        switch location.attributes["allowOverride"]?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// Whether `section` may be set by a `web.config` (or a `<location>` in one) at `virtualPath` of
    /// `site`. Rules for deeper paths and later rules win.
    func allows(_ section: String, site: String, at virtualPath: String) -> Bool {
        let name = section.lowercased()
        var allowed = defaults[name] ?? true
        var depth = -1
        for rule in rules where rule.section.lowercased() == name && (rule.site == nil || rule.site == site.lowercased())
            && Self.isAtOrBelow(virtualPath, rule.virtualPath) {
            let ruleDepth = rule.site == nil ? -1 : rule.virtualPath.split(separator: "/").count
            if ruleDepth >= depth {
                depth = ruleDepth
                allowed = rule.allow
            }
        }
        return allowed
    }

    static func isAtOrBelow(_ path: String, _ parent: String) -> Bool {
        let path = path.lowercased(), parent = parent.lowercased()
        return parent == "/" || path == parent || path.hasPrefix(parent + "/")
    }
}
