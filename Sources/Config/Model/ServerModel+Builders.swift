/// Public initializers for the model values, for callers that describe a server without a file
/// (`serve`'s demo modes build their one-site model with these, then take the configured path).
extension SiteModel {
    public init(name: String, id: UInt32, bindings: [Binding], physicalPath: String, modules: [ModuleEntry] = [],
                filters: [FilterEntry] = [], logDirectory: String? = nil) {
        self.init(name: name, id: id, bindings: bindings,
                  applications: [ApplicationModel(path: "/", virtualDirectories: [VirtualDirectory(path: "/", physicalPath: physicalPath)])],
                  modules: modules, filters: filters, handlers: [], rewrite: nil, logDirectory: logDirectory, line: 0)
    }
}

extension Binding {
    public init(address: String, port: Int, hostName: String = "", tls: BindingTLS? = nil) {
        self.init(scheme: tls == nil ? "http" : "https", address: address, port: port, hostName: hostName, line: 0, tls: tls)
    }
}

extension GlobalModuleEntry {
    public init(name: String, image: String) { self.init(name: name, image: image, line: 0) }
}

extension ModuleEntry {
    public init(name: String) { self.init(name: name, type: nil, line: 0) }
}

extension FilterEntry {
    public init(name: String, path: String, isGlobal: Bool) {
        self.init(name: name, path: path, enabled: true, isGlobal: isGlobal, line: 0)
    }
}
