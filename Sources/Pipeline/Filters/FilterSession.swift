import Logging

/// The filters' side of one connection: a `FilterContext` per filter, the per-request state of the
/// filter API, and the dispatch of notifications with their return codes.
final class FilterSession {
    unowned let connection: PipelineConnection
    let chain: FilterChain
    private(set) var contexts: [FilterContext] = []

    /// The request being processed; nil before the first request is parsed and between requests.
    var request: HttpContext?
    /// `SF_REQ_SET_NEXT_READ_SIZE`.
    var nextReadSize: Int?

    // Per request.
    var pendingResponseHeaders: [(String, String)] = []
    var denialHeaders: [(String, String)] = []
    var disabled: [FilterNotifications]
    var sendResponseHeaderUsed = false
    /// True once SEND_RESPONSE was raised for the request's headers (no AddResponseHeaders after).
    var responseHeadersDecided = false
    private(set) var ended = false
    /// A request reached PREPROC_HEADERS on this connection: IIS learns of a connection then.
    private var sawRequest = false
    /// Filters that were called on this connection at all (READ_RAW_DATA before any request).
    private var notified: [Bool]
    var outbound = RawOutbound.noBody
    /// The header structures of PREPROC_HEADERS / AUTH_COMPLETE and SEND_RESPONSE, made on first
    /// use and reused for every notification of the connection (`headers(_:for:)`).
    private var requestHeaders: FilterHeaders?
    private var responseHeaders: FilterHeaders?

    init(connection: PipelineConnection, chain: FilterChain) {
        self.connection = connection
        self.chain = chain
        self.disabled = Array(repeating: [], count: chain.filters.count)
        self.notified = Array(repeating: false, count: chain.filters.count)
        contexts = chain.filters.enumerated().map { index, registration in
            FilterContext(filterName: registration.name, index: index, session: self,
                          isSecurePort: connection.info.isSecure)
        }
    }

    var logger: Logger { connection.pipeline.logger }

    func beginRequest(_ context: HttpContext) {
        request = context
        sawRequest = true
        pendingResponseHeaders.removeAll()
        denialHeaders.removeAll()
        for index in disabled.indices { disabled[index] = [] }
        sendResponseHeaderUsed = false
        responseHeadersDecided = false
        outbound = .noBody
    }

    func endRequest() { request = nil }

    /// The connection's header structure of `side`, set up for a notification of `context`.
    func headers(_ side: FilterHeaders.Side, for context: HttpContext) -> FilterHeaders {
        switch side {
        case .request:
            if let headers = requestHeaders {
                headers.reset(for: context)
                return headers
            }
            let headers = FilterHeaders(side: .request, context: context)
            requestHeaders = headers
            return headers
        case .response:
            if let headers = responseHeaders {
                headers.reset(for: context)
                return headers
            }
            let headers = FilterHeaders(side: .response, context: context)
            responseHeaders = headers
            return headers
        }
    }

    func disable(_ mask: FilterNotifications, forFilter index: Int) {
        disabled[index].formUnion(mask)
    }

    /// What the chain's answers mean for the request.
    enum Outcome: Equatable {
        /// Every filter said NEXT, or one said HANDLED: carry on.
        case proceed
        /// FINISHED / FINISHED_KEEP_CONN: the filter produced the response.
        case finished(keepConnection: Bool)
        /// ERROR (or an invalid return value): fail the request with this error's status.
        case failed(Win32Error, filter: String)
        /// READ_NEXT from READ_RAW_DATA.
        case readNext
        /// A pooled filter could not run: the blocking-call pool's queue was full (503).
        case saturated(filter: String)
    }

