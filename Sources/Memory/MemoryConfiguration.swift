/// Switches and limits for the arenas. One value is shared by a whole server.
public struct MemoryConfiguration: Sendable, Equatable {
    /// Size of the chunks arenas bump-allocate from. Blocks larger than a quarter of this get their own.
    public var chunkSize: Int
    /// Most bytes (payload, as requested) one connection may hold through AllocMem. `nil`: unbounded.
    public var connectionByteCap: Int?
    /// Overwrite released memory with 0xDD so that use after the scope shows up. Debug aid; costs time.
    public var poisonReleasedMemory: Bool
    /// Check every block's tail guard when its scope ends (the default). Off, blocks still carry
    /// guards but nothing reads them: what "guards only in debug builds" would cost. The server
    /// always checks; docs/performance.md ("Arena, again") has the numbers behind that.
    public var checkGuards: Bool
    /// How many free chunks a `ChunkPool` keeps for reuse before handing memory back to the system.
    public var pooledChunkLimit: Int

    public init(
        chunkSize: Int = 16 * 1024,
        connectionByteCap: Int? = 1024 * 1024,
        poisonReleasedMemory: Bool = false,
        pooledChunkLimit: Int = 256,
        checkGuards: Bool = true
    ) {
        precondition(chunkSize >= 1024 && chunkSize % BlockLayout.alignment == 0,
                     "chunkSize must be a multiple of 16 and at least 1024")
        self.chunkSize = chunkSize
        self.connectionByteCap = connectionByteCap
        self.poisonReleasedMemory = poisonReleasedMemory
        self.pooledChunkLimit = pooledChunkLimit
        self.checkGuards = checkGuards
    }

    public static let `default` = MemoryConfiguration()
}
