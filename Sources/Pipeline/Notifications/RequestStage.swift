/// The deterministic request stages of the IIS integrated pipeline, in the order they run.
/// Each has a post-event that runs before the next stage.
public enum RequestStage: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case beginRequest
    case authenticateRequest
    case authorizeRequest
    case resolveRequestCache
    case mapRequestHandler
    case acquireRequestState
    case preExecuteRequestHandler
    case executeRequestHandler
    case releaseRequestState
    case updateRequestCache
    case logRequest
    case endRequest

    /// The `RQ_*` bit of this stage (`RQ_BEGIN_REQUEST` = 0x1 ... `RQ_END_REQUEST` = 0x800).
    public var notification: RequestNotifications { RequestNotifications(rawValue: 1 << UInt32(rawValue)) }

    public static func < (a: RequestStage, b: RequestStage) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .beginRequest: "BeginRequest"
        case .authenticateRequest: "AuthenticateRequest"
        case .authorizeRequest: "AuthorizeRequest"
        case .resolveRequestCache: "ResolveRequestCache"
        case .mapRequestHandler: "MapRequestHandler"
        case .acquireRequestState: "AcquireRequestState"
        case .preExecuteRequestHandler: "PreExecuteRequestHandler"
        case .executeRequestHandler: "ExecuteRequestHandler"
        case .releaseRequestState: "ReleaseRequestState"
        case .updateRequestCache: "UpdateRequestCache"
        case .logRequest: "LogRequest"
        case .endRequest: "EndRequest"
        }
    }
}
