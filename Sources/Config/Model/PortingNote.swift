/// Something in the file isapi-bridge does not run, said once in `check`'s summary instead of a
/// warning per line: an IIS feature with no Linux meaning (ASP.NET, Windows authentication, a
/// Windows DLL without a Linux build, ...), one isapi-bridge does not implement yet, or an entry
/// whose `preCondition` never holds here.
public struct PortingNote: Sendable, Equatable {
    public enum Category: String, Sendable, CaseIterable {
        /// No Linux meaning: nothing to port to.
        case windowsOnly = "not available on Linux"
        /// An IIS feature isapi-bridge does not provide (yet).
        case notImplemented = "not implemented by isapi-bridge"
        /// `preCondition` never holds on isapi-bridge (64-bit, integrated pipeline, no CLR).
        case preconditionFalse = "skipped by preCondition"
    }

    public var category: Category
    /// The feature, e.g. "ASP.NET (managed code)"; notes are grouped by it.
    public var feature: String
    /// The entry, e.g. "module ManagedEngine64" or "handler PageHandlerFactory-Integrated (*.aspx)".
    public var item: String
    /// What requests that need the feature get, e.g. "500.21 naming the handler".
    public var consequence: String
    /// The site the note is about, nil for the server level.
    public var site: String?
    public var line: Int

    public init(_ category: Category, feature: String, item: String, consequence: String, site: String? = nil, line: Int) {
        self.category = category
        self.feature = feature
        self.item = item
        self.consequence = consequence
        self.site = site
        self.line = line
    }
}

/// The features `PortingNote`s name, with what a request that needs one gets.
public enum PortingFeature {
    public static let aspNet = "ASP.NET (managed code, .NET Framework)"
    public static let aspNetCore = "ASP.NET Core Module (run Kestrel behind a reverse proxy instead)"
    public static let classicASP = "Classic ASP"
    public static let cgi = "CGI and FastCGI of Windows executables"
    public static let windowsBinary = "Windows DLLs without a Linux build"
    public static let windowsComponent = "other IIS components"
    /// An https binding whose certificate is in the Windows store (no `certificateFile`), or
    /// `access/@sslFlags` (isapi-bridge takes the client certificate setting from the binding).
    public static let tls = "https certificates in the Windows certificate store (give the binding certificateFile and certificateKeyFile)"
    public static let windowsAuthentication = "Windows, digest and client-certificate authentication"
    public static let sections = "configuration sections"

    public static let handlerConsequence = "requests for these handlers get 500.21 naming the handler"
    public static let ignored = "ignored"
}
