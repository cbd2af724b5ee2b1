import Memory

/// `IModuleAllocator`: request-scoped memory for a module, attributed to it in guard reports.
public struct ModuleAllocator {
    let arena: RequestArena
    public let owner: AllocationOwner

    init(arena: RequestArena, owner: AllocationOwner) {
        self.arena = arena
        self.owner = owner
    }

    /// `AllocateMemory`: valid until the request ends (after every module's `dispose`).
    public func allocateMemory(byteCount: Int) -> UnsafeMutableRawPointer? {
        arena.allocate(byteCount: byteCount, owner: owner)
    }
}
