import Memory

/// `HTTP_FILTER_CONTEXT` for one filter on one connection, with its callbacks as Swift methods.
///
/// Each filter has its own context and so its own `context` slot (`pFilterContext`), kept for the
/// whole connection. Callbacks work only while a notification is being delivered; outside one they
/// throw `ERROR_INVALID_PARAMETER`. Failures throw the Win32 error the C API would leave in
/// `GetLastError`.
public final class FilterContext {
    public let filterName: String
    /// `pFilterContext`: owned by the filter, NULL at connection start, kept across requests.
    public var context: UnsafeMutableRawPointer? {
        get { contextSlot }
        set { contextSlot = newValue }
    }
    /// The same slot for Swift filters that prefer an object.
    public var object: AnyObject? {
        get { objectSlot }
        set { objectSlot = newValue }
    }
    /// `fIsSecurePort`.
    public let isSecurePort: Bool
    /// What the filter last set with `SetLastError` (read when it returns `SF_STATUS_REQ_ERROR`).
    public var lastError: Win32Error {
        get { lastErrorSlot }
        set { lastErrorSlot = newValue }
    }

    // The storage of the three slots above: touched on every notification, used on the
    // connection's event loop only and never lent out `inout`, so without the runtime's dynamic
    // exclusivity check. (`@exclusivity(unchecked)` is not seen by other modules, which would
    // check a public stored property themselves: hence the accessors.)
    @exclusivity(unchecked) private var contextSlot: UnsafeMutableRawPointer?
    @exclusivity(unchecked) private var objectSlot: AnyObject?
    @exclusivity(unchecked) private var lastErrorSlot: Win32Error = .success

    unowned let session: FilterSession
    let index: Int
    let owner: AllocationOwner
    /// The notification being delivered, nil between notifications.
    public internal(set) var activeNotification: FilterNotifications?

    init(filterName: String, index: Int, session: FilterSession, isSecurePort: Bool) {
        self.filterName = filterName
        self.index = index
        self.session = session
        self.isSecurePort = isSecurePort
        self.owner = AllocationOwner.named(filterName)
    }

    /// The request in progress, if the notification belongs to one.
    public var request: HttpContext? { session.request }

    private func requireActive() throws(Win32Error) {
        guard activeNotification != nil else { throw .invalidParameter }
    }

    /// `AllocMem`: connection-scoped memory, freed after END_OF_NET_SESSION. Nil past the
    /// connection cap (the connection then closes after the current response).
    public func allocMem(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        guard activeNotification != nil, byteCount >= 0 else {
            lastError = .invalidParameter
            return nil
        }
        guard let block = session.connection.arena.allocate(byteCount: byteCount, owner: owner) else {
            lastError = .notEnoughMemory
            return nil
        }
        return block
    }

    /// Request-scoped memory attributed to this filter: tail-guarded, freed when the request ends,
    /// so an overrun is reported with the filter's name. Nil outside a request or a notification.
    /// Not an ISAPI callback: the native adapter uses it for the buffers of a notification (LOG's
    /// strings; AUTHENTICATION and URL_MAP values too long for their per-connection buffers).
    public func allocateRequestMemory(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        guard activeNotification != nil, session.request != nil, byteCount >= 0 else { return nil }
        return session.connection.requestArena.allocate(byteCount: byteCount, owner: owner)
    }

    /// `GetServerVariable`. `ERROR_INVALID_INDEX` for an unknown name (or a header the request lacks),
    /// `ERROR_NO_DATA` when there is no request yet (READ_RAW_DATA).
    public func serverVariable(_ name: String) throws(Win32Error) -> String {
        try requireActive()
        guard !name.isEmpty else { throw .invalidParameter }
        guard let request = session.request else { throw .noData }
        guard let value = request.serverVariable(name) else { throw .invalidIndex }
        return value
    }

    /// `AddResponseHeaders`: `Name: value\r\n` lines added to the response when it is sent.
    /// Refused (`ERROR_NOT_SUPPORTED`) from SEND_RESPONSE on, where `addHeader` is the tool.
    public func addResponseHeaders(_ headers: String) throws(Win32Error) {
        try requireActive()
        guard session.request != nil, !session.responseHeadersDecided else { throw .notSupported }
        session.pendingResponseHeaders += try FilterSession.parseHeaderLines(headers)
    }

    /// `WriteClient`: raw bytes to the client, through the SEND_RAW_DATA filters closer to it.
    public func writeClient(_ bytes: [UInt8]) throws(Win32Error) {
        try requireActive()
        session.writeClient(bytes, from: index, duringRawData: activeNotification == .sendRawData)
    }

    /// `SF_REQ_SEND_RESPONSE_HEADER`: status line (`"401 Access Denied"`, nil for `200 OK`), the
    /// server's standard headers, `headers` (lines ending in CRLF) and the blank line. Raises
    /// SEND_RESPONSE first. Once per request.
    public func sendResponseHeader(status: String?, headers: String?) throws(Win32Error) {
        try requireActive()
        try session.sendResponseHeader(status: status, headers: headers, from: index,
                                       duringRawData: activeNotification == .sendRawData)
    }

    /// `SF_REQ_ADD_HEADERS_ON_DENIAL`: header lines added if the request ends in 401.
    public func addHeadersOnDenial(_ headers: String) throws(Win32Error) {
        try requireActive()
        guard activeNotification != .sendRawData, session.request != nil else { throw .notSupported }
        session.denialHeaders += try FilterSession.parseHeaderLines(headers)
    }

    /// `SF_REQ_SET_NEXT_READ_SIZE`: the size of the next raw read (READ_RAW_DATA filters).
    public func setNextReadSize(_ byteCount: Int) throws(Win32Error) {
        try requireActive()
        guard byteCount > 0 else { throw .invalidParameter }
        session.nextReadSize = byteCount
    }

    /// `SF_REQ_GET_PROPERTY` with `SF_PROPERTY_INSTANCE_NUM_ID`: the site id.
    public func instanceID() throws(Win32Error) -> UInt32 {
        try requireActive()
        return session.connection.pipeline.site.id
    }

    /// `SF_REQ_NORMALIZE_URL`: decoded, `\` as `/`, `.` and `..` resolved. A URL that climbs above
    /// the root or has a bad escape is `ERROR_INVALID_PARAMETER`.
    public func normalizeURL(_ url: String) throws(Win32Error) -> String {
        try requireActive()
        guard let normalized = URLNormalization.normalize(url) else { throw .invalidParameter }
        return normalized
    }

    /// `SF_REQ_DISABLE_NOTIFICATIONS`: this filter hears none of `mask` for the rest of the request.
    public func disableNotifications(_ mask: FilterNotifications) throws(Win32Error) {
        try requireActive()
        session.disable(mask, forFilter: index)
    }
}

/// The normalisation `SF_REQ_NORMALIZE_URL` performs: the canonical request path, decoded.
package enum URLNormalization {
    package static func normalize(_ url: String) -> String? {
        let parts = PercentEncoding.split(target: url)
        guard let canonical = try? CanonicalPath(raw: parts.path) else { return nil }
        return parts.query.isEmpty && !url.contains("?") ? canonical.decoded : canonical.decoded + "?" + parts.query
    }
}
