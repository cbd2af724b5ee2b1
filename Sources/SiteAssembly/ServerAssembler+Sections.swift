import Config
import Pipeline

extension ServerAssembler {
    /// The Swift modules that implement a site's configuration sections, around the modules its
    /// `<modules>` list made: authentication first (it runs at AuthenticateRequest with priority
    /// LAST anyway), then the handlers that cannot run, default documents, authorization,
    /// directory listing, static content and custom headers. Each is added only when the site's settings differ
    /// from what the pipeline does without it.
    func sectionModules(for site: SiteModel, _ problems: inout AssemblyLog, around listed: [ModuleRegistration]) -> [ModuleRegistration] {
        var modules = listed
        if site.handlers.contains(where: { $0.unavailable != nil }) {
            modules.append(UnavailableHandlerModule.registration(for: site.handlers))
        }
        if let documents = site.defaultDocument, documents.enabled, !documents.files.isEmpty,
           site.modules.contains(where: { $0.name == DefaultDocumentModule.name }) {
            modules.append(DefaultDocumentModule.registration(files: documents.files))
        }
        if !site.authorization.allSatisfy(\.allowsEveryone) {
            if site.modules.contains(where: { $0.name == URLAuthorizationModule.name }) {
                let authentication = site.authentication
                modules.append(URLAuthorizationModule.registration(
                    rules: site.authorization, basicRealm: authentication.basicEnabled ? authentication.basicRealm : nil))
            } else {
                problems.warning(site.authorization.first { !$0.allowsEveryone }?.line ?? site.line,
                                 "site '\(site.name)': <authorization> rules are not enforced without UrlAuthorizationModule in <modules> (as in IIS); add <add name=\"UrlAuthorizationModule\"/>")
            }
        }
        if site.directoryBrowse, site.modules.contains(where: { $0.name == DirectoryListingModule.name }) {
            let documents = (site.defaultDocument?.enabled ?? false) ? site.defaultDocument?.files ?? [] : []
            modules.append(DirectoryListingModule.registration(defaultDocuments: documents + ["index.html"]))
        }
        if site.httpRedirect.enabled, site.modules.contains(where: { $0.name == HTTPRedirectionModule.name }) {
            modules.append(HTTPRedirectionModule.registration(site.httpRedirect))
        }
        if !site.httpErrors.pages.isEmpty, site.httpErrors.mode != .detailed, site.httpErrors.existingResponse != .passThrough,
           site.modules.contains(where: { $0.name == CustomErrorModule.name }) {
            modules.append(CustomErrorModule.registration(site.httpErrors))
        }
        if !site.staticContent.isEmpty { modules.append(StaticContentModule.registration(site.staticContent)) }
        if !site.httpProtocol.isEmpty { modules.append(CustomHeadersModule.registration(site.httpProtocol)) }
        let authentication = site.authentication
        // Also with authorization rules: they must only ever see users whose password was checked.
        if authentication.basicEnabled || !authentication.anonymousEnabled || !authentication.unavailableSchemes.isEmpty
            || !site.authorization.allSatisfy(\.allowsEveryone) {
            var users: UserFile?
            if authentication.basicEnabled, let file = authentication.basicUserFile {
                do { users = try UserFile(path: file) } catch {
                    problems.error(authentication.basicLine, "<basicAuthentication userFile=\"\(file)\">: \(error)")
                }
            }
            modules.insert(SiteAuthenticationModule.registration(anonymousEnabled: authentication.anonymousEnabled,
                                                                 basicRealm: authentication.basicRealm, users: users), at: 0)
        }
        return modules
    }
}
