import NIOHTTP1

/// A request whose head arrived and whose body is still coming.
struct ReceivingRequest {
    let head: HTTPRequestHead
    var body: [UInt8] = []
}