    /// Delivers `notification` to every subscribed filter in order (backwards for outgoing
    /// events), from `start` on, until one stops the chain. Every filter runs on the calling thread.
    func dispatch(_ notification: FilterNotification, startingAt start: Int? = nil, onlyNotified: Bool = false) -> Outcome {
        let flag = notification.flag
        guard chain.notifications.contains(flag) else { return .proceed }
        let outgoing = flag == .sendResponse || flag == .sendRawData
        // Positions walk the chain; outgoing events map them to indices from the end (no array per call).
        let count = contexts.count
        let startPosition = start.map { outgoing ? count - 1 - $0 : $0 } ?? 0
        for position in max(0, startPosition)..<count {
            let index = outgoing ? count - 1 - position : position
            guard wants(index, flag, onlyNotified: onlyNotified) else { continue }
            if let outcome = outcome(of: deliver(notification, to: index), from: index, flag) { return outcome }
        }
        return .proceed
    }

    /// Like `dispatch` for an incoming notification raised where the request can wait: a filter in
    /// pool mode runs on the blocking-call pool with the connection parked, and the walk goes on
    /// when it returns. `then` gets the outcome and whether it came after such a wait (false: it
    /// was called before this returned). A full pool answers 503 (`.saturated`), except for
    /// END_OF_NET_SESSION, which always waits for a thread.
    func dispatchResumable(_ notification: FilterNotification, startingAt start: Int = 0, onlyNotified: Bool = false,
                           resumed: Bool = false, then: @escaping (Outcome, _ resumed: Bool) -> Void) {
        let flag = notification.flag
        guard chain.notifications.contains(flag) else { return then(.proceed, resumed) }
        for index in start..<contexts.count where wants(index, flag, onlyNotified: onlyNotified) {
            // The registration is read in place (a copy of the struct costs about 300 instructions
            // a filter and notification in retains and releases).
            if chain.filters[index].threading == .pool && connection.mayPark {
                // Captured as it is: `runParked`'s work is not @Sendable; the `ParkedCall` carrying it
                // is the one place that crosses to the pool thread. The request goes on on the pool
                // thread (`.pool`); END_OF_NET_SESSION's walk ends in the server's close, the loop's.
                let lastOfConnection = flag == .endOfNetSession
                let accepted = connection.runParked(mandatory: lastOfConnection, trace: (.filter, chain.filters[index].name),
                                                    continuation: lastOfConnection ? .loop : .pool) {
                    self.deliver(notification, to: index)
                } then: { status in
                    if let outcome = self.outcome(of: status, from: index, flag) { return then(outcome, true) }
                    self.dispatchResumable(notification, startingAt: index + 1, onlyNotified: onlyNotified, resumed: true, then: then)
                }
                if !accepted { then(.saturated(filter: chain.filters[index].name), resumed) }
                return
            }
            if let outcome = outcome(of: deliver(notification, to: index), from: index, flag) { return then(outcome, resumed) }
        }
        then(.proceed, resumed)
    }

    /// Whether filter `index` is to be told of `flag` on this connection now.
    /// Reads the registration in place: a copy of it (name, filter, version) per filter and
    /// notification was retained and released for nothing.
    private func wants(_ index: Int, _ flag: FilterNotifications, onlyNotified: Bool) -> Bool {
        chain.filters[index].notifications.contains(flag) && !disabled[index].contains(flag)
            && chain.filters[index].servesPort(secure: connection.info.isSecure) && (!onlyNotified || notified[index])
    }

    /// What a filter's return code means for the chain; nil: go on to the next filter.
    private func outcome(of status: FilterStatus, from index: Int, _ flag: FilterNotifications) -> Outcome? {
        switch status {
        case .nextNotification:
            return nil
        case .handledNotification:
            return .proceed
        case .finished:
            return .finished(keepConnection: false)
        case .finishedKeepConnection:
            return .finished(keepConnection: true)
        case .error:
            let error = contexts[index].lastError
            return .failed(error == .success ? Win32Error(500) : error, filter: chain.filters[index].name)
        case .readNext where flag == .readRawData:
            return .readNext
        case .readNext, .unknown:
            logger.error("ISAPI filter '\(chain.filters[index].name)' returned \(status) from \(flag.notificationName); treated as SF_STATUS_REQ_ERROR")
            return .failed(contexts[index].lastError == .success ? Win32Error(500) : contexts[index].lastError,
                           filter: chain.filters[index].name)
        }
    }

