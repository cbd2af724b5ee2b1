/// What one level says in `<defaultDocument>` and `<httpProtocol>`, applied onto the level above.
struct ResponseSectionEdits: Sendable {
    var defaultDocumentEnabled: Bool?
    var defaultDocumentFiles: [CollectionEdit<String>] = []
    var customHeaders: [CollectionEdit<HeaderSetting>] = []
    var redirectHeaders: [CollectionEdit<HeaderSetting>] = []
    /// Seen at this level (so that the section is not listed as ignored).
    var hasDefaultDocument = false
    var directoryBrowseEnabled: Bool?
    var errorMode: HTTPErrorsModel.Mode?
    var existingResponse: HTTPErrorsModel.ExistingResponse?
    var errorPages: [CollectionEdit<HTTPErrorsModel.Page>] = []
    /// `<httpRedirect>` replaces the level above's as a whole.
    var httpRedirect: HTTPRedirectModel?
    var mimeMaps: [CollectionEdit<(String, String)>] = []
    /// `clientCache`: nil when the level does not say; `.some(nil)` for `NoControl`.
    var cacheControl: String??
}

/// Reads `<defaultDocument>` (`enabled`, `files`) and `<httpProtocol>` (`customHeaders`,
/// `redirectHeaders`); other attributes of `httpProtocol` (`allowKeepAlive`, ...) are ignored.
struct ResponseSectionsReader {
    let log: DiagnosticLog
    var paths: PathResolution? = nil

    /// `<httpErrors errorMode existingResponse>` and its `<error statusCode subStatusCode path
    /// responseMode prefixLanguageFilePath>` entries. Entries with `prefixLanguageFilePath` are IIS's
    /// own localized pages (`%IIS_BIN%\custerr`): skipped, isapi-bridge's plain bodies stand in.
    func readHTTPErrors(_ element: ConfigElement, into edits: inout ResponseSectionEdits) {
        if let raw = element.attributes["errorMode"] {
            switch raw.lowercased() {
            case "custom": edits.errorMode = .custom
            case "detailed": edits.errorMode = .detailed
            case "detailedlocalonly": edits.errorMode = .detailedLocalOnly
            default: log.invalid(element, "errorMode", raw, expected: "must be Custom, Detailed or DetailedLocalOnly")
            }
        }
        if let raw = element.attributes["existingResponse"] {
            switch raw.lowercased() {
            case "auto": edits.existingResponse = .auto
            case "replace": edits.existingResponse = .replace
            case "passthrough": edits.existingResponse = .passThrough
            default: log.invalid(element, "existingResponse", raw, expected: "must be Auto, Replace or PassThrough")
            }
        }
        let defaultMode = element.attributes["defaultResponseMode"]
        for child in element.children {
            func key() -> String? {
                guard let status = child.attributes["statusCode"], let code = Int(status), (400...999).contains(code) else {
                    log.invalid(child, "statusCode", child.attributes["statusCode"] ?? "", expected: "must be a status code from 400 to 999")
                    return nil
                }
                return "\(code).\(child.attributes["subStatusCode"] ?? "-1")"
            }
            switch child.name {
            case "error":
                guard let name = key(), let code = Int(child.attributes["statusCode"] ?? "") else { continue }
                guard child.attributes["prefixLanguageFilePath"].map({ $0.isEmpty }) ?? true else { continue }
                guard let raw = log.required(child, "path") else { continue }
                let sub = Int(child.attributes["subStatusCode"] ?? "-1") ?? -1
                var mode = HTTPErrorsModel.ResponseMode.file
                switch (child.attributes["responseMode"] ?? defaultMode ?? "File").lowercased() {
                case "file": mode = .file
                case "executeurl": mode = .executeURL
                case "redirect": mode = .redirect
                default:
                    log.invalid(child, "responseMode", child.attributes["responseMode"] ?? "", expected: "must be File, ExecuteURL or Redirect")
                    continue
                }
                var path = mode == .file ? raw.replacingBackslashes() : raw
                // A relative File path is relative to the site's directory (resolved when serving).
                if mode == .file, let paths, raw.hasPrefix("/") || raw.contains("%") || PathResolution.isWindowsPath(raw) {
                    switch paths.resolve(raw) {
                    case .success(let resolved): path = resolved
                    case .failure(.unmappedWindowsPath(let windows)):
                        log.invalid(child, "path", raw, expected: PathResolution.unmappedHint(windows))
                        continue
                    case .failure(.undefinedVariable(let variable)):
                        log.invalid(child, "path", raw, expected: "the environment variable %\(variable)% is not set; set it or write the path out")
                        continue
                    }
                }
                edits.errorPages.append(.add(HTTPErrorsModel.Page(statusCode: code, subStatusCode: sub, path: path, responseMode: mode, line: child.line),
                                             name: name, line: child.line))
            case "remove":
                if let name = key() { edits.errorPages.append(.remove(name: name, line: child.line)) }
            case "clear":
                edits.errorPages.append(.clear)
            default:
                log.unknownElement(child, in: element.name)
            }
        }
    }

