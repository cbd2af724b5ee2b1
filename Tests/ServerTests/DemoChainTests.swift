import Pipeline
import Server
import TestSupport
import Testing

@Suite("The embedded demo site and chain", .serialized)
struct DemoChainTests {
    @Test("the demo site is found from the source tree")
    func locatesSite() throws {
        let root = try #require(DemoSite.locateRoot())
        #expect(root.hasSuffix("Examples/site"))
    }

    @Test("/hello is answered by HelloModule, with a server variable and the X-Powered-By header")
    func hello() async throws {
        let root = try #require(DemoSite.locateRoot())
        try await withServer(DemoSite.pipeline(root: root)) { _, port in
            let client = try TestClient(port: port)
            let hello = try client.get("/hello")
            #expect(hello.status == 200)
            #expect(hello.text.hasPrefix("Hello from isapi-bridge!"))
            #expect(hello.text.contains("REMOTE_ADDR = 127.0.0.1"))
            #expect(hello.header("X-Powered-By") == "isapi-bridge")
            #expect(hello.header("Server")?.hasPrefix("isapi-bridge") == true)
        }
    }

    @Test("static pages pass through the chain too")
    func staticThroughChain() async throws {
        let root = try #require(DemoSite.locateRoot())
        try await withServer(DemoSite.pipeline(root: root)) { _, port in
            let client = try TestClient(port: port)
            let home = try client.get("/")
            #expect(home.status == 200)
            #expect(home.text.contains("isapi-bridge"))
            #expect(home.header("X-Powered-By") == "isapi-bridge")
            let css = try client.get("/style.css")
            #expect(css.header("Content-Type") == "text/css; charset=utf-8")
            let missing = try client.get("/missing")
            #expect(missing.status == 404)
            #expect(missing.header("X-Powered-By") == "isapi-bridge")
        }
    }

    @Test("the benchmark's empty chain answers Hello World!")
    func emptyChain() async throws {
        try await withServer(DemoSite.emptyChain(root: "/")) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/anything")
            #expect(response.text == "Hello World!")
            #expect(response.header("Content-Length") == "12")
        }
    }
}
