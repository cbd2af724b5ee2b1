#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The site a pipeline serves: what `IHttpSite`, `INSTANCE_ID` and MapPath need.
public struct SiteInfo: Sendable, Equatable {
    public var id: UInt32
    public var name: String
    /// Physical directory that `/` maps to.
    public var physicalPath: String

    public init(id: UInt32 = 1, name: String = "Default Web Site", physicalPath: String) {
        self.id = id
        self.name = name
        self.physicalPath = physicalPath
    }

    /// `APPL_PHYSICAL_PATH` as IIS gives it: absolute (a relative root is taken from the working
    /// directory) and ending in a separator.
    public var applicationPhysicalPath: String {
        var path = physicalPath
        if !path.hasPrefix("/"), let directory = getcwd(nil, 0) {
            let base = String(cString: directory)
            free(directory)
            while path.hasPrefix("./") { path.removeFirst(2) }
            path = path == "." || path.isEmpty ? base : base + (base.hasSuffix("/") ? "" : "/") + path
        }
        return path.hasSuffix("/") ? path : path + "/"
    }
}