    func readDefaultDocument(_ element: ConfigElement, into edits: inout ResponseSectionEdits) {
        edits.hasDefaultDocument = true
        if let raw = element.attributes["enabled"] {
            switch raw.lowercased() {
            case "true": edits.defaultDocumentEnabled = true
            case "false": edits.defaultDocumentEnabled = false
            default: log.invalid(element, "enabled", raw, expected: "must be true or false")
            }
        }
        for files in element.children {
            guard files.name == "files" else { log.unknownElement(files, in: element.name); continue }
            edits.defaultDocumentFiles += log.collectionEdits(files, key: "value") { entry, value in
                guard !value.contains("/") && !value.contains("\\") else {
                    log.invalid(entry, "value", value, expected: "a default document is a file name, without '/'")
                    return nil
                }
                return value
            }
        }
    }

    /// `<directoryBrowse enabled=...>`; `showFlags` is accepted (the listing always shows date and size).
    func readDirectoryBrowse(_ element: ConfigElement, into edits: inout ResponseSectionEdits) {
        guard let raw = element.attributes["enabled"] else { return }
        switch raw.lowercased() {
        case "true": edits.directoryBrowseEnabled = true
        case "false": edits.directoryBrowseEnabled = false
        default: log.invalid(element, "enabled", raw, expected: "must be true or false")
        }
    }

    /// `<staticContent>`: `mimeMap` (`fileExtension`, `mimeType`; `remove`, `clear`) and
    /// `clientCache` (`cacheControlMode`: `NoControl`, `DisableCache`, `UseMaxAge` with
    /// `cacheControlMaxAge`; `UseExpires` is listed as not supported).
    func readStaticContent(_ element: ConfigElement, into edits: inout ResponseSectionEdits) {
        for child in element.children {
            switch child.name {
            case "mimeMap":
                guard let fileExtension = log.required(child, "fileExtension"), let type = log.required(child, "mimeType") else { continue }
                edits.mimeMaps.append(.add((fileExtension.lowercased(), type), name: fileExtension.lowercased(), line: child.line))
            case "remove":
                if let fileExtension = log.required(child, "fileExtension") { edits.mimeMaps.append(.remove(name: fileExtension.lowercased(), line: child.line)) }
            case "clear":
                edits.mimeMaps.append(.clear)
            case "clientCache":
                switch (child.attributes["cacheControlMode"] ?? "NoControl").lowercased() {
                case "nocontrol": edits.cacheControl = .some(nil)
                case "disablecache": edits.cacheControl = "no-cache"
                case "usemaxage":
                    // IIS's default max age is one day; a bad value is reported by timeSpan.
                    let age = child.attributes["cacheControlMaxAge"] == nil ? .seconds(86_400) : LimitsReader(log: log).timeSpan(child, "cacheControlMaxAge")
                    if let age { edits.cacheControl = "max-age=\(age.components.seconds)" }
                default:
                    log.warning(child.line, "<clientCache cacheControlMode=\"\(child.attributes["cacheControlMode"] ?? "")\">: only NoControl, DisableCache and UseMaxAge are supported; ignored")
                }
            default:
                log.unknownElement(child, in: element.name)
            }
        }
    }

