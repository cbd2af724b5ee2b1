import NativeModules
import Pipeline
import TestSupport
import Testing

@Suite("Native modules: global notifications, users, post events, Terminate", .serialized)
struct NativeLifecycleTests {
    @Test("one RegisterModule registers request and global notifications; GetUser after authentication; Terminate once")
    func lifecycle() async throws {
        let image = try NativeFixtures.fixture("lifecycle")
        let module = try NativeModuleLoader.load(name: "Lifecycle", image: image)
        let registration = try #require(module.registration)
        let global = try #require(module.globalRegistration)
        #expect(registration.notifications == [.authenticateRequest, .authorizeRequest])
        #expect(registration.postNotifications == .beginRequest)
        #expect(global.notifications == .preBeginRequest)
        #expect(global.priority == .low)
        let login = ClosureModule.registration("Login", .authenticateRequest) { _, context in
            if let name = context.request.headers["X-Login"] {
                context.user = HttpUser(name: name, authenticationType: "Basic")
            }
            return .continue
        }
        let pipeline = makePipeline(modules: [login, registration, textHandler()], globalModules: [global])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let anonymous = try client.get("/")
            // After authentication an anonymous request has a user with an empty name, as on IIS.
            #expect(anonymous.header("X-Native-User") == "")
            #expect(anonymous.header("X-Post-Begin") == "1")
            #expect(anonymous.header("X-Saw-Pre-Begin") == "yes")
            let alice = try client.get("/", headers: ["X-Login: alice"])
            #expect(alice.header("X-Native-User") == "alice")
            #expect(alice.header("X-Native-Auth") == "Basic")
            let releases = try #require(NativeFixtures.counter("LifecycleUserReleases", in: image))
            let before = releases()
            let bob = try client.get("/", headers: ["X-Native-Login: bob"])
            #expect(bob.header("X-Native-User") == "bob")
            #expect(bob.header("X-Native-Auth") == "Native")
            #expect(await eventually { releases() - before == 1 }, "DereferenceUser at request end")
        }
        let factoryTerminations = try #require(NativeFixtures.counter("LifecycleFactoryTerminations", in: image))
        let globalTerminations = try #require(NativeFixtures.counter("LifecycleGlobalTerminations", in: image))
        #expect(factoryTerminations() == 0)
        pipeline.terminate()
        pipeline.terminate()
        #expect(factoryTerminations() == 1)
        #expect(globalTerminations() == 1)
    }
}