    private func deliver(_ notification: FilterNotification, to index: Int) -> FilterStatus {
        let context = contexts[index]
        notified[index] = true
        let previous = context.activeNotification
        context.activeNotification = notification.flag
        defer { context.activeNotification = previous }
        let begin = request?.trace != nil ? ContinuousClock.now : nil
        let status = chain.filters[index].filter.httpFilterProc(context, notification)
        if let begin, let trace = request?.trace {
            trace.record(.filter, name: context.filterName, notification: notification.flag.notificationName,
                         result: status.description, duration: ContinuousClock.now - begin)
        }
        return status
    }

    /// Applies an outcome inside the request: true when the request must finish now.
    func apply(_ outcome: Outcome, to context: HttpContext) -> Bool {
        switch outcome {
        case .proceed, .readNext:
            return false
        case .finished(let keepConnection):
            if !keepConnection { connection.closeAfterCurrentResponse = true }
            return true
        case .saturated(let filter):
            context.answerPoolSaturated(by: filter)
            return true
        case .failed(let error, let filter):
            logger.warning("ISAPI filter '\(filter)' failed request \(context.requestID) with \(error)")
            if !context.response.headersSent && !context.response.rawOutputStarted {
                context.response.clear()
                context.response.setStatus(error.httpStatus)
                context.response.headers.set("Content-Type", "text/plain; charset=utf-8")
                context.response.write("\(error.httpStatus) \(HTTPStatusReason.phrase(for: error.httpStatus)): ISAPI filter '\(filter)' failed the request (\(error)).\n")
            }
            return true
        }
    }

    /// END_OF_NET_SESSION, once per subscribed filter; afterwards the contexts are gone.
    ///
    /// Only for a connection the filters know: IIS tells filters of a connection with its first
    /// request, and legacy filters use the `pFilterContext` they set then without a NULL check. A
    /// connection that carried no request (a port probe, connect and close) notifies only the
    /// READ_RAW_DATA filters that were already called with its bytes, and nobody else.
    func endSession(then: @escaping (_ resumed: Bool) -> Void) {
        guard !ended else { return then(false) }
        ended = true
        request = nil
        dispatchResumable(.endOfNetSession, onlyNotified: !sawRequest) { _, resumed in then(resumed) }
    }

    /// Parses `Name: value\r\n` lines (a bare LF also ends a line; a line without a colon is
    /// `ERROR_INVALID_PARAMETER`). A lone CR is not a line break: it stays in the value, and the
    /// response writer refuses the value (500), so a CR smuggled into a header block (a redirect
    /// target with `%0d`) cannot start a header of its own.
    static func parseHeaderLines(_ text: String) throws(Win32Error) -> [(String, String)] {
        // On bytes (AddResponseHeaders runs on the hot path): lines end at LF, a CR before it is
        // dropped, the value starts after the colon and any spaces or tabs.
        var text = text
        let parsed: [(String, String)]? = text.withUTF8 { bytes in
            var result: [(String, String)] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 10 { end += 1 }
                let next = end + 1
                if end > start && bytes[end - 1] == 13 { end -= 1 }
                if end > start {
                    var colon = start
                    while colon < end && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                    guard colon < end, colon != start else { return nil }
                    var valueStart = colon + 1
                    while valueStart < end && (bytes[valueStart] == 32 || bytes[valueStart] == 9) { valueStart += 1 }
                    result.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<colon]), as: UTF8.self),
                                   String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<end]), as: UTF8.self)))
                }
                start = next
            }
            return result
        }
        guard let parsed else { throw .invalidParameter }
        return parsed
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
