import Memory
import Pipeline

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
