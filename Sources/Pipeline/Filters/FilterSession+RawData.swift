/// Raw bytes in both directions: READ_RAW_DATA before parsing, SEND_RAW_DATA after serializing,
/// WriteClient and SEND_RESPONSE_HEADER.
extension FilterSession {
    /// Whether outgoing responses must be serialized here so SEND_RAW_DATA filters see the bytes.
    var filtersOutgoingBytes: Bool { chain.notifications.contains(.sendRawData) }

    /// READ_RAW_DATA over bytes just read from the socket.
    func filterIncoming(_ bytes: [UInt8]) -> RawInboundResult {
        let data = FilterRawData(bytes: bytes)
        switch dispatch(.readRawData(data)) {
        case .proceed: return .parse(data.bytes)
        case .readNext: return .readMore
        case .saturated: return .parse(data.bytes)  // the synchronous dispatch never waits for the pool
        case .finished(let keepConnection): return keepConnection ? .parse([]) : .close
        case .failed(let error, let filter):
            logger.warning("ISAPI filter '\(filter)' failed a raw read with \(error); closing the connection")
            let body = Array("\(error.httpStatus) \(HTTPStatusReason.phrase(for: error.httpStatus)): ISAPI filter '\(filter)' failed while reading the request (\(error)).\n".utf8)
            var headers = HeaderList()
            headers.set("Content-Type", "text/plain; charset=utf-8")
            headers.set("Server", connection.pipeline.serverSoftware)
            let head = ResponseHead(version: .http1_1, status: error.httpStatus,
                                    reason: HTTPStatusReason.phrase(for: error.httpStatus), headers: headers,
                                    contentLength: body.count, isHead: false, keepAlive: false)
            connection.sink?.writeRaw(HTTPResponseSerializer.head(head, keepAlive: false) + body)
            return .close
        }
    }

    /// SEND_RAW_DATA over outgoing bytes, from `start` (an index into the chain) towards the client.
    func filterOutgoing(_ bytes: [UInt8], startingAt start: Int? = nil) -> [UInt8] {
        guard filtersOutgoingBytes else { return bytes }
        let data = FilterRawData(bytes: bytes)
        switch dispatch(.sendRawData(data), startingAt: start) {
        case .proceed, .readNext, .saturated: break
        case .finished(let keepConnection):
            if !keepConnection { connection.closeAfterCurrentResponse = true }
        case .failed(let error, let filter):
            logger.warning("ISAPI filter '\(filter)' failed SEND_RAW_DATA with \(error); the connection closes after this response")
            connection.closeAfterCurrentResponse = true
        }
        return data.bytes
    }

    /// Writes bytes filter `index` produced, through SEND_RAW_DATA of the writer itself and the
    /// filters closer to the client, or only the latter when writing from inside SEND_RAW_DATA
    /// (the filter closest to the client, index 0, then writes straight to the client).
    private func writeFromFilter(_ bytes: [UInt8], index: Int, duringRawData: Bool) {
        if duringRawData && index == 0 {
            connection.sink?.writeRaw(bytes)
        } else {
            connection.sink?.writeRaw(filterOutgoing(bytes, startingAt: duringRawData ? index - 1 : index))
        }
    }

    func writeClient(_ bytes: [UInt8], from index: Int, duringRawData: Bool) {
        writeFromFilter(bytes, index: index, duringRawData: duringRawData)
        if let response = request?.response {
            response.rawOutputStarted = true
            response.headersSent = true
        }
    }

