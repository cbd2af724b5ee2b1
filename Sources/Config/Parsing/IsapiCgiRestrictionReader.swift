/// Reads `<isapiCgiRestriction notListedIsapisAllowed=... notListedCgisAllowed=...>` and its
/// `<add path allowed>` / `<remove path>` / `<clear>` entries. Paths resolve as `scriptProcessor`
/// does (a Windows `x.dll` names the `x.so` beside it); CGI entries (`.exe`) are ignored with the
/// CGI module.
struct IsapiCgiRestrictionReader {
    let log: DiagnosticLog
    let paths: PathResolution

    func read(_ element: ConfigElement, into model: inout IsapiCgiRestrictionModel) {
        if let allowed = log.boolean(element, "notListedIsapisAllowed") { model.notListedIsapisAllowed = allowed }
        for child in element.children {
            switch child.name {
            case "add":
                guard let raw = log.required(child, "path") else { continue }
                let allowed = log.boolean(child, "allowed") ?? false
                guard let path = resolve(raw) else { continue }
                model.entries.append(.init(path: path, allowed: allowed, line: child.line))
            case "remove":
                guard let raw = log.required(child, "path"), let path = resolve(raw) else { continue }
                model.entries.removeAll { $0.path == path }
            case "clear":
                model.entries.removeAll()
            default:
                log.unknownElement(child, in: element.name)
            }
        }
    }

    /// The path an entry names, as `WebServerSectionReader.scriptProcessor` resolves it (nil: not resolvable, ignored).
    private func resolve(_ raw: String) -> String? {
        guard case .success(let path) = paths.resolve(raw) else { return nil }
        guard path.lowercased().hasSuffix(".dll") else { return path }
        return WebServerSectionReader.linuxBuild(of: path) ?? path
    }
}
