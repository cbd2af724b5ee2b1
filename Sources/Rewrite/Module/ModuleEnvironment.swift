import Pipeline

/// The engine's view of a request inside a module (the IIS URL Rewrite module's place): server
/// variables through `HttpContext.serverVariable`, headers from the request itself.
struct ModuleEnvironment: RewriteEnvironment {
    let context: HttpContext

    func serverVariable(_ name: String) -> String? {
        context.serverVariable(name)
    }

    /// `Name:` (the filter API's spelling, as the engine asks) or a pseudo-header `url` / `method`.
    func requestHeader(_ name: String) -> String? {
        let bare = name.hasSuffix(":") ? String(name.dropLast()) : name
        switch bare.lowercased() {
        case "url": return context.request.target
        case "method": return context.request.method
        default: return context.request.headers[bare]
        }
    }

    func setRequestHeader(_ name: String, _ value: String) {
        let bare = name.hasSuffix(":") ? String(name.dropLast()) : name
        context.request.headers.set(bare, value)
    }

    func environmentVariable(_ name: String) -> String? {
        context.serverVariable(name)
    }
}
