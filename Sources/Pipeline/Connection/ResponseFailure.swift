/// The answer that replaces a response the writer refused (a header with CR, LF or NUL, a name
/// that is not a token, conflicting framing): a plain 500 the client can read.
enum ResponseFailure {
    static func internalError(version: HTTPVersion, isHead: Bool, keepAlive: Bool,
                              server: String) -> (head: ResponseHead, body: [UInt8]) {
        let body = Array("500 Internal Server Error: the response had an invalid header and was not sent; the server log names it.\n".utf8)
        var headers = HeaderList([("Content-Type", "text/plain; charset=utf-8")])
        headers.set("Server", server)
        let head = ResponseHead(version: version, status: 500, reason: "Internal Server Error", headers: headers,
                                contentLength: body.count, isHead: isHead, keepAlive: keepAlive)
        return (head, isHead ? [] : body)
    }
}
