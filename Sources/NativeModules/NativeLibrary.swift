#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A dlopen'ed module library. It stays loaded for the life of the process: factories and global
/// modules it registered must be terminated before unloading, and modules may keep static state.
final class NativeLibrary: @unchecked Sendable {
    let image: String
    let handle: UnsafeMutableRawPointer

    private init(image: String, handle: UnsafeMutableRawPointer) {
        self.image = image
        self.handle = handle
    }

    /// `dlopen(image, RTLD_NOW | RTLD_LOCAL)`.
    static func open(_ image: String) throws(NativeModuleError) -> NativeLibrary {
        guard let handle = dlopen(image, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw .cannotOpen(image: image, reason: reason)
        }
        return NativeLibrary(image: image, handle: handle)
    }

    func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(handle, name)
    }
}
