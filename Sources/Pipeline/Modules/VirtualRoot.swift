/// One `<virtualDirectory>` of a site as the pipeline maps URLs with it: the URL prefix, the
/// directory it stands for, and the `<application>` it belongs to.
public struct VirtualRoot: Sendable, Equatable {
    /// The full virtual path (`/`, `/app`, `/app/images`), without a trailing slash except for `/`.
    public var virtualPath: String
    /// The directory `virtualPath` maps to.
    public var physicalPath: String
    /// The full path of the application it belongs to (`/` for the root application).
    public var applicationPath: String
    /// The application's root virtual directory's physical path (`APPL_PHYSICAL_PATH`).
    public var applicationPhysicalPath: String
    /// The application's pool (`APP_POOL_ID`).
    public var applicationPool: String

    public init(virtualPath: String, physicalPath: String, applicationPath: String = "/",
                applicationPhysicalPath: String? = nil, applicationPool: String = "DefaultAppPool") {
        self.virtualPath = virtualPath
        self.physicalPath = physicalPath
        self.applicationPath = applicationPath
        self.applicationPhysicalPath = applicationPhysicalPath ?? physicalPath
        self.applicationPool = applicationPool
    }

    /// Whether `url` is this root or below it; compared ignoring ASCII case, as IIS matches
    /// virtual paths.
    public func contains(_ url: String) -> Bool {
        if virtualPath == "/" { return true }
        let prefix = virtualPath.utf8
        let bytes = url.utf8
        guard bytes.count >= prefix.count else { return false }
        var index = bytes.startIndex
        for expected in prefix {
            guard Self.lower(bytes[index]) == Self.lower(expected) else { return false }
            index = bytes.index(after: index)
        }
        return index == bytes.endIndex || bytes[index] == UInt8(ascii: "/")
    }

    /// The physical path of `url`, which `contains` accepted.
    public func map(_ url: String) -> String {
        let root = physicalPath.hasSuffix("/") ? String(physicalPath.dropLast()) : physicalPath
        let rest = virtualPath == "/" ? url : String(decoding: url.utf8.dropFirst(virtualPath.utf8.count), as: UTF8.self)
        if rest.isEmpty { return root + "/" }
        return root + (rest.hasPrefix("/") ? rest : "/" + rest)
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
}