    func readHTTPRedirect(_ element: ConfigElement, into edits: inout ResponseSectionEdits) {
        var model = HTTPRedirectModel()
        func flag(_ attribute: String) -> Bool? { log.boolean(element, attribute) }
        model.enabled = flag("enabled") ?? false
        model.exactDestination = flag("exactDestination") ?? false
        model.childOnly = flag("childOnly") ?? false
        model.destination = element.attributes["destination"] ?? ""
        if let raw = element.attributes["httpResponseStatus"] {
            switch raw.lowercased() {
            case "found": model.status = 302
            case "permanent": model.status = 301
            case "temporary": model.status = 307
            case "permredirect": model.status = 308
            default: log.invalid(element, "httpResponseStatus", raw, expected: "must be Found, Permanent, Temporary or PermRedirect")
            }
        }
        if model.enabled && model.destination.isEmpty {
            log.invalid(element, "destination", "", expected: "an enabled redirect needs a destination URL")
            model.enabled = false
        }
        for child in element.children { log.unknownElement(child, in: element.name) }
        edits.httpRedirect = model
    }

    func readHTTPProtocol(_ element: ConfigElement, into edits: inout ResponseSectionEdits) {
        for child in element.children {
            switch child.name {
            case "customHeaders": edits.customHeaders += headers(child)
            case "redirectHeaders": edits.redirectHeaders += headers(child)
            default: log.unknownElement(child, in: element.name)
            }
        }
    }

    private func headers(_ element: ConfigElement) -> [CollectionEdit<HeaderSetting>] {
        log.collectionEdits(element, key: "name") { entry, name in
            let value = entry.attributes["value"] ?? ""
            guard !name.contains(":"), !name.contains(" "), !value.contains("\r"), !value.contains("\n") else {
                log.invalid(entry, "name", name, expected: "a header name has no ':' or spaces, and its value no line break")
                return nil
            }
            return HeaderSetting(name: name, value: value)
        }
    }
}

/// Merges `ResponseSectionEdits` level by level, collections as IIS merges them.
struct ResponseSectionsMerge {
    private var enabled: Bool?
    private var configured = false
    private(set) var directoryBrowse = false
    private var errorPages = CollectionMerge<HTTPErrorsModel.Page>()
    private var errorMode: HTTPErrorsModel.Mode?
    private var existingResponse: HTTPErrorsModel.ExistingResponse?
    private(set) var httpRedirect = HTTPRedirectModel()
    private var mimeMaps = CollectionMerge<(String, String)>()
    private var cacheControl: String?
    private var files = CollectionMerge<String>()
    private var customHeaders = CollectionMerge<HeaderSetting>()
    private var redirectHeaders = CollectionMerge<HeaderSetting>()

    mutating func apply(_ edits: ResponseSectionEdits, report: (ConfigDiagnostic.Severity, Int, String) -> Void) {
        configured = configured || edits.hasDefaultDocument
        if let value = edits.defaultDocumentEnabled { enabled = value }
        if let value = edits.directoryBrowseEnabled { directoryBrowse = value }
        if let value = edits.errorMode { errorMode = value }
        if let value = edits.existingResponse { existingResponse = value }
        errorPages.apply(edits.errorPages, collection: "httpErrors", report: report)
        if let value = edits.httpRedirect { httpRedirect = value }
        mimeMaps.apply(edits.mimeMaps, collection: "staticContent", report: report)
        if let value = edits.cacheControl { cacheControl = value }
        files.apply(edits.defaultDocumentFiles, collection: "defaultDocument/files", report: report)
        customHeaders.apply(edits.customHeaders, collection: "customHeaders", report: report)
        redirectHeaders.apply(edits.redirectHeaders, collection: "redirectHeaders", report: report)
    }

    var defaultDocument: DefaultDocumentModel? {
        configured ? DefaultDocumentModel(enabled: enabled ?? true, files: files.values) : nil
    }

    var httpErrors: HTTPErrorsModel {
        var model = HTTPErrorsModel()
        if let errorMode { model.mode = errorMode }
        if let existingResponse { model.existingResponse = existingResponse }
        model.pages = errorPages.values
        return model
    }

    var staticContent: StaticContentModel {
        var model = StaticContentModel()
        for (fileExtension, type) in mimeMaps.values { model.mimeMaps[fileExtension] = type }
        model.cacheControl = cacheControl
        return model
    }

    var httpProtocol: HTTPProtocolModel {
        var model = HTTPProtocolModel()
        model.customHeaders = customHeaders.values
        model.redirectHeaders = redirectHeaders.values
        return model
    }
}
