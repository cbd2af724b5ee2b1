import NIOHTTP1
import Pipeline

/// A request whose head arrived and whose body is still coming: into `body`, or, when the request
/// went to the pipeline at its head, into `stream`.
struct ReceivingRequest {
    let head: HTTPRequestHead
    var body: [UInt8] = []
    var stream: RequestBodyStream?
    /// Body bytes received so far.
    var received = 0
}
