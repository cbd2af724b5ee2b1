import Foundation
import NativeModules
import Testing

/// DllMain of native modules: DLL_PROCESS_ATTACH after dlopen and before RegisterModule, FALSE a load
/// failure naming DllMain, DLL_PROCESS_DETACH after the last Terminate.
@Suite("Native modules: DllMain", .serialized)
struct NativeDllMainTests {
    /// What the fixture's DllMain and entry points logged, in order.
    private static func events(in image: String) throws -> String {
        let handle = try #require(dlopen(image, RTLD_NOW | RTLD_NOLOAD), "\(image) is loaded")
        let address = try #require(dlsym(handle, "DllMainEvents"))
        let read = unsafeBitCast(address, to: (@convention(c) () -> UnsafePointer<CChar>).self)
        return String(cString: read())
    }

    @Test("attach before RegisterModule; detach after both the factory's and the global module's Terminate")
    func attachThenDetachAfterLastTerminate() throws {
        let image = try NativeFixtures.fixture("dll_main")
        let module = try NativeModuleLoader.load(name: "DllMain", image: image)
        #expect(try Self.events(in: image) == "attach register ")
        let registration = try #require(module.registration)
        let global = try #require(module.globalRegistration)
        registration.factory.terminate()
        #expect(try Self.events(in: image) == "attach register factory-terminate ")
        global.module.terminate()
        #expect(try Self.events(in: image) == "attach register factory-terminate global-terminate detach ")
    }

    @Test("DllMain returning FALSE fails the load before RegisterModule, naming DllMain")
    func refusalIsALoadFailure() throws {
        let image = try NativeFixtures.fixture("dll_main_refuses")
        #expect {
            _ = try NativeModuleLoader.load(name: "Refuses", image: image)
        } throws: { error in
            guard let error = error as? NativeModuleError, case .dllMainRefused(let name, _) = error else { return false }
            return name == "Refuses" && error.description.contains("DllMain") && error.description.contains("DLL_PROCESS_ATTACH")
        }
        #expect(try Self.events(in: image) == "attach detach ")
    }
}
