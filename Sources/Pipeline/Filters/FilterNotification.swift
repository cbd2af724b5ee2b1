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
    public var user: String {
        get { userStorage }
        set { userStorage = newValue }
    }
    public var password: String {
        get { passwordStorage }
        set { passwordStorage = newValue }
    }
    // Unchecked storage behind the accessors: see `FilterContext`.
    @exclusivity(unchecked) private var userStorage: String
    @exclusivity(unchecked) private var passwordStorage: String
    /// `cbUserBuff` / `cbPasswordBuff`: what a native filter may write, NUL included.
    public static let bufferSize = 257
    public init(user: String, password: String) {
        userStorage = user
        passwordStorage = password
    }
}

/// `HTTP_FILTER_URL_MAP_EX`: a URL was mapped; the filter may change the physical path.
public final class FilterURLMap {
    public let url: String
    public var physicalPath: String {
        get { physicalPathStorage }
        set { physicalPathStorage = newValue }
    }
    /// Unchecked storage behind the accessor: see `FilterContext`.
    @exclusivity(unchecked) private var physicalPathStorage: String
    /// `cbPathBuff`: the most a native filter may write into the path, NUL included.
    public static let pathBufferSize = 4096
    /// `HSE_URL_FLAGS_READ | HSE_URL_FLAGS_SCRIPT`.
    public let flags: UInt32 = 0x201
    public let matchingPathLength: Int
    public let matchingURLLength: Int
    public init(url: String, physicalPath: String, matchingPathLength: Int, matchingURLLength: Int = 0) {
        self.url = url
        self.physicalPathStorage = physicalPath
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
///
/// The fields are accessors over `@exclusivity(unchecked)` storage (see `FilterContext`): the
/// native adapter reads and writes all of them for every LOG notification.
public final class FilterLog {
    public var clientHostName: String {
        get { fields.clientHostName }
        set { fields.clientHostName = newValue }
    }
    public var clientUserName: String {
        get { fields.clientUserName }
        set { fields.clientUserName = newValue }
    }
    public var serverName: String {
        get { fields.serverName }
        set { fields.serverName = newValue }
    }
    public var operation: String {
        get { fields.operation }
        set { fields.operation = newValue }
    }
    public var target: String {
        get { fields.target }
        set { fields.target = newValue }
    }
    public var parameters: String {
        get { fields.parameters }
        set { fields.parameters = newValue }
    }
    public var httpStatus: UInt32 {
        get { fields.httpStatus }
        set { fields.httpStatus = newValue }
    }
    public var win32Status: UInt32 {
        get { fields.win32Status }
        set { fields.win32Status = newValue }
    }
    public var bytesSent: UInt32 {
        get { fields.bytesSent }
        set { fields.bytesSent = newValue }
    }
    public var bytesReceived: UInt32 {
        get { fields.bytesReceived }
        set { fields.bytesReceived = newValue }
    }
    public var timeForProcessing: UInt32 {
        get { fields.timeForProcessing }
        set { fields.timeForProcessing = newValue }
    }

    private struct Fields {
        var clientHostName: String
        var clientUserName: String
        var serverName: String
        var operation: String
        var target: String
        var parameters: String
        var httpStatus: UInt32
        var win32Status: UInt32
        var bytesSent: UInt32
        var bytesReceived: UInt32
        var timeForProcessing: UInt32
    }
    @exclusivity(unchecked) private var fields: Fields

    public init(clientHostName: String, clientUserName: String, serverName: String, operation: String,
                target: String, parameters: String, httpStatus: UInt32, win32Status: UInt32,
                bytesSent: UInt32, bytesReceived: UInt32, timeForProcessing: UInt32) {
        fields = Fields(
            clientHostName: clientHostName, clientUserName: clientUserName, serverName: serverName, operation: operation,
            target: target, parameters: parameters, httpStatus: httpStatus, win32Status: win32Status,
            bytesSent: bytesSent, bytesReceived: bytesReceived, timeForProcessing: timeForProcessing)
    }
}
