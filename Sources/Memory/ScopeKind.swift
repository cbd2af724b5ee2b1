/// The two lifetimes IIS gives extension memory.
public enum ScopeKind: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// `AllocateRequestMemory` / `IModuleAllocator::AllocateMemory`: freed after EndRequest and Dispose.
    case request = 0
    /// `HTTP_FILTER_CONTEXT::AllocMem`: freed after every filter's END_OF_NET_SESSION.
    case connection = 1

    public var description: String {
        switch self {
        case .request: "request"
        case .connection: "connection"
        }
    }
}
