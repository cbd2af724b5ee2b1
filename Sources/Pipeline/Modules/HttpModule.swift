/// A request module: the Swift counterpart of `CHttpModule`.
///
/// One instance serves one request; it is made by its factory when the request starts and
/// disposed when the request ends. Only notifications the module registered for reach it.
public protocol HttpModule: AnyObject {
    /// Handles a stage, post-stage or non-deterministic notification. A thrown error fails the
    /// request with 500 (unless headers already went out) and skips to LogRequest and EndRequest.
    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws
        -> NotificationStatus

    /// Resumes a notification this module left PENDING, after `CompletionHandle.post(bytes:)`.
    func handleAsyncCompletion(_ notification: RequestNotification, context: HttpContext, completion: AsyncCompletion)
        throws -> NotificationStatus

    /// Called once at the end of the request, after EndRequest.
    func dispose()
}

extension HttpModule {
    public func handleAsyncCompletion(
        _ notification: RequestNotification, context: HttpContext, completion: AsyncCompletion
    ) throws -> NotificationStatus { .continue }

    public func dispose() {}
}

/// What a completed asynchronous operation reports (`IHttpCompletionInfo`).
public struct AsyncCompletion: Sendable {
    public var bytes: UInt32
    /// An HRESULT; 0 is success.
    public var status: Int32
    public init(bytes: UInt32 = 0, status: Int32 = 0) {
        self.bytes = bytes
        self.status = status
    }
}

/// Makes one module instance per request (`IHttpModuleFactory`). Shared by every event loop.
public protocol HttpModuleFactory: AnyObject, Sendable {
    /// `GetHttpModule`: the instance for one request. `allocator` hands out request-scoped memory.
    func makeModule(allocator: ModuleAllocator) throws -> any HttpModule
    /// Called once at shutdown.
    func terminate()
}

extension HttpModuleFactory {
    public func terminate() {}
}

/// A factory from a closure, for Swift modules that need no shared state.
public final class ClosureModuleFactory: HttpModuleFactory {
    private let make: @Sendable (ModuleAllocator) throws -> any HttpModule
    public init(_ make: @escaping @Sendable (ModuleAllocator) throws -> any HttpModule) { self.make = make }
    public func makeModule(allocator: ModuleAllocator) throws -> any HttpModule { try make(allocator) }
}
