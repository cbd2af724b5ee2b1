/// `SF_NOTIFY_*` bits of `HTTP_FILTER_VERSION.dwFlags`: notifications, port selection and order.
public struct FilterNotifications: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let securePort = Self(rawValue: 0x0000_0001)
    public static let nonSecurePort = Self(rawValue: 0x0000_0002)
    public static let sendResponse = Self(rawValue: 0x0000_0040)
    public static let endOfRequest = Self(rawValue: 0x0000_0080)
    public static let endOfNetSession = Self(rawValue: 0x0000_0100)
    public static let log = Self(rawValue: 0x0000_0200)
    public static let sendRawData = Self(rawValue: 0x0000_0400)
    public static let accessDenied = Self(rawValue: 0x0000_0800)
    public static let urlMap = Self(rawValue: 0x0000_1000)
    public static let authentication = Self(rawValue: 0x0000_2000)
    public static let preprocHeaders = Self(rawValue: 0x0000_4000)
    public static let readRawData = Self(rawValue: 0x0000_8000)
    public static let orderLow = Self(rawValue: 0x0002_0000)
    public static let orderMedium = Self(rawValue: 0x0004_0000)
    public static let orderHigh = Self(rawValue: 0x0008_0000)
    public static let authComplete = Self(rawValue: 0x0400_0000)

    public static let orderMask = Self(rawValue: 0x000E_0000)
    /// Every notification bit the host raises.
    public static let allNotifications: Self = [
        .readRawData, .preprocHeaders, .authentication, .authComplete, .urlMap, .accessDenied,
        .sendResponse, .sendRawData, .log, .endOfRequest, .endOfNetSession,
    ]

    /// The `SF_NOTIFY_*` name of a single notification bit, for logs and traces.
    public var notificationName: String {
        switch self {
        case .readRawData: "SF_NOTIFY_READ_RAW_DATA"
        case .preprocHeaders: "SF_NOTIFY_PREPROC_HEADERS"
        case .authentication: "SF_NOTIFY_AUTHENTICATION"
        case .authComplete: "SF_NOTIFY_AUTH_COMPLETE"
        case .urlMap: "SF_NOTIFY_URL_MAP"
        case .accessDenied: "SF_NOTIFY_ACCESS_DENIED"
        case .sendResponse: "SF_NOTIFY_SEND_RESPONSE"
        case .sendRawData: "SF_NOTIFY_SEND_RAW_DATA"
        case .log: "SF_NOTIFY_LOG"
        case .endOfRequest: "SF_NOTIFY_END_OF_REQUEST"
        case .endOfNetSession: "SF_NOTIFY_END_OF_NET_SESSION"
        default: "SF_NOTIFY_0x\(String(rawValue, radix: 16))"
        }
    }
}

/// `SF_STATUS_TYPE`: what `HttpFilterProc` returns. Unknown values are kept so they can be reported.
public enum FilterStatus: Sendable, Equatable, CustomStringConvertible {
    case finished
    case finishedKeepConnection
    case nextNotification
    case handledNotification
    case error
    case readNext
    /// Not an `SF_STATUS_*` value; the host treats it as `error` and logs it.
    case unknown(UInt32)

    public init(rawValue: UInt32) {
        switch rawValue {
        case 0x0800_0000: self = .finished
        case 0x0800_0001: self = .finishedKeepConnection
        case 0x0800_0002: self = .nextNotification
        case 0x0800_0003: self = .handledNotification
        case 0x0800_0004: self = .error
        case 0x0800_0005: self = .readNext
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: UInt32 {
        switch self {
        case .finished: 0x0800_0000
        case .finishedKeepConnection: 0x0800_0001
        case .nextNotification: 0x0800_0002
        case .handledNotification: 0x0800_0003
        case .error: 0x0800_0004
        case .readNext: 0x0800_0005
        case .unknown(let value): value
        }
    }

    public var description: String {
        switch self {
        case .finished: "SF_STATUS_REQ_FINISHED"
        case .finishedKeepConnection: "SF_STATUS_REQ_FINISHED_KEEP_CONN"
        case .nextNotification: "SF_STATUS_REQ_NEXT_NOTIFICATION"
        case .handledNotification: "SF_STATUS_REQ_HANDLED_NOTIFICATION"
        case .error: "SF_STATUS_REQ_ERROR"
        case .readNext: "SF_STATUS_REQ_READ_NEXT"
        case .unknown(let value): "0x\(String(value, radix: 16)) (not an SF_STATUS value)"
        }
    }
}

/// `SF_REQ_TYPE` codes of `ServerSupportFunction`.
public enum ServerSupportRequest: Int32, Sendable {
    case sendResponseHeader = 0
    case addHeadersOnDenial = 1
    case setNextReadSize = 2
    case setProxyInfo = 3
    case getConnectionID = 4
    case setCertificateInfo = 5
    case getProperty = 6
    case normalizeURL = 7
    case disableNotifications = 8
}

/// `SF_DENIED_*` reasons of `HTTP_FILTER_ACCESS_DENIED.dwReason`.
public struct AccessDeniedReason: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let logon = Self(rawValue: 0x1)
    public static let resource = Self(rawValue: 0x2)
    public static let filter = Self(rawValue: 0x4)
    public static let application = Self(rawValue: 0x8)
    public static let byConfiguration = Self(rawValue: 0x1_0000)
}

/// The Win32 error codes the filter API reports through `GetLastError`.
public struct Win32Error: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: UInt32
    public init(_ code: UInt32) { self.code = code }

    public static let success = Win32Error(0)
    public static let fileNotFound = Win32Error(2)
    public static let pathNotFound = Win32Error(3)
    public static let accessDenied = Win32Error(5)
    public static let notEnoughMemory = Win32Error(8)
    public static let notSupported = Win32Error(50)
    public static let invalidParameter = Win32Error(87)
    public static let insufficientBuffer = Win32Error(122)
    public static let modNotFound = Win32Error(126)
    public static let procNotFound = Win32Error(127)
    public static let noData = Win32Error(232)
    public static let moreData = Win32Error(234)
    public static let invalidIndex = Win32Error(1413)

    public var description: String {
        switch code {
        case 0: "ERROR_SUCCESS"
        case 2: "ERROR_FILE_NOT_FOUND"
        case 3: "ERROR_PATH_NOT_FOUND"
        case 5: "ERROR_ACCESS_DENIED"
        case 8: "ERROR_NOT_ENOUGH_MEMORY"
        case 50: "ERROR_NOT_SUPPORTED"
        case 87: "ERROR_INVALID_PARAMETER"
        case 122: "ERROR_INSUFFICIENT_BUFFER"
        case 126: "ERROR_MOD_NOT_FOUND"
        case 127: "ERROR_PROC_NOT_FOUND"
        case 232: "ERROR_NO_DATA"
        case 234: "ERROR_MORE_DATA"
        case 1413: "ERROR_INVALID_INDEX"
        default: "Win32 error \(code)"
        }
    }

    /// The HTTP status a request failed by `SF_STATUS_REQ_ERROR` with this last error gets.
    /// (A decision: see docs/filters.md.)
    public var httpStatus: Int {
        switch code {
        case 2, 3: 404
        case 5: 403
        case 8: 503
        case 50: 501
        case 87: 400
        default: 500
        }
    }
}
