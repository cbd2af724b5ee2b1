/// `HTTP_FILTER_PREPROC_HEADERS` / `HTTP_FILTER_AUTH_COMPLETE_INFO` / `HTTP_FILTER_SEND_RESPONSE`:
/// header access with the filter API's rules.
///
/// * Ordinary names carry their trailing colon (`"Content-Type:"`) and match case-insensitively;
///   a name without one is `ERROR_INVALID_PARAMETER`.
/// * The pseudo-names `method`, `url`, `version` (request side) and `status` (response side) have
///   no colon, are lower-case and address the request or status line.
/// * `setHeader` with an empty value deletes; CR or LF in a name or value is refused.
/// * Repeated headers are returned joined with `", "`.
///
/// One object per side and connection (`FilterSession.headers(_:for:)`), pointed at the request of
/// each notification in turn, as IIS's structure is valid only during the notification that
/// carries it: no allocation per header notification.
public final class FilterHeaders {
    public enum Side: Sendable { case request, response }

    public let side: Side
    unowned private(set) var context: HttpContext
    /// `HttpStatus`: the current (request side) or response status.
    public var httpStatus: UInt32 {
        get { httpStatusStorage }
        set { httpStatusStorage = newValue }
    }
    /// `fResetAuth` of AUTH_COMPLETE.
    public var resetAuthentication: Bool {
        get { resetAuthenticationStorage }
        set { resetAuthenticationStorage = newValue }
    }
    // Unchecked storage behind the accessors: see `FilterContext`.
    @exclusivity(unchecked) private var httpStatusStorage: UInt32
    @exclusivity(unchecked) private var resetAuthenticationStorage = false

    init(side: Side, context: HttpContext) {
        self.side = side
        self.context = context
        self.httpStatusStorage = UInt32(context.response.status)
    }

    /// Points the object at `context` for one notification, with the fields a new structure has.
    func reset(for context: HttpContext) {
        self.context = context
        httpStatusStorage = UInt32(context.response.status)
        resetAuthenticationStorage = false
    }

    private enum Name {
        case pseudo(String)
        /// The name without its colon (a slice: no new string just to look a header up).
        case header(Substring)
    }

    private func parse(_ name: String) throws(Win32Error) -> Name {
        // On bytes: this runs for every GetHeader/SetHeader/AddHeader a filter makes.
        var name = name
        let (lineBreak, colon) = name.withUTF8 { bytes in
            (bytes.contains { $0 == 13 || $0 == 10 }, bytes.count > 1 && bytes[bytes.count - 1] == UInt8(ascii: ":"))
        }
        if lineBreak { throw .invalidParameter }
        if colon {
            return .header(Substring(name.utf8.dropLast()))
        }
        switch (side, name) {
        case (.request, "method"), (.request, "url"), (.request, "version"), (.response, "status"):
            return .pseudo(name)
        default:
            throw .invalidParameter
        }
    }

    /// The side's header list, changed in place (a get/set pair would copy the whole list on
    /// every change).
    private var headers: HeaderList {
        get { side == .request ? context.request.headers : context.response.headers }
        _modify {
            if side == .request { yield &context.request.headers } else { yield &context.response.headers }
        }
    }

    /// `GetHeader`: the value, or `ERROR_INVALID_INDEX` when absent.
    public func getHeader(_ name: String) throws(Win32Error) -> String {
        switch try parse(name) {
        case .pseudo("method"): return context.request.method
        case .pseudo("url"): return context.request.target
        case .pseudo("version"): return context.request.version.description
        case .pseudo(_): return context.response.statusLine
        case .header(let header):
            let list = side == .request ? context.request.headers : context.response.headers
            let (count, first) = list.count(named: header)
            guard let first else { throw .invalidIndex }
            return count == 1 ? first : list.values(String(header)).joined(separator: ", ")
        }
    }

    /// `getHeader` with the name as the C caller passed it: an ordinary `"Name:"` is looked up in
    /// place, without making a `String` of it; pseudo-names and bad names go the `String` way.
    public func getHeader(bytes name: UnsafeRawBufferPointer) throws(Win32Error) -> String {
        guard name.count > 1, name[name.count - 1] == UInt8(ascii: ":"),
              !name.contains(where: { $0 == 13 || $0 == 10 }) else {
            return try getHeader(String(decoding: name, as: UTF8.self))
        }
        let header = UnsafeRawBufferPointer(rebasing: name[..<(name.count - 1)])
        let list = side == .request ? context.request.headers : context.response.headers
        let (count, first) = list.count(named: header)
        guard let first else { throw .invalidIndex }
        return count == 1 ? first : list.values(String(decoding: header, as: UTF8.self)).joined(separator: ", ")
    }

    /// `SetHeader`: replaces (or adds) the header; an empty value deletes it.
    public func setHeader(_ name: String, _ value: String) throws(Win32Error) {
        if Self.hasLineBreak(value) { throw .invalidParameter }
        switch try parse(name) {
        case .pseudo("method"):
            guard !value.isEmpty, !value.contains(" ") else { throw .invalidParameter }
            context.request.method = value
        case .pseudo("url"):
            guard !value.isEmpty, context.request.setURL(value) else { throw .invalidParameter }
        case .pseudo("version"):
            guard let version = Self.parseVersion(value) else { throw .invalidParameter }
            context.request.version = version
        case .pseudo(_):
            guard let (status, reason) = Self.parseStatusLine(value) else { throw .invalidParameter }
            context.response.setStatus(status, reason: reason)
            httpStatus = UInt32(status)
        case .header(let header):
            if value.isEmpty { headers.remove(String(header)) } else { headers.set(String(header), value) }
        }
    }

    /// `AddHeader`: another line with this name, even if one exists.
    public func addHeader(_ name: String, _ value: String) throws(Win32Error) {
        if Self.hasLineBreak(value) { throw .invalidParameter }
        switch try parse(name) {
        case .pseudo: try setHeader(name, value)
        case .header(let header): headers.add(String(header), value)
        }
    }

    /// `setHeader`/`addHeader` for an ordinary header whose name the caller already split from its
    /// colon and checked (the C adapter does it on the caller's bytes: no second string per call).
    public func setHeader(named header: String, _ value: String, adding: Bool) throws(Win32Error) {
        if Self.hasLineBreak(value) { throw .invalidParameter }
        if adding {
            headers.add(header, value)
        } else if value.isEmpty {
            headers.remove(header)
        } else {
            headers.set(header, value)
        }
    }

    /// CR or LF anywhere (checked on bytes: Swift treats CRLF as one Character).
    static func hasLineBreak(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.contains { $0 == 13 || $0 == 10 } }
    }

    static func parseVersion(_ text: String) -> HTTPVersion? {
        guard text.hasPrefix("HTTP/") else { return nil }
        let numbers = text.dropFirst(5).split(separator: ".")
        guard numbers.count == 2, let major = Int(numbers[0]), let minor = Int(numbers[1]) else { return nil }
        return HTTPVersion(major: major, minor: minor)
    }

    /// `"302 Found"` into (302, "Found"); a bare code gets the standard phrase.
    static func parseStatusLine(_ text: String) -> (Int, String)? {
        let parts = text.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let status = Int(first), (100...999).contains(status) else { return nil }
        return (status, parts.count > 1 ? String(parts[1]) : HTTPStatusReason.phrase(for: status))
    }
}
