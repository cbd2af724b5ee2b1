import Pipeline

/// Where C ISAPI filters are loaded from `.so` files. Bound to the NativeHost target's loader.
enum NativeFilterBinding {
    static func load(name: String, path: String, isGlobal: Bool) throws -> FilterRegistration {
        throw FilterLoadError(filter: name, reason: "native C filters need the NativeHost target, which this build does not include (\(path))")
    }
}
