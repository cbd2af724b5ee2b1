import Pipeline

/// The Swift modules that implement configuration sections, one slot each, in registration
/// order: what a directory's configuration enables fills its slot (`SectionInstances`).
enum SectionSlot: Int, CaseIterable {
    case configurationError, ipSecurity, authentication
    // The modules `<modules>` lists come here.
    case unavailableHandler, defaultDocument, authorization, directoryListing, redirect, customErrors, staticContent, customHeaders

    /// Registered before the modules `<modules>` lists.
    var isFirst: Bool { rawValue <= SectionSlot.authentication.rawValue }

    var name: String {
        switch self {
        case .configurationError: ConfigurationErrorModule.name
        case .ipSecurity: IPSecurityModule.name
        case .authentication: SiteAuthenticationModule.name
        case .unavailableHandler: UnavailableHandlerModule.name
        case .defaultDocument: DefaultDocumentModule.name
        case .authorization: URLAuthorizationModule.name
        case .directoryListing: DirectoryListingModule.name
        case .redirect: HTTPRedirectionModule.name
        case .customErrors: CustomErrorModule.name
        case .staticContent: StaticContentModule.name
        case .customHeaders: CustomHeadersModule.name
        }
    }

    var notifications: RequestNotifications {
        switch self {
        case .configurationError, .ipSecurity, .redirect: .beginRequest
        case .authentication: .authenticateRequest
        case .unavailableHandler: .executeRequestHandler
        case .defaultDocument: .mapRequestHandler
        case .authorization: .authorizeRequest
        case .directoryListing: []
        case .customErrors, .staticContent, .customHeaders: .sendResponse
        }
    }

    var postNotifications: RequestNotifications {
        switch self {
        case .directoryListing, .staticContent: .mapRequestHandler
        default: []
        }
    }

    /// The IIS modules whose presence in `<modules>` lets a `web.config` turn the slot on (as in
    /// IIS, a section does nothing without its module); nil: always (a broken `web.config` must
    /// get its 500.19 whatever the modules).
    var iisModules: [String]? {
        switch self {
        case .configurationError: nil
        case .ipSecurity: ["IpRestrictionModule"]
        case .authentication: ["AnonymousAuthenticationModule", "BasicAuthenticationModule"]
        // A web.config may map a handler that cannot run here (aspNetCore): it must get its 500.21.
        case .unavailableHandler: nil
        case .defaultDocument: [DefaultDocumentModule.name]
        case .authorization: [URLAuthorizationModule.name]
        case .directoryListing: [DirectoryListingModule.name]
        case .redirect: [HTTPRedirectionModule.name]
        case .customErrors: [CustomErrorModule.name]
        case .staticContent: ["StaticFileModule"]
        case .customHeaders: ["ProtocolSupportModule"]
        }
    }

    var priority: ModulePriority { self == .authentication ? .last : .medium }

    /// A registration for `module`, which handles this slot's notifications.
    func registration(_ module: any HttpModule & Sendable) -> ModuleRegistration {
        ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module }, notifications: notifications,
                           postNotifications: postNotifications, priority: priority).notReadingRequestBody()
    }
}

/// The section modules one directory's configuration enables, by slot (nil: not enabled there),
/// and the modules of sections read by registered readers, by section name.
struct SectionInstances: Sendable {
    var slots: [(any HttpModule & Sendable)?] = Array(repeating: nil, count: SectionSlot.allCases.count)
    var custom: [String: any HttpModule & Sendable] = [:]

    subscript(slot: SectionSlot) -> (any HttpModule & Sendable)? {
        get { slots[slot.rawValue] }
        set { slots[slot.rawValue] = newValue }
    }
}
