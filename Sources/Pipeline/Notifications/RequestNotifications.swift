/// A mask of request notifications with the `RQ_*` values of `httpserv.h`.
/// The same bits select post-events when used as a post mask.
public struct RequestNotifications: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let beginRequest = Self(rawValue: 0x0000_0001)
    public static let authenticateRequest = Self(rawValue: 0x0000_0002)
    public static let authorizeRequest = Self(rawValue: 0x0000_0004)
    public static let resolveRequestCache = Self(rawValue: 0x0000_0008)
    public static let mapRequestHandler = Self(rawValue: 0x0000_0010)
    public static let acquireRequestState = Self(rawValue: 0x0000_0020)
    public static let preExecuteRequestHandler = Self(rawValue: 0x0000_0040)
    public static let executeRequestHandler = Self(rawValue: 0x0000_0080)
    public static let releaseRequestState = Self(rawValue: 0x0000_0100)
    public static let updateRequestCache = Self(rawValue: 0x0000_0200)
    public static let logRequest = Self(rawValue: 0x0000_0400)
    public static let endRequest = Self(rawValue: 0x0000_0800)
    public static let customNotification = Self(rawValue: 0x1000_0000)
    public static let sendResponse = Self(rawValue: 0x2000_0000)
    public static let readEntity = Self(rawValue: 0x4000_0000)
    public static let mapPath = Self(rawValue: 0x8000_0000)

    /// Every deterministic stage bit (the only ones that have post-events).
    public static let allStages = Self(rawValue: 0x0000_0FFF)
}

/// One notification a module can receive; identifies a pending notification on completion.
public enum RequestNotification: Hashable, Sendable, CustomStringConvertible {
    case stage(RequestStage, isPost: Bool)
    case sendResponse
    case mapPath
    case readEntity
    case customNotification

    public var bit: RequestNotifications {
        switch self {
        case .stage(let stage, _): stage.notification
        case .sendResponse: .sendResponse
        case .mapPath: .mapPath
        case .readEntity: .readEntity
        case .customNotification: .customNotification
        }
    }

    public var isPost: Bool {
        if case .stage(_, true) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .stage(let stage, let isPost): isPost ? "Post\(stage)" : "\(stage)"
        case .sendResponse: "SendResponse"
        case .mapPath: "MapPath"
        case .readEntity: "ReadEntity"
        case .customNotification: "CustomNotification"
        }
    }
}
