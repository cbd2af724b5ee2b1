import Memory
@testable import Pipeline

func makePipeline(_ modules: [ModuleRegistration], globals: [GlobalModuleRegistration] = [],
                  handlers: [HandlerMapping] = [], memory: MemoryConfiguration = .default) -> RequestPipeline {
    RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: modules, globalModules: globals,
                    handlers: handlers, memory: memory)
}

struct TestFailure: Error {}
