import NativeHost
import Pipeline

/// Where C ISAPI filters are loaded from `.so` files: the NativeHost target's loader.
enum NativeFilterBinding {
    static func load(name: String, path: String, isGlobal: Bool) throws -> FilterRegistration {
        try NativeFilterLoader().load(path: path, name: name, isGlobal: isGlobal)
    }
}
