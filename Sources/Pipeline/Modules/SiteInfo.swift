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
}
