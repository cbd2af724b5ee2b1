/// What the file cache knows about one path: what is there, and for a regular file its identity,
/// its validators and its body (bytes for a small file, an open descriptor for a larger one).
/// Made off the event loop by `FileProbe`; read on it without touching the disk.
package struct CachedFile: Sendable {
    package enum Kind: Sendable, Equatable {
        case regularFile
        case directory
        /// A device, socket, FIFO: never served.
        case other
        /// Nothing there, or a component of the path is not a directory.
        case missing
        /// There, but the process may not read it (or search a directory on the way).
        case notPermitted
    }

    /// Where the body comes from.
    package enum Body: Sendable {
        case none
        /// The whole file, read once (files up to `FileCache.Limits.maxFileBytesInMemory`).
        case bytes([UInt8])
        /// Larger files: kept open, sent with `sendfile`.
        case descriptor(OpenFile)
    }

    /// What makes two looks at a file the same file with the same contents, as far as `stat` tells.
    package struct Identity: Sendable, Equatable {
        package var device: UInt64 = 0
        package var inode: UInt64 = 0
        package var size: Int = 0
        package var modifiedSeconds: Int = 0
        package var modifiedNanoseconds: Int = 0
    }

    package var kind: Kind
    /// The path with symbolic links and `..` resolved (`realpath`); nil when it could not be.
    package var realPath: String?
    package var identity = Identity()
    package var body: Body = .none
    /// The validators and type sent with the file, made once when it was read.
    package private(set) var etag = ""
    package private(set) var lastModified = ""
    package private(set) var contentType = ""
    /// The headers a full response for the file carries, in the order the static handler sends
    /// them (`Last-Modified`, `ETag`, `Accept-Ranges`, `Content-Type`), and the validators alone
    /// (a 304): made and checked once with the validators, so a response takes them without
    /// building or checking a header per request.
    package private(set) var responseHeaders = HeaderList()
    package private(set) var validatorHeaders = HeaderList()

    package var size: Int { identity.size }
    /// Seconds since the epoch.
    package var modified: Int { identity.modifiedSeconds }
    /// Bytes of memory the body holds.
    var memoryCost: Int {
        if case .bytes(let bytes) = body { return bytes.count }
        return 0
    }
    var holdsDescriptor: Bool {
        if case .descriptor = body { return true }
        return false
    }

    /// Sets the validators and type, and the header lists made from them.
    package mutating func describe(etag: String, lastModified: String, contentType: String) {
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        var validators = HeaderList()
        validators.set("Last-Modified", lastModified)
        validators.set("ETag", etag)
        validatorHeaders = validators
        validators.set("Accept-Ranges", "bytes")
        validators.set("Content-Type", contentType)
        responseHeaders = validators
    }

    package init(kind: Kind, realPath: String? = nil) {
        self.kind = kind
        self.realPath = realPath
    }
}
