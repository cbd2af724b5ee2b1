/// The per-notification object a handler receives beside the context (the `I*Provider` of IIS).
public enum EventProvider {
    /// Stage and post-stage events carry nothing beyond the context.
    case none
    case sendResponse(SendResponseEvent)
    case mapPath(MapPathEvent)
    case readEntity(ReadEntityEvent)
}

/// `ISendResponseProvider`: raised before headers (and buffered body) go to the client.
public final class SendResponseEvent {
    /// True only the first time per request, when the status line and headers are in this send.
    public let headersBeingSent: Bool
    /// True for the last send of the request.
    public let isFinal: Bool
    /// `HTTP_SEND_RESPONSE_FLAG_*` bits; a handler may add `disconnect` (0x1).
    public var flags: UInt32

    public static let disconnectFlag: UInt32 = 0x1
    public static let moreDataFlag: UInt32 = 0x2

    init(headersBeingSent: Bool, isFinal: Bool, flags: UInt32) {
        self.headersBeingSent = headersBeingSent
        self.isFinal = isFinal
        self.flags = flags
    }
}

/// `IMapPathProvider`: a URL is being mapped to a physical path; handlers may change the path.
public final class MapPathEvent {
    public let url: String
    public var physicalPath: String
    init(url: String, physicalPath: String) {
        self.url = url
        self.physicalPath = physicalPath
    }
}

/// `IReadEntityProvider`: body bytes were read; handlers may replace them.
public final class ReadEntityEvent {
    public var bytes: [UInt8]
    init(bytes: [UInt8]) { self.bytes = bytes }
}
