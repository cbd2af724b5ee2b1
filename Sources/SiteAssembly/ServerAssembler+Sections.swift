import Config
import Foundation
import Logging
import Pipeline
import Synchronization

extension ServerAssembler {
    /// The Swift modules that implement a site's configuration sections, around the modules its
    /// `<modules>` list made. For a site read from a file, each slot is one registration that hands
    /// the request to the module its directory's configuration made (`DirectorySections`); the site
    /// root's configuration is checked here, so that its problems are reported at load.
    ///
    /// Also returns the site's `DirectorySections`, which the pipeline asks for each request's
    /// directory settings (request filtering, handlers, modules); nil for a site without files.
    func sectionModules(for site: SiteModel, _ problems: inout AssemblyLog, around listed: [ModuleRegistration])
        -> (registrations: [ModuleRegistration], directories: DirectorySections?) {
        var siteProblems = problems
        let siteLevel = sectionInstances(for: site, custom: sectionModuleEntries) { severity, line, message in
            severity == .error ? siteProblems.error(line, message) : siteProblems.warning(line, message)
        }
        problems = siteProblems
        guard let source = site.directories else {
            let first = SectionSlot.allCases.filter(\.isFirst).compactMap { slot in siteLevel[slot].map { slot.registration($0) } }
            let rest = SectionSlot.allCases.filter { !$0.isFirst }.compactMap { slot in siteLevel[slot].map { slot.registration($0) } }
            let custom = sectionModuleEntries.compactMap { entry in
                siteLevel.custom[entry.section].map { module in
                    ModuleRegistration(name: entry.section, factory: ClosureModuleFactory { _ in module }, notifications: entry.notifications,
                                       postNotifications: entry.postNotifications, priority: entry.priority).notReadingRequestBody()
                }
            }
            return (first + listed + rest + custom, nil)
        }
        let custom = sectionModuleEntries
        let logger = options.logger
        let name = site.name
        let siteModules = Set(site.modules.map { $0.name.lowercased() })
        let reported = ReportedOnce()
        let sections = DirectorySections(source: source, interval: options.webConfigCheckInterval, capacity: options.maxConfiguredDirectories,
                                         logger: logger) { settings in
            var errors: [ConfigDiagnostic] = []
            // The pipeline's module list is the site's: a directory can remove modules, not add new ones.
            for module in settings.modules where !siteModules.contains(module.name.lowercased()) && reported.first(module.name.lowercased()) {
                if let type = module.type, !type.hasPrefix("IsapiBridge.") {
                    logger.warning("site '\(name)': module '\(module.name)' (type \(type)) added in a web.config is managed .NET code, which is not available on Linux; it does not run")
                } else {
                    logger.warning("site '\(name)': module '\(module.name)' is added below the site root (web.config or <location>), but a directory can only remove modules the site level enables; it does not run (add it to the site's <modules> and <remove> it where it should not run)")
                }
            }
            let instances = Self.sectionInstances(for: settings, custom: custom) { severity, line, message in
                if severity == .error {
                    errors.append(ConfigDiagnostic(.error, file: "web.config", line: line, message))
                } else {
                    logger.warning("site '\(name)': \(message)")
                }
            }
            return errors.isEmpty ? .success(instances) : .failure(DirectoryConfigurationError(diagnostics: errors))
        }
        // Every application and virtual directory root, read now: a broken web.config is reported
        // at load (its directory answers 500.19; the others are served).
        for application in site.applications {
            for directory in application.virtualDirectories {
                let path = application.fullPath(of: directory)
                if case .failure(let error) = sections.refresh(path == "/" ? "/" : path + "/") {
                    for diagnostic in error.diagnostics {
                        problems.warning(file: diagnostic.file, diagnostic.line, "\(diagnostic.message) (requests for \(site.name)\(path) get 500.19 until this is fixed)")
                    }
                }
            }
        }
        // A slot is registered when the site's own settings use it or a web.config could (its
        // module is enabled): a site pays for the sections it can have, not for all of them.
        let enabled = Set(site.modules.map { $0.name.lowercased() })
        func wanted(_ slot: SectionSlot) -> Bool {
            // Authorization rules must only ever see users whose password was checked.
            if slot == .authentication && wanted(.authorization) { return true }
            return siteLevel[slot] != nil || (slot.iisModules.map { $0.contains { enabled.contains($0.lowercased()) } } ?? true)
        }
        func registration(_ slot: SectionSlot) -> ModuleRegistration {
            slot.registration(DirectorySectionModule(.slot(slot), sections: sections))
        }
        // The URL Rewrite module's rules run only where RewriteModule is enabled, as in IIS.
        let customRegistrations = custom.filter { $0.section != URLRewriteSections.section || URLRewriteSections.isEnabled(in: site) }.map { entry in
            ModuleRegistration(name: entry.section, factory: ClosureModuleFactory { [sections] _ in DirectorySectionModule(.custom(entry.section), sections: sections) },
                               notifications: entry.notifications, postNotifications: entry.postNotifications, priority: entry.priority)
                .notReadingRequestBody()
        }
        let registrations = SectionSlot.allCases.filter { $0.isFirst && wanted($0) }.map(registration) + listed
            + SectionSlot.allCases.filter { !$0.isFirst && wanted($0) }.map(registration) + customRegistrations
        return (registrations, sections)
    }

