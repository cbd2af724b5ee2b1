/// The response being built (`IHttpResponse`). Buffered until the pipeline or a module flushes it.
public final class HttpResponse {
    public var status: Int = 200
    public var reason: String = "OK"
    public var subStatus: Int = 0
    /// Changed in place (`_modify`: an observer would make a copy of the list per change).
    public var headers: HeaderList {
        get { headerStorage }
        set {
            headerStorage = newValue
            noteHeaderChange()
        }
        _modify {
            yield &headerStorage
            noteHeaderChange()
        }
    }
    private var headerStorage = HeaderList()

    /// Remembers who first stored a header the response writer will refuse, for its log line.
    /// `mayHoldUnsendable` is kept per entry, so this costs nothing while every header is fine.
    private func noteHeaderChange() {
        guard refusedHeaderSetter == nil, headerStorage.mayHoldUnsendable else { return }
        guard HTTPResponseSerializer.violation(in: headerStorage) != nil else {
            headerStorage.confirmSendable()
            return
        }
        if let context { refusedHeaderSetter = context.activeExtension }
    }

    /// The module or filter that set a header the writer refuses (see `HttpContext.headerSetter`).
    var refusedHeaderSetter: String?
    /// Body parts (bytes, file ranges) buffered and not yet sent, in order.
    public private(set) var bufferedBody: [ResponseBodyPart] = []
    public private(set) var bufferedByteCount = 0
    /// Body bytes already handed to the client.
    public internal(set) var sentByteCount = 0
    /// True once the status line and headers went out (`GetResponseHeadersSent`).
    public internal(set) var headersSent = false
    /// `SetNeedDisconnect`: close the connection after this response.
    public var needsDisconnect = false
    /// `SuppressHeaders`: send only the body (the caller wrote its own framing).
    public var headersSuppressed = false
    /// A filter wrote to the client itself (WriteClient, SEND_RESPONSE_HEADER): the pipeline adds no
    /// head or framing of its own to this response.
    package var rawOutputStarted = false
    /// The `SetErrorStatus` HRESULT, if a module set one.
    public var errorStatus: Int32 = 0

    unowned(unsafe) var context: HttpContext!

    init() {}

    /// `ResetConnection`: the buffered response is dropped, nothing of this response is written
    /// (no status line either, nor what modules write afterwards) and the connection closes.
    public func resetConnection() {
        clear()
        rawOutputStarted = true
        needsDisconnect = true
        connectionReset = true
    }

    /// Set by `resetConnection`: later writes are dropped.
    public private(set) var connectionReset = false

    /// `SetStatus`.
    public func setStatus(_ status: Int, reason: String? = nil, subStatus: Int = 0) {
        self.status = status
        self.reason = reason ?? HTTPStatusReason.phrase(for: status)
        self.subStatus = subStatus
    }

    /// `WriteEntityChunks` from memory: the bytes are copied into the buffer.
    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, !connectionReset else { return }
        bufferedBody.append(.bytes(bytes))
        bufferedByteCount += bytes.count
    }

    /// `WriteEntityChunks` from a file: the range is sent from the file when the response goes
    /// out, never held in memory here. Its length counts towards `Content-Length` like bytes do.
    public func write(_ file: ResponseFile) {
        guard file.length > 0, !connectionReset else { return }
        bufferedBody.append(.file(file))
        bufferedByteCount += file.length
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    /// `Clear`: status, headers and buffered body back to their defaults. What was flushed stays sent.
    public func clear() {
        clearBody()
        guard !headersSent else { return }
        status = 200
        reason = "OK"
        subStatus = 0
        headers.removeAll()
    }

    /// Drops buffered body bytes only.
    public func clearBody() {
        bufferedBody.removeAll(keepingCapacity: true)
        bufferedByteCount = 0
    }

    /// `ClearHeaders`.
    public func clearHeaders() {
        guard !headersSent else { return }
        headers.removeAll()
    }

    /// `Redirect`: 302 (or `status`) with an absolute `Location` built from the request's host.
    /// Buffered body is discarded. With `includeQuery`, the current query string is appended.
    public func redirect(to url: String, status: Int = 302, includeQuery: Bool = false) {
        guard !headersSent else { return }
        var location = url
        if !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            let scheme = context.connection.info.isSecure ? "https" : "http"
            let host = context.request.headers["Host"] ?? context.connection.info.localAuthority
            location = url.hasPrefix("/") ? "\(scheme)://\(host)\(url)" : "\(scheme)://\(host)/\(url)"
        }
        if includeQuery && !context.request.query.isEmpty {
            location += (location.contains("?") ? "&" : "?") + context.request.query
        }
        clearBody()
        setStatus(status)
        headers.set("Location", location)
    }

    /// `Flush`: fires SendResponse and sends status, headers and what is buffered. Later writes
    /// go out chunked (HTTP/1.1) or until close (HTTP/1.0).
    public func flush() {
        context.flushResponse(isFinal: false)
    }

    /// The status line IIS filters read as `status` (`"200 OK"`).
    public var statusLine: String { "\(status) \(reason)" }

    /// The buffer is handed over whole: emptying a copy's shared storage with `keepingCapacity`
    /// would allocate a new buffer per response that the final send never uses.
    func takeBufferedBody() -> [ResponseBodyPart] {
        let body = bufferedBody
        bufferedBody = []
        sentByteCount += bufferedByteCount
        bufferedByteCount = 0
        return body
    }
}

/// Standard reason phrases.
public enum HTTPStatusReason {
    /// The standard phrase, or a generic one for a status not in the table.
    public static func phrase(for status: Int) -> String {
        knownPhrase(for: status) ?? (status < 400 ? "OK" : "Error")
    }

    /// The standard phrase of `status`, or nil when the table does not know it.
    public static func knownPhrase(for status: Int) -> String? {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 305: "Use Proxy"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 411: "Length Required"
        case 413: "Payload Too Large"
        case 414: "URI Too Long"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: nil
        }
    }
}
