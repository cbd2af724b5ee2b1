import Config
import NativeHost
import Pipeline

/// The ISAPI extensions of a configuration, loaded once per file for the process (as IIS's
/// IsapiModule loads each DLL once per worker process), and the IsapiModule registration of each
/// site that names them in `<handlers>`.
struct ExtensionLoads {
    private var loaded: [String: NativeExtension] = [:]
    private var failed: Set<String> = []

    /// The site's IsapiModule, routing each `scriptProcessor` handler to its extension; nil when
    /// the site has none. An extension `isapiCgiRestriction` does not allow is not loaded: its
    /// requests get 404.2.
    mutating func registration(for site: SiteModel, model: ServerModel, loader: any NativeCodeLoader,
                               _ problems: inout AssemblyLog) -> ModuleRegistration? {
        var targets: [String: ExtensionTarget] = [:]
        var threading: [String: ExecutionMode] = [:]
        for handler in site.handlers where handler.unavailable == nil {
            guard let path = handler.scriptProcessor else { continue }
            threading[handler.name] = ExecutionMode(handler.threading)
            guard model.isapiCgiRestriction.allows(path) else {
                targets[handler.name] = .notAllowed(path: path)
                problems.warning(handler.line, "<handlers> entry '\(handler.name)': the ISAPI extension \(path) is not allowed by <isapiCgiRestriction>; its requests get 404.2 (add <add path=\"\(path)\" allowed=\"true\"/> or set notListedIsapisAllowed=\"true\")")
                continue
            }
            if let existing = loaded[path] {
                targets[handler.name] = .loaded(existing)
                continue
            }
            guard !failed.contains(path) else { continue }
            do {
                let loadedExtension = try loader.loadExtension(path: path)
                loaded[path] = loadedExtension
                targets[handler.name] = .loaded(loadedExtension)
            } catch {
                failed.insert(path)
                problems.error(handler.line, "<handlers> entry '\(handler.name)': \(error)" + ServerAssembler.missingFileHint(path))
            }
        }
        guard !targets.isEmpty else { return nil }
        return IsapiExtensionModule.registration(targets: targets, threading: threading,
                                                 settings: ExtensionSettings(uploadReadAheadSize: model.uploadReadAheadSize))
    }
}