    func sendResponseHeader(status: String?, headers: String?, from index: Int, duringRawData: Bool) throws(Win32Error) {
        guard let context = request else { throw .notSupported }
        guard !sendResponseHeaderUsed, !context.response.headersSent else { throw .invalidParameter }
        let (code, reason) = try status.map { text throws(Win32Error) in
            guard let parsed = FilterHeaders.parseStatusLine(text) else { throw .invalidParameter }
            return parsed
        } ?? (200, "OK")
        let extra = try headers.map { text throws(Win32Error) in try Self.parseHeaderLines(text) } ?? []
        sendResponseHeaderUsed = true
        let response = context.response
        response.setStatus(code, reason: reason)
        if !response.headers.contains("Server") { response.headers.set("Server", connection.pipeline.serverSoftware) }
        if !response.headers.contains("Date") { response.headers.set("Date", HTTPDate.now()) }
        for (name, value) in pendingResponseHeaders + extra { response.headers.add(name, value) }
        pendingResponseHeaders.removeAll()
        raiseSendResponse(context)
        response.rawOutputStarted = true
        response.headersSent = true
        let head = ResponseHead(version: context.request.version, status: response.status, reason: response.reason,
                                headers: response.headers, contentLength: nil, isHead: context.request.method == "HEAD",
                                keepAlive: connection.keepAlive(after: context))
        let framing: BodyFraming
        do throws(HeaderViolation) {
            if let violation = HTTPResponseSerializer.violation(in: head) { throw violation }
            framing = try Self.declaredFraming(head)
        } catch {
            let filter = chain.filters[index].name
            logger.error("ISAPI filter '\(filter)' sent a response head the server refuses to write (SF_REQ_SEND_RESPONSE_HEADER, request \(context.requestID) \(context.request.method) \(HeaderViolation.printable(context.request.target))): \(error); answering 500 instead")
            response.headers.removeAll()
            response.setStatus(500)
            let (failure, body) = ResponseFailure.internalError(version: context.request.version, isHead: head.isHead,
                                                                keepAlive: head.keepAlive, server: connection.pipeline.serverSoftware)
            writeFromFilter(HTTPResponseSerializer.head(failure, keepAlive: failure.keepAlive) + body,
                            index: index, duringRawData: duringRawData)
            return
        }
        var keepAlive = head.keepAlive
        if response.headers.values("Connection").contains(where: { $0.lowercased().contains("close") }) {
            keepAlive = false
            connection.closeAfterCurrentResponse = true
        }
        writeFromFilter(HTTPResponseSerializer.head(head, framing: framing, keepAlive: keepAlive, date: HTTPDate.now()),
                        index: index, duringRawData: duringRawData)
    }

