/// Reads one `<system.webServer>` element (server level or inside a `<location>`) into edits.
struct WebServerSectionReader {
    let log: DiagnosticLog
    let paths: PathResolution
    /// True for the server level: `globalModules` is allowed and filters are global.
    let serverLevel: Bool

    func read(_ section: ConfigElement, into edits: inout SectionEdits) {
        for element in section.children {
            switch element.name {
            case "globalModules":
                guard serverLevel else {
                    log.error(element.line, "<globalModules> is allowed at server level only; move it out of <location>")
                    continue
                }
                edits.globalModules += collection(element, itemName: "add") { readGlobalModule($0) }
            case "modules":
                edits.modules += collection(element, itemName: "add") { readModule($0) }
            case "isapiFilters":
                edits.filters += collection(element, itemName: "filter") { readFilter($0) }
            case "handlers":
                edits.handlers += collection(element, itemName: "add") { readHandler($0) }
            case "rewrite":
                edits.rewrite = readRewrite(element)
            case "security":
                if let filtering = RequestFilteringReader(log: log).read(security: element) { edits.requestFiltering = filtering }
            case "caching":
                if serverLevel {
                    edits.fileCache = FileCacheReader(log: log).read(element)
                } else {
                    log.warning(element.line, "<caching> is read at server level only (one file cache per process); move it out of <location>; ignored")
                }
            case "httpLogging", "staticContent", "defaultDocument", "directoryBrowse",
                 "httpErrors", "httpProtocol", "urlCompression", "tracing", "validation":
                log.warning(element.line, "<\(element.name)> is not supported by isapi-bridge yet; ignored")
            default:
                log.unknownElement(element, in: section.name)
            }
        }
    }

    private func collection<Entry>(_ element: ConfigElement, itemName: String,
                                   _ read: (ConfigElement) -> (Entry, String)?) -> [CollectionEdit<Entry>] {
        var edits: [CollectionEdit<Entry>] = []
        for child in element.children {
            switch child.name {
            case itemName:
                if let (entry, name) = read(child) { edits.append(.add(entry, name: name, line: child.line)) }
            case "remove":
                if let name = log.required(child, "name") { edits.append(.remove(name: name, line: child.line)) }
            case "clear":
                edits.append(.clear)
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return edits
    }

    private func readGlobalModule(_ element: ConfigElement) -> (GlobalModuleEntry, String)? {
        let name = log.required(element, "name")
        let image = log.required(element, "image").flatMap { library(element, "image", $0) }
        guard preconditionHolds(element), let name, let image else { return nil }
        return (GlobalModuleEntry(name: name, image: image, line: element.line), name)
    }

    private func readModule(_ element: ConfigElement) -> (ModuleEntry, String)? {
        guard let name = log.required(element, "name"), preconditionHolds(element) else { return nil }
        return (ModuleEntry(name: name, type: element.attributes["type"], line: element.line), name)
    }

    private func readFilter(_ element: ConfigElement) -> (FilterEntry, String)? {
        let name = log.required(element, "name")
        let path = log.required(element, "path").flatMap { library(element, "path", $0) }
        var enabled = true
        if let raw = element.attributes["enabled"] {
            switch raw.lowercased() {
            case "true": enabled = true
            case "false": enabled = false
            default:
                log.invalid(element, "enabled", raw, expected: "must be true or false")
                return nil
            }
        }
        guard preconditionHolds(element), let name, let path else { return nil }
        return (FilterEntry(name: name, path: path, enabled: enabled, isGlobal: serverLevel, line: element.line), name)
    }

    private func readHandler(_ element: ConfigElement) -> (HandlerEntry, String)? {
        let name = log.required(element, "name")
        let path = log.required(element, "path")
        let modules = (element.attributes["modules"] ?? "").split(separator: ",")
            .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if element.attributes["modules"] != nil, modules.isEmpty {
            log.invalid(element, "modules", element.attributes["modules"] ?? "", expected: "must list at least one module name")
            return nil
        }
        if element.attributes["scriptProcessor"] != nil {
            log.warning(element.line, "<add scriptProcessor=...> in <handlers>: ISAPI extensions and CGI are not supported; ignored")
        }
        guard preconditionHolds(element), let name, let path else { return nil }
        let verb = element.attributes["verb"] ?? "*"
        return (HandlerEntry(name: name, path: path, verb: verb, modules: modules, line: element.line), name)
    }

    private func readRewrite(_ element: ConfigElement) -> RewriteEntry? {
        guard let raw = log.required(element, "rulesFile") else { return nil }
        let dialect = element.attributes["dialect"] ?? "iirf"
        guard ["iirf", "mod_rewrite"].contains(dialect) else {
            log.invalid(element, "dialect", dialect, expected: "must be iirf or mod_rewrite")
            return nil
        }
        switch paths.resolve(raw, library: false) {
        case .success(let file): return RewriteEntry(rulesFile: file, dialect: dialect, line: element.line)
        case .failure(let failure): report(failure, element, "rulesFile", library: false); return nil
        }
    }

    /// A `.so` path attribute, resolved.
    private func library(_ element: ConfigElement, _ attribute: String, _ raw: String) -> String? {
        switch paths.resolve(raw, library: true) {
        case .success(let path): return path
        case .failure(let failure): report(failure, element, attribute, library: true); return nil
        }
    }

    private func report(_ failure: PathResolution.Failure, _ element: ConfigElement, _ attribute: String, library: Bool) {
        switch failure {
        case .windowsPath(let raw):
            log.invalid(element, attribute, raw, expected: "a Windows path cannot be loaded on Linux; " + PathResolution.windowsHint(library: library))
        case .undefinedVariable(let name):
            log.invalid(element, attribute, element.attributes[attribute] ?? "",
                        expected: "the environment variable %\(name)% is not set; set it or write the path out")
        }
    }

    /// `preCondition`: bitness64 and integratedMode hold; bitness32, ISAPIMode and the CLR runtime
    /// versions do not (the entry is skipped); anything else is ignored with a warning.
    func preconditionHolds(_ element: ConfigElement) -> Bool {
        guard let raw = element.attributes["preCondition"] else { return true }
        var holds = true
        for token in raw.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) where !token.isEmpty {
            switch token {
            case "bitness64", "integratedMode": continue
            case "bitness32", "ISAPIMode":
                log.warning(element.line, "preCondition '\(token)' never holds on isapi-bridge (64-bit, integrated pipeline); entry '\(element.attributes["name"] ?? "")' skipped")
                holds = false
            default:
                log.warning(element.line, "preCondition '\(token)' is not supported by isapi-bridge; ignored")
            }
        }
        return holds
    }
}
