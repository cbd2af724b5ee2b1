/// One notification with its `pvNotification` payload, as Swift values a filter may change.
public enum FilterNotification {
    case readRawData(FilterRawData)
    case preprocHeaders(FilterHeaders)
    case authentication(FilterAuthentication)
    case authComplete(FilterHeaders)
    case urlMap(FilterURLMap)
    case accessDenied(FilterAccessDenied)
    case sendResponse(FilterHeaders)
    case sendRawData(FilterRawData)
    case log(FilterLog)
    case endOfRequest
    case endOfNetSession

    /// The `SF_NOTIFY_*` bit of this notification (`NotificationType`).
    public var flag: FilterNotifications {
        switch self {
        case .readRawData: .readRawData
        case .preprocHeaders: .preprocHeaders
        case .authentication: .authentication
        case .authComplete: .authComplete
        case .urlMap: .urlMap
        case .accessDenied: .accessDenied
        case .sendResponse: .sendResponse
        case .sendRawData: .sendRawData
        case .log: .log
        case .endOfRequest: .endOfRequest
        case .endOfNetSession: .endOfNetSession
        }
    }
}

/// `HTTP_FILTER_RAW_DATA`: bytes read from or about to be written to the client.
/// Replace `bytes` to change what the parser (or the client) gets.
public final class FilterRawData {
    public var bytes: [UInt8] {
        get { storage }
        set { storage = newValue }
    }
    /// Without the dynamic exclusivity check (see `FilterContext`'s slots).
    @exclusivity(unchecked) private var storage: [UInt8]
    public init(bytes: [UInt8]) { storage = bytes }
}

/// `HTTP_FILTER_AUTHENT`: the credentials about to be used. An empty user means anonymous.
public final class FilterAuthentication {
    public var user: String
    public var password: String
    /// `cbUserBuff` / `cbPasswordBuff`: what a native filter may write, NUL included.
    public static let bufferSize = 257
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}

/// `HTTP_FILTER_URL_MAP_EX`: a URL was mapped; the filter may change the physical path.
public final class FilterURLMap {
    public let url: String
    public var physicalPath: String
    /// `cbPathBuff`: the most a native filter may write into the path, NUL included.
    public static let pathBufferSize = 4096
    /// `HSE_URL_FLAGS_READ | HSE_URL_FLAGS_SCRIPT`.
    public let flags: UInt32 = 0x201
    public let matchingPathLength: Int
    public let matchingURLLength: Int
    public init(url: String, physicalPath: String, matchingPathLength: Int, matchingURLLength: Int = 0) {
        self.url = url
        self.physicalPath = physicalPath
        self.matchingPathLength = matchingPathLength
        self.matchingURLLength = matchingURLLength
    }
}

/// `HTTP_FILTER_ACCESS_DENIED`: the response is about to be a 401.
public final class FilterAccessDenied {
    public let url: String
    public let physicalPath: String
    public let reason: AccessDeniedReason
    init(url: String, physicalPath: String, reason: AccessDeniedReason) {
        self.url = url
        self.physicalPath = physicalPath
        self.reason = reason
    }
}

/// `HTTP_FILTER_LOG`: the log entry about to be written; every field may be replaced.
public final class FilterLog {
    public var clientHostName: String
    public var clientUserName: String
    public var serverName: String
    public var operation: String
    public var target: String
    public var parameters: String
    public var httpStatus: UInt32
    public var win32Status: UInt32
    public var bytesSent: UInt32
    public var bytesReceived: UInt32
    public var timeForProcessing: UInt32

    public init(clientHostName: String, clientUserName: String, serverName: String, operation: String,
                target: String, parameters: String, httpStatus: UInt32, win32Status: UInt32,
                bytesSent: UInt32, bytesReceived: UInt32, timeForProcessing: UInt32) {
        self.clientHostName = clientHostName
        self.clientUserName = clientUserName
        self.serverName = serverName
        self.operation = operation
        self.target = target
        self.parameters = parameters
        self.httpStatus = httpStatus
        self.win32Status = win32Status
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.timeForProcessing = timeForProcessing
    }
}
