import ISAPIHeaders
import Pipeline

/// What the extension's output does to the response: everything goes through the pipeline's
/// `HttpResponse`, so filters (SEND_RESPONSE, SEND_RAW_DATA) and modules see it as any handler's.
extension ExtensionSession {
    /// `HSE_REQ_SEND_RESPONSE_HEADER(_EX)`: `status` like "302 Object Moved" (nil: "200 OK");
    /// `headers` as "Name: value\r\n" lines, optionally ended by an empty line and followed by
    /// body bytes. `keepConnection` false closes the connection after the response.
    func sendHeaders(status: String?, headers: String?, keepConnection: Bool?) throws(Win32Error) {
        guard !headersSent else { throw .invalidParameter }
        let response = context.response
        guard let (code, reason) = Self.parseStatus(status ?? "200 OK") else { throw .invalidParameter }
        response.setStatus(code, reason: reason)
        ecb.pointee.dwHttpStatusCode = DWORD(code)
        headersSent = true
        if let headers {
            let (lines, body) = Self.splitHeaderBlock(headers)
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = String(line[..<colon]).trimmingSpaces
                let value = String(line[line.index(after: colon)...]).trimmingSpaces
                guard !name.isEmpty else { continue }
                // One Content-Type (a module may have set one); other headers are added as sent.
                if name.lowercased() == "content-type" { response.headers.set(name, value) } else { response.headers.add(name, value) }
            }
            if !body.isEmpty { write(body, flags: 0) }
        }
        if keepConnection == false { response.needsDisconnect = true }
    }

    /// `HSE_REQ_SEND_URL_REDIRECT_RESP` / `HSE_REQ_SEND_URL`: 302 with `Location`.
    func redirect(to url: String) throws(Win32Error) {
        guard !headersSent, !url.isEmpty else { throw .invalidParameter }
        context.response.redirect(to: url)
        context.response.headers.set("Content-Type", "text/html")
        context.response.write("<head><title>Object moved</title></head><body><h1>Object Moved</h1>This object may be found <a href=\"\(Self.htmlEscaped(url))\">here</a>.</body>")
        ecb.pointee.dwHttpStatusCode = 302
        headersSent = true
    }

    /// WriteClient's bytes, as body. Output before any header block gets IIS's defaults (200).
    func write(_ bytes: [UInt8], flags: DWORD) {
        headersSent = true
        let response = context.response
        response.write(bytes)
        if flags & DWORD(HSE_IO_DISCONNECT_AFTER_SEND) != 0 { response.needsDisconnect = true }
        if flushEachWrite || response.bufferedByteCount > settings.responseBufferLimit { response.flush() }
    }

    /// `HSE_REQ_TRANSMIT_FILE`'s file range (with its head and tail bytes).
    func write(_ file: ResponseFile) {
        headersSent = true
        context.response.write(file)
        if flushEachWrite || context.response.bufferedByteCount > settings.responseBufferLimit { context.response.flush() }
    }

    /// Ends the extension's part: what `HttpExtensionProc` returned, or the status passed with
    /// `HSE_REQ_DONE_WITH_SESSION`. An error with nothing sent yet becomes a 500; an error, or a
    /// value that is no `HSE_STATUS_*`, closes the connection after the response.
    func finish(_ status: DWORD) {
        phase = .finished
        let response = context.response
        switch Int32(bitPattern: status) {
        case HSE_STATUS_SUCCESS, HSE_STATUS_SUCCESS_AND_KEEP_CONN:
            return
        case HSE_STATUS_ERROR:
            failIfNothingSent("the extension returned HSE_STATUS_ERROR")
        default:
            context.pipeline.logger.error(
                "ISAPI extension '\(`extension`.name)' (\(`extension`.path)) returned \(status), which is not an HSE_STATUS_* value; the request fails with 500",
                metadata: ["request": "\(context.requestID)", "url": "\(context.request.target)"])
            failIfNothingSent("the extension returned an invalid status (\(status))")
        }
        response.needsDisconnect = true
    }

    private func failIfNothingSent(_ why: String) {
        let response = context.response
        guard !response.headersSent else { return }
        response.clear()
        response.setStatus(500)
        response.headers.set("Content-Type", "text/plain; charset=utf-8")
        response.write("500 Internal Server Error: ISAPI extension '\(`extension`.name)' failed: \(why).\n")
        ecb.pointee.dwHttpStatusCode = 500
    }

    // MARK: Parsing

    /// "302 Object Moved" -> (302, "Object Moved"); a bare "404" gets the standard phrase.
    static func parseStatus(_ status: String) -> (Int, String)? {
        let trimmed = status.trimmingSpaces
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 3, let code = Int(digits), (100...999).contains(code) else { return nil }
        let reason = String(trimmed.dropFirst(3)).trimmingSpaces
        guard !reason.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else { return nil }
        return (code, reason.isEmpty ? HTTPStatusReason.phrase(for: code) : reason)
    }

    /// The header lines (up to an empty line) and the bytes after the empty line. Lines end with
    /// CRLF or a bare LF (worked on as bytes: Swift reads CRLF as one character).
    static func splitHeaderBlock(_ block: String) -> (lines: [String], body: [UInt8]) {
        let bytes = Array(block.utf8)
        var lines: [String] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 10 {
            let end = index > start && bytes[index - 1] == 13 ? index - 1 : index
            if end == start { return (lines, Array(bytes[(index + 1)...])) }
            lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = index + 1
        }
        if start < bytes.count {
            let end = bytes.last == 13 ? bytes.count - 1 : bytes.count
            if end > start { lines.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
        }
        return (lines, [])
    }

    static func htmlEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
