import NativeHost
import NativeModules
import Pipeline

/// Loads native code named by a configuration: C ISAPI filters and C++ native modules. A protocol
/// so that `check` and the tests can substitute their own, and so the two native targets stay
/// behind one seam.
public protocol NativeCodeLoader: Sendable {
    /// dlopen + `RegisterModule`.
    func loadModule(name: String, image: String) throws -> NativeModule
    /// dlopen + `GetFilterVersion`.
    func loadFilter(name: String, path: String, isGlobal: Bool) throws -> FilterRegistration
    /// dlopen + `GetExtensionVersion` (an `IsapiModule` handler's `scriptProcessor`).
    func loadExtension(path: String) throws -> NativeExtension
}

extension NativeCodeLoader {
    public func loadExtension(path: String) throws -> NativeExtension {
        try NativeExtensionLoader().load(path: path)
    }
}

/// The real loaders: `NativeModuleLoader` for modules, `NativeFilterLoader` for filters.
public struct SystemNativeLoader: NativeCodeLoader {
    public init() {}

    public func loadModule(name: String, image: String) throws -> NativeModule {
        try NativeModuleLoader.load(name: name, image: image)
    }

    public func loadFilter(name: String, path: String, isGlobal: Bool) throws -> FilterRegistration {
        try NativeFilterBinding.load(name: name, path: path, isGlobal: isGlobal)
    }
}
