import Pipeline

/// Answers `GET /hello` itself, in ExecuteRequestHandler, with a few server variables; every other
/// URL goes on to the next handler (the static files).
public final class HelloModule: HttpModule, Sendable {
    public static let name = "HelloModule"
    public static let path = "/hello"

    public init() {}

    private static let variables = ["REMOTE_ADDR", "SERVER_SOFTWARE", "URL", "QUERY_STRING", "INSTANCE_NAME"]
    private static let introduction: StaticString = """
        Hello from isapi-bridge!

        HelloModule (a Swift HttpModule in ExecuteRequestHandler) wrote this answer;
        PoweredByModule added the X-Powered-By header in SendResponse.


        """

    public static func registration() -> ModuleRegistration {
        let module = HelloModule()
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module },
                                  notifications: .executeRequestHandler)
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider)
        throws -> NotificationStatus
    {
        guard notification == .stage(.executeRequestHandler, isPost: false), context.request.path == Self.path else {
            return .continue
        }
        // Built as bytes in one buffer: this module is on the example's hot path (`GET /hello`).
        var body: [UInt8] = []
        body.reserveCapacity(Self.introduction.utf8CodeUnitCount + 160)
        body.append(contentsOf: UnsafeBufferPointer(start: Self.introduction.utf8Start, count: Self.introduction.utf8CodeUnitCount))
        for name in Self.variables {
            Self.append(name, to: &body)
            body.append(UInt8(ascii: " "))
            body.append(UInt8(ascii: "="))
            body.append(UInt8(ascii: " "))
            if let value = context.serverVariable(name) { Self.append(value, to: &body) }
            body.append(UInt8(ascii: "\n"))
        }
        context.response.headers.set("Content-Type", "text/plain; charset=utf-8")
        context.response.write(body)
        return .finishRequest
    }

    /// `text`'s bytes from its own storage (appending `text.utf8` goes byte by byte).
    private static func append(_ text: String, to body: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ body.append(contentsOf: $0) }) == nil {
            body.append(contentsOf: text.utf8)
        }
    }
}
