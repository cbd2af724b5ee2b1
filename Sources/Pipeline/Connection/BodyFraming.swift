/// How a response body is delimited on the wire.
package enum BodyFraming: Equatable, Sendable {
    /// The status never carries a body (1xx, 204, 304): no length, no bytes.
    case none
    /// `Content-Length`.
    case length(Int)
    /// `Transfer-Encoding: chunked` (HTTP/1.1 when the pipeline streams without knowing the length).
    case chunked
    /// HTTP/1.0 without a known length: the body ends when the connection closes.
    case untilClose
    /// A filter writes the body bytes and their framing itself (SEND_RESPONSE_HEADER without a
    /// Content-Length): the head announces no framing of its own.
    case byWriter

    package init(for head: ResponseHead) {
        if !HTTPResponseSerializer.allowsBody(status: head.status) {
            self = .none
        } else if let length = head.contentLength {
            self = .length(length)
        } else if head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1) {
            self = .chunked
        } else {
            self = .untilClose
        }
    }

    /// Whether the connection must close after this body for the client to find its end.
    package var endsWithClose: Bool { self == .untilClose }
}
