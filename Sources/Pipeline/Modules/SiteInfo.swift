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
    /// Every virtual directory of every application, longest virtual path first (the root's
    /// last); `/` alone when the site has only its root application.
    public let virtualRoots: [VirtualRoot]

    public init(id: UInt32 = 1, name: String = "Default Web Site", physicalPath: String, virtualRoots: [VirtualRoot] = []) {
        self.id = id
        self.name = name
        self.physicalPath = physicalPath
        var roots = virtualRoots
        if !roots.contains(where: { $0.virtualPath == "/" }) { roots.append(VirtualRoot(virtualPath: "/", physicalPath: physicalPath)) }
        self.virtualRoots = roots.sorted { $0.virtualPath.utf8.count > $1.virtualPath.utf8.count }
    }

    /// The virtual directory serving `url`: the longest virtual path that is `url` or a parent
    /// of it, compared ignoring case (as IIS).
    public func virtualRoot(for url: String) -> VirtualRoot {
        if virtualRoots.count == 1 { return virtualRoots[0] }
        return virtualRoots.first { $0.contains(url) } ?? virtualRoots[virtualRoots.count - 1]
    }

    /// `APPL_PHYSICAL_PATH` as IIS gives it: absolute (a relative root is taken from the working
    /// directory) and ending in a separator.
    public var applicationPhysicalPath: String { Self.absoluteDirectory(physicalPath) }

    /// `path` made absolute (from the working directory) and ending in a separator.
    public static func absoluteDirectory(_ physicalPath: String) -> String {
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
