import Memory
import Pipeline

/// A pipeline over `root` with the given modules (and global modules).
func makePipeline(root: String = "/nonexistent", modules: [ModuleRegistration],
                  globalModules: [GlobalModuleRegistration] = [],
                  accounting: MemoryAccounting = .shared) -> RequestPipeline {
    RequestPipeline(site: SiteInfo(physicalPath: root), modules: modules, globalModules: globalModules,
                    accounting: accounting)
}

/// Connection-arena figures of one test's own `MemoryAccounting`, which suites running in
/// parallel cannot disturb (the process-wide totals can).
extension MemoryAccounting {
    var liveConnectionArenas: Int { snapshot(.connection).liveArenas }
    var liveConnectionBytes: Int { snapshot(.connection).liveBytes }
}

/// A weak reference readable from any thread (the Swift runtime makes weak loads atomic).
final class WeakBox: @unchecked Sendable {
    weak var object: AnyObject?
    init(_ object: AnyObject) { self.object = object }
}
