import NativeModules
import Pipeline
import TestSupport
import Testing

@Suite("Native modules: loading, and broken modules", .serialized)
struct NativeLoadingTests {
    @Test("a module compiled outside SwiftPM with plain c++ -shared -fPIC -I<filter dir> -I<module dir> loads and runs")
    func compiledOutside() async throws {
        let image = try NativeFixtures.compile(
            source: NativeFixtures.packageRoot + "/Examples/modules/HeaderEcho/HeaderEcho.cpp", library: "outside-echo")
        let module = try NativeModuleLoader.load(name: "OutsideEcho", image: image)
        #expect(module.globalRegistration == nil)
        let registration = try #require(module.registration)
        #expect(registration.notifications == .beginRequest)
        try await withServer(makePipeline(modules: [registration, textHandler()])) { _, port in
            let response = try TestClient(port: port).get("/", headers: ["X-Echo: from outside"])
            #expect(response.header("X-Echo") == "from outside")
        }
    }

    @Test("a missing file is a clear error naming the file")
    func missingFile() {
        #expect {
            _ = try NativeModuleLoader.load(name: "Ghost", image: "/nonexistent/libghost.so")
        } throws: { error in
            guard case .cannotOpen(let image, _) = error as? NativeModuleError else { return false }
            return image == "/nonexistent/libghost.so" && "\(error)".contains("/nonexistent/libghost.so")
        }
    }

    @Test("a library without RegisterModule is refused, naming the file and the symbol")
    func missingEntryPoint() throws {
        let image = try NativeFixtures.fixture("missing_entry")
        #expect {
            _ = try NativeModuleLoader.load(name: "NotAModule", image: image)
        } throws: { error in
            (error as? NativeModuleError) == .missingEntryPoint(image: image)
                && "\(error)".contains(image) && "\(error)".contains("RegisterModule")
        }
    }

    @Test("a failing RegisterModule is refused with the HRESULT in hex and as a Win32 name")
    func failingRegistration() throws {
        let image = try NativeFixtures.fixture("failing_register")
        do {
            _ = try NativeModuleLoader.load(name: "Denied", image: image)
            Issue.record("load should fail")
        } catch {
            #expect(error == .registrationFailed(name: "Denied", image: image, hresult: Int32(bitPattern: 0x8007_0005)))
            #expect("\(error)".contains("0x80070005 (HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED))"))
            #expect("\(error)".contains(image))
        }
    }

    @Test("a factory returning an error fails that request with 500 and the server keeps serving")
    func failingFactory() async throws {
        let image = try NativeFixtures.fixture("failing_factory")
        let registration = try nativeRegistration("FailingFactory", image: image)
        try await withServer(makePipeline(modules: [registration, textHandler()])) { _, port in
            let client = try TestClient(port: port)
            for _ in 0..<2 {
                let response = try client.get("/")
                #expect(response.status == 500)
                #expect(response.text.contains("FailingFactory"))
            }
        }
    }

    @Test("a subscribed but not overridden handler fails the request with 500 instead of breaking into a debugger")
    func notOverridden() async throws {
        let image = try NativeFixtures.fixture("not_overridden")
        let registration = try nativeRegistration("HalfModule", image: image)
        try await withServer(makePipeline(modules: [registration, textHandler()])) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/")
            #expect(response.status == 500)
            #expect(response.text.contains("HalfModule"))
            #expect(try client.get("/again").status == 500)
        }
    }

    @Test("HRESULT descriptions")
    func hresults() {
        #expect(HResult.describe(Int32(bitPattern: 0x8007_0032)) == "0x80070032 (HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED))")
        #expect(HResult.describe(Int32(bitPattern: 0x8000_4005)) == "0x80004005 (E_FAIL)")
        #expect(HResult.describe(Int32(bitPattern: 0x8007_1234)) == "0x80071234 (HRESULT_FROM_WIN32(4660))")
        #expect(HResult.describe(Int32(bitPattern: 0x8123_0000)) == "0x81230000")
    }
}
