import Memory
import Pipeline
import Server
import Synchronization

/// A real server on an ephemeral loopback port, for the duration of `body`.
func withServer<T>(
    _ pipeline: RequestPipeline,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (HTTPServer, Int) async throws -> T
) async throws -> T {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopThreads: 1)
    configuration.timeouts.linger = .milliseconds(500)
    configuration.timeouts.shutdownGrace = .seconds(2)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, pipeline: pipeline)
    let port = try await server.start()
    do {
        let result = try await body(server, port)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(3), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// A pipeline over `root` with the given modules (and global modules).
func makePipeline(root: String = "/nonexistent", modules: [ModuleRegistration],
                  globalModules: [GlobalModuleRegistration] = []) -> RequestPipeline {
    RequestPipeline(site: SiteInfo(physicalPath: root), modules: modules, globalModules: globalModules)
}

/// Live connection arenas in the process right now.
var liveConnectionArenas: Int { MemoryAccounting.shared.snapshot(.connection).liveArenas }

/// Live connection-scoped bytes (AllocMem) in the process right now.
var liveConnectionBytes: Int { MemoryAccounting.shared.snapshot(.connection).liveBytes }

/// A weak reference readable from any thread (the Swift runtime makes weak loads atomic).
final class WeakBox: @unchecked Sendable {
    weak var object: AnyObject?
    init(_ object: AnyObject) { self.object = object }
}
