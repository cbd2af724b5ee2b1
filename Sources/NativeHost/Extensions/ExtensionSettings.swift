/// How the IsapiModule handler treats request and response bodies.
public struct ExtensionSettings: Sendable, Equatable {
    /// Body bytes handed over in `lpbData` before `HttpExtensionProc` runs (IIS's
    /// `serverRuntime/@uploadReadAheadSize`, default 48 KiB); the rest is read with ReadClient.
    public var uploadReadAheadSize: Int
    /// Response body bytes held before they are flushed to the client (IIS's handler
    /// `responseBufferLimit`, default 4 MiB). Below it a response gets a `Content-Length` and the
    /// connection stays open; past it the rest goes out chunked (HTTP/1.1).
    public var responseBufferLimit: Int

    public init(uploadReadAheadSize: Int = 49152, responseBufferLimit: Int = 4 * 1024 * 1024) {
        self.uploadReadAheadSize = max(0, uploadReadAheadSize)
        self.responseBufferLimit = max(0, responseBufferLimit)
    }
}
