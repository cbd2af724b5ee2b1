/// The ordered record of one request's notifications: who ran, what they returned, how long it took.
public final class RequestTrace: @unchecked Sendable {
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case module, global, filter }
        public var kind: Kind
        /// Module, global module or filter name.
        public var name: String
        /// The notification, e.g. `BeginRequest`, `PostAuthenticateRequest`, `SF_NOTIFY_LOG`.
        public var notification: String
        /// The returned status, e.g. `CONTINUE`, `SF_STATUS_REQ_NEXT_NOTIFICATION`.
        public var result: String
        public var duration: Duration
    }

    public let requestID: UInt64
    public private(set) var entries: [Entry] = []
    public internal(set) var method = ""
    public internal(set) var url = ""
    public internal(set) var status = 0

    init(requestID: UInt64) { self.requestID = requestID }

    /// Adds an entry; the filter bridge records its notifications through this too.
    public func record(_ kind: Entry.Kind, name: String, notification: String, result: String, duration: Duration) {
        entries.append(Entry(kind: kind, name: name, notification: notification, result: result, duration: duration))
    }
}