    /// The framing a filter's own head announces (it writes the body itself): one valid
    /// `Content-Length`, or `Transfer-Encoding: chunked`, or none; anything else is refused.
    static func declaredFraming(_ head: ResponseHead) throws(HeaderViolation) -> BodyFraming {
        let lengths = Set(head.headers.values("Content-Length").map { $0.trimmingSpaces })
        let encodings = head.headers.values("Transfer-Encoding")
        if lengths.count > 1 {
            throw HeaderViolation(name: "Content-Length", problem: .conflictingFraming("two different values"))
        }
        if !lengths.isEmpty && !encodings.isEmpty {
            throw HeaderViolation(name: "Transfer-Encoding", problem: .conflictingFraming("sent with Content-Length"))
        }
        if let text = lengths.first {
            guard let length = Int(text), length >= 0, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw HeaderViolation(name: "Content-Length", problem: .conflictingFraming("'\(text)' is not a length"))
            }
            return .length(length)
        }
        if !encodings.isEmpty {
            guard encodings.count == 1, encodings[0].trimmingSpaces.lowercased() == "chunked" else {
                throw HeaderViolation(name: "Transfer-Encoding", problem: .conflictingFraming("only 'chunked' can be declared"))
            }
            return .chunked
        }
        return .byWriter
    }

    /// SEND_RESPONSE over the response headers (reverse order); afterwards AddResponseHeaders is closed.
    func raiseSendResponse(_ context: HttpContext) {
        let headers = self.headers(.response, for: context)
        // Decided before the dispatch: AddResponseHeaders during SEND_RESPONSE is refused too
        // (the pending lines were already applied; AddHeader is the tool there).
        responseHeadersDecided = true
        let outcome = dispatch(.sendResponse(headers))
        if case .finished(let keepConnection) = outcome {
            if !keepConnection { connection.closeAfterCurrentResponse = true }
            // The filter wrote the response itself; nothing of ours may follow.
            context.response.rawOutputStarted = true
        }
    }

    // MARK: Pipeline responses through SEND_RAW_DATA

    /// The head of a pipeline response. With a known length the filtered head waits for the first
    /// `RawOutbound.holdLimit` bytes of filtered body, so `Content-Length` can be corrected if a
    /// filter changed the body's size (see `sendBody` for a longer body).
    func sendHead(_ head: ResponseHead) {
        let bytes = filterOutgoing(HTTPResponseSerializer.head(head, keepAlive: head.keepAlive))
        if head.isHead || !HTTPResponseSerializer.allowsBody(status: head.status) {
            outbound = .noBody
        } else if let length = head.contentLength {
            outbound = .holding(head: bytes, body: [], unfiltered: 0, announced: length,
                                canChunk: head.version.major == 1 && head.version.minor >= 1)
            return
        } else {
            outbound = .passing(chunked: HTTPResponseSerializer.usesChunkedEncoding(head))
        }
        connection.sink?.writeRaw(bytes)
    }

    /// A body chunk of a pipeline response: filtered as payload, then framed.
    func sendBody(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        switch outbound {
        case .noBody:
            return
        case .holding(let head, var body, let unfiltered, let announced, let canChunk):
            outbound = .noBody  // the held body is not copied while it grows
            body += filterOutgoing(bytes)
            let seen = unfiltered + bytes.count
            if body.count <= RawOutbound.holdLimit {
                outbound = .holding(head: head, body: body, unfiltered: seen, announced: announced, canChunk: canChunk)
            } else {
                stopHolding(head: head, body: body, unfiltered: seen, announced: announced, canChunk: canChunk)
            }
        case .announced(let length, let sent):
            let filtered = filterOutgoing(bytes)
            outbound = .announced(length: length, sent: sent + filtered.count)
            connection.sink?.writeRaw(filtered)
        case .passing(let chunked):
            let filtered = filterOutgoing(bytes)
            connection.sink?.writeRaw(chunked ? HTTPResponseSerializer.chunk(filtered) : filtered)
        }
    }

    /// The body outgrew the hold: the head goes now. Unchanged in size so far, it keeps the
    /// announced length (checked at the end); changed, it is re-framed as chunked (HTTP/1.1) or
    /// as ending with the connection (HTTP/1.0), since the final length is not known yet.
    private func stopHolding(head: [UInt8], body: [UInt8], unfiltered: Int, announced: Int, canChunk: Bool) {
        if body.count == unfiltered {
            outbound = .announced(length: announced, sent: body.count)
            connection.sink?.writeRaw(HTTPResponseSerializer.reframing(head, as: .length(announced)))
            connection.sink?.writeRaw(body)
        } else if canChunk {
            outbound = .passing(chunked: true)
            connection.sink?.writeRaw(HTTPResponseSerializer.reframing(head, as: .chunked))
            connection.sink?.writeRaw(HTTPResponseSerializer.chunk(body))
        } else {
            outbound = .passing(chunked: false)
            connection.closeAfterCurrentResponse = true
            connection.sink?.writeRaw(HTTPResponseSerializer.reframing(head, as: .untilClose))
            connection.sink?.writeRaw(body)
        }
    }

    func endResponse(keepAlive: Bool) {
        switch outbound {
        case .holding(let head, let body, _, _, _):
            // Two writes: joining them would copy the body.
            connection.sink?.writeRaw(HTTPResponseSerializer.reframing(head, as: .length(body.count)))
            connection.sink?.writeRaw(body)
        case .announced(let length, let sent) where length != sent:
            let filters = chain.filters.filter { $0.notifications.contains(.sendRawData) }.map { "'\($0.name)'" }
            logger.warning("SEND_RAW_DATA filter(s) \(filters.joined(separator: ", ")) changed the size of a body already sent with Content-Length \(length) (request \(request.map { "\($0.requestID) \($0.request.method) \(HeaderViolation.printable($0.request.target))" } ?? "?"): \(sent) bytes went out (or its file changed size meanwhile); closing the connection after it, since the client cannot find the response's end")
            connection.closeAfterCurrentResponse = true
        case .passing(chunked: true):
            connection.sink?.writeRaw(HTTPResponseSerializer.lastChunk)
        case .noBody, .announced, .passing:
            break
        }
        outbound = .noBody
        connection.sink?.endResponse(keepAlive: keepAlive && !connection.closeAfterCurrentResponse)
    }
}

/// How the body of one pipeline response sent through SEND_RAW_DATA is framed.
enum RawOutbound {
    /// How much filtered body a head with a known length waits for (the size correction holds at
    /// most this plus one piece in memory): one file chunk, so a file of up to 64 KiB still gets
    /// its corrected length.
    static let holdLimit = ResponseFile.chunkSize

    /// No body follows (HEAD, 204, 304), or no response is in progress.
    case noBody
    /// Head held with the filtered body so far (`unfiltered` bytes before the filters), for the
    /// `Content-Length` to be corrected at the end.
    case holding(head: [UInt8], body: [UInt8], unfiltered: Int, announced: Int, canChunk: Bool)
    /// Head sent with the module's `Content-Length`: the filters had not changed the size when the
    /// hold ran out. `sent` counts the filtered bytes, checked against `length` at the end.
    case announced(length: Int, sent: Int)
    /// Head sent without a length: pieces go out as chunks, or as they are (ending with the connection).
    case passing(chunked: Bool)
}

/// What the server does with bytes after READ_RAW_DATA.
public enum RawInboundResult: Equatable, Sendable {
    /// Parse these bytes (possibly changed, possibly empty).
    case parse([UInt8])
    /// A filter returned READ_NEXT: read more and notify again; parse nothing now.
    case readMore
    /// Close the connection (FINISHED, or a filter error already answered).
    case close
}
