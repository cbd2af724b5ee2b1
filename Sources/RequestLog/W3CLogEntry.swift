import Foundation
import Pipeline

/// One line of an IIS W3C extended log, with the default IIS field set.
public struct W3CLogEntry: Sendable, Equatable {
    /// The `#Fields:` IIS writes by default, in its order.
    public static let fields = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"

    public var time: Date
    public var serverIP: String
    public var method: String
    public var uriStem: String
    public var uriQuery: String
    public var serverPort: Int
    public var userName: String
    public var clientIP: String
    public var userAgent: String
    public var referer: String
    public var status: UInt32
    public var subStatus: Int
    public var win32Status: UInt32
    /// Milliseconds.
    public var timeTaken: UInt32

    /// The entry for a finished request: from the LOG record the filters edited, or (no filter
    /// loaded) from the request itself.
    public init(context: HttpContext, time: Date = Date()) {
        let record = context.logRecord ?? FilterLog(request: context)
        self.time = time
        self.serverIP = record.serverName
        self.method = record.operation
        self.uriStem = record.target
        self.uriQuery = record.parameters
        self.serverPort = context.connection.info.localPort
        self.userName = record.clientUserName
        self.clientIP = record.clientHostName
        self.userAgent = context.request.headers["User-Agent"] ?? ""
        self.referer = context.request.headers["Referer"] ?? ""
        self.status = record.httpStatus
        self.subStatus = context.response.subStatus
        self.win32Status = record.win32Status
        self.timeTaken = record.timeForProcessing
    }

    /// The line, without its newline. Empty fields are `-`; spaces become `+`, as IIS writes them.
    public var line: String {
        let (date, clock) = Self.dateAndTime(time)
        var bytes = Array("\(date) \(clock) ".utf8)
        W3CLogLineFormat.appendBody(self, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One field as IIS writes it: `-` when empty, a space as `+`, and never a byte that could
    /// break the line or the field: control bytes (CR, LF, TAB, NUL, ...) are written `%XX`. URL
    /// fields (`isURL`: cs-uri-stem, cs-uri-query) are percent-encoded as the W3C format requires
    /// (MS-WMLOG 2.2), so their non-ASCII bytes are `%XX` of the UTF-8 too; other fields keep
    /// UTF-8 text, as IIS logs in UTF-8.
    public static func field(_ value: String, isURL: Bool = false) -> String {
        var bytes: [UInt8] = []
        W3CLogLineFormat.appendField(value, isURL: isURL, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-11-22` and `00:31:07` in UTC.
    static func dateAndTime(_ time: Date) -> (String, String) {
        var seconds = time_t(time.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return ("\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))",
                "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))")
    }

    /// `u_exYYMMDD.log` for the UTC day of `time` (IIS's daily W3C file name, UTF-8 flavour).
    public static func fileName(for time: Date) -> String {
        let (date, _) = dateAndTime(time)
        let digits = date.replacingOccurrences(of: "-", with: "")
        return "u_ex\(digits.dropFirst(2)).log"
    }
}
