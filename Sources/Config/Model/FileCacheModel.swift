/// What `system.webServer/caching` (server level) says about the file cache of the static file
/// handler, each nil when the file does not set it (the cache's default applies).
public struct FileCacheModel: Sendable, Equatable {
    /// `@enabled`: false turns the cache off (every request looks at the disk, off the event loop).
    public var enabled: Bool?
    /// `@maxCacheSize`, in MB: file bodies held in memory over all files (IIS: 0 means "the server
    /// decides", which keeps the default here).
    public var maxCacheSizeMB: Int?
    /// `@maxResponseSize`, in bytes: files up to this size are held in memory; larger ones are kept
    /// open and sent with sendfile.
    public var maxResponseSize: Int?
    /// isapi-bridge extensions (IIS keeps these in the registry, not the configuration):
    /// `maxCachedFiles` (paths remembered, found or not), `maxOpenFiles` (descriptors of larger
    /// files kept open) and `fileCheckInterval` (how long a look at the disk is trusted, a time span).
    public var maxCachedFiles: Int?
    public var maxOpenFiles: Int?
    public var fileCheckInterval: Duration?
    public var line = 0

    public init() {}
}
