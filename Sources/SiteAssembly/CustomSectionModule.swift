import Config
import Pipeline

/// How the sections a `ConfigSectionReader` read become a module: one per directory whose
/// configuration has the section (`make` receives its occurrences, parent level first, and
/// returns nil to leave the directory without it). Registered in `PipelineOptions.sectionModules`
/// under the section's element name; the module is registered once per site, after the built-in
/// section modules, and each request is handed to the directory's instance.
public struct CustomSectionModule: Sendable {
    public var section: String
    public var notifications: RequestNotifications
    public var postNotifications: RequestNotifications
    public var priority: ModulePriority
    public var make: @Sendable (_ sections: [ScopedSection], _ site: SiteModel) throws -> (any HttpModule & Sendable)?

    public init(section: String, notifications: RequestNotifications, postNotifications: RequestNotifications = [],
                priority: ModulePriority = .medium,
                make: @escaping @Sendable (_ sections: [ScopedSection], _ site: SiteModel) throws -> (any HttpModule & Sendable)?) {
        self.section = section
        self.notifications = notifications
        self.postNotifications = postNotifications
        self.priority = priority
        self.make = make
    }
}
