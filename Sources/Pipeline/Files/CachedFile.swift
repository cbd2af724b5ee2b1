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

    /// The fields live in one shared object, copied on the first change of a shared value: an
    /// entry is copied per request (out of the cache, into the static handler's lookup and its
    /// resolution), and a copy of the fields themselves retained and released each of their
    /// seven references (about 230 instructions), several times per request.
    private final class Storage: @unchecked Sendable {
        // Unchecked: changed only through `CachedFile`'s setters, which copy it first unless
        // the value holding it is its only owner (`isKnownUniquelyReferenced`).
        var kind: Kind
        var realPath: String?
        var identity = Identity()
        var body: Body = .none
        var etag = ""
        var lastModified = ""
        var contentType = ""
        var responseHeaders = HeaderList()
        var validatorHeaders = HeaderList()

        init(kind: Kind, realPath: String?) {
            self.kind = kind
            self.realPath = realPath
        }

        func copy() -> Storage {
            let copy = Storage(kind: kind, realPath: realPath)
            copy.identity = identity
            copy.body = body
            copy.etag = etag
            copy.lastModified = lastModified
            copy.contentType = contentType
            copy.responseHeaders = responseHeaders
            copy.validatorHeaders = validatorHeaders
            return copy
        }
    }

    private var storage: Storage

    /// The storage, made this value's own before a change.
    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage
        }
    }

    package var kind: Kind {
        get { storage.kind }
        set { unique.kind = newValue }
    }
    /// The path with symbolic links and `..` resolved (`realpath`); nil when it could not be.
    package var realPath: String? {
        get { storage.realPath }
        set { unique.realPath = newValue }
    }
    package var identity: Identity {
        get { storage.identity }
        set { unique.identity = newValue }
    }
    package var body: Body {
        get { storage.body }
        set { unique.body = newValue }
    }
    /// The validators and type sent with the file, made once when it was read.
    package var etag: String { storage.etag }
    package var lastModified: String { storage.lastModified }
    package var contentType: String { storage.contentType }
    /// The headers a full response for the file carries, in the order the static handler sends
    /// them (`Last-Modified`, `ETag`, `Accept-Ranges`, `Content-Type`), and the validators alone
    /// (a 304): made and checked once with the validators, so a response takes them without
    /// building or checking a header per request.
    package var responseHeaders: HeaderList { storage.responseHeaders }
    package var validatorHeaders: HeaderList { storage.validatorHeaders }

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
        let storage = unique
        storage.etag = etag
        storage.lastModified = lastModified
        storage.contentType = contentType
        var validators = HeaderList()
        validators.set("Last-Modified", lastModified)
        validators.set("ETag", etag)
        storage.validatorHeaders = validators
        validators.set("Accept-Ranges", "bytes")
        validators.set("Content-Type", contentType)
        storage.responseHeaders = validators
    }

    package init(kind: Kind, realPath: String? = nil) {
        storage = Storage(kind: kind, realPath: realPath)
    }
}