    func sectionInstances(for site: SiteModel, custom: [CustomSectionModule],
                          report: (ConfigDiagnostic.Severity, Int, String) -> Void) -> SectionInstances {
        Self.sectionInstances(for: site, custom: custom, report: report)
    }

    /// The modules a site's (or a directory's) settings enable, each only when the settings differ
    /// from what the pipeline does without it.
    static func sectionInstances(for site: SiteModel, custom: [CustomSectionModule],
                                 report: (ConfigDiagnostic.Severity, Int, String) -> Void) -> SectionInstances {
        var instances = SectionInstances()
        let enabled = Set(site.modules.map(\.name))
        if !site.ipSecurity.isOpen { instances[.ipSecurity] = IPSecurityModule(site.ipSecurity) }
        if site.handlers.contains(where: { $0.unavailable != nil }) {
            var features: [String: String] = [:]
            for handler in site.handlers { if let note = handler.unavailable { features[handler.name] = note.feature } }
            instances[.unavailableHandler] = UnavailableHandlerModule(features: features)
        }
        if let documents = site.defaultDocument, documents.enabled, !documents.files.isEmpty, enabled.contains(DefaultDocumentModule.name) {
            instances[.defaultDocument] = DefaultDocumentModule(files: documents.files)
        }
        if !site.authorization.allSatisfy(\.allowsEveryone) {
            if enabled.contains(URLAuthorizationModule.name) {
                let authentication = site.authentication
                instances[.authorization] = URLAuthorizationModule(rules: site.authorization,
                                                                   basicRealm: authentication.basicEnabled ? authentication.basicRealm : nil)
            } else {
                report(.warning, site.authorization.first { !$0.allowsEveryone }?.line ?? site.line,
                       "site '\(site.name)': <authorization> rules are not enforced without UrlAuthorizationModule in <modules> (as in IIS); add <add name=\"UrlAuthorizationModule\"/>")
            }
        }
        if site.directoryBrowse, enabled.contains(DirectoryListingModule.name) {
            let documents = (site.defaultDocument?.enabled ?? false) ? site.defaultDocument?.files ?? [] : []
            instances[.directoryListing] = DirectoryListingModule(defaultDocuments: documents + ["index.html"])
        }
        if site.httpRedirect.enabled, enabled.contains(HTTPRedirectionModule.name) {
            instances[.redirect] = HTTPRedirectionModule(site.httpRedirect)
        }
        if !site.httpErrors.pages.isEmpty, site.httpErrors.mode != .detailed, site.httpErrors.existingResponse != .passThrough,
           enabled.contains(CustomErrorModule.name) {
            instances[.customErrors] = CustomErrorModule(site.httpErrors)
        }
        if !site.staticContent.isEmpty { instances[.staticContent] = StaticContentModule(site.staticContent) }
        if !site.httpProtocol.isEmpty { instances[.customHeaders] = CustomHeadersModule(site.httpProtocol) }
        let authentication = site.authentication
        // Also with authorization rules: they must only ever see users whose password was checked.
        if authentication.basicEnabled || !authentication.anonymousEnabled || !authentication.unavailableSchemes.isEmpty
            || !site.authorization.allSatisfy(\.allowsEveryone) {
            var users: UserFile?
            if authentication.basicEnabled, let file = authentication.basicUserFile {
                do { users = try UserFile(path: file) } catch {
                    report(.error, authentication.basicLine, "<basicAuthentication userFile=\"\(file)\">: \(error)")
                }
            }
            instances[.authentication] = SiteAuthenticationModule(anonymousEnabled: authentication.anonymousEnabled,
                                                                  basicRealm: authentication.basicRealm, users: users)
        }
        for entry in custom {
            guard let sections = site.customSections[entry.section], !sections.isEmpty else { continue }
            do {
                if let module = try entry.make(sections, site) { instances.custom[entry.section] = module }
            } catch {
                report(.error, sections.last?.line ?? site.line, "<\(entry.section)>: \(error)")
            }
        }
        return instances
    }
}

/// Says yes once per key: a message about a directory's configuration is logged once, not for
/// every directory that inherits it.
final class ReportedOnce: Sendable {
    private let keys = Mutex<Set<String>>([])
    func first(_ key: String) -> Bool { keys.withLock { $0.insert(key).inserted } }
}
