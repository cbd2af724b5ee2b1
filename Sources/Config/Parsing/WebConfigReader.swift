import Foundation

/// One `web.config` read for a directory: its own `system.webServer` and its `<location path>`
/// elements (paths relative to the directory). Sections that have no meaning here (`system.web`,
/// `appSettings`, `connectionStrings`, ...) are listed, not read.
struct WebConfigFile: Sendable {
    var own = SectionEdits()
    /// `<location path="sub/dir">` (relative path, `/`-separated, no leading slash).
    var locations: [(path: String, line: Int, edits: SectionEdits)] = []
    var ignoredSections: [String] = []
    var warnings: [ConfigDiagnostic] = []
}

struct WebConfigReader {
    let paths: PathResolution
    let sectionReaders: [String: any ConfigSectionReader]

    /// Reads `file`, which configures `virtualPath`; a malformed file or an invalid value throws
    /// with the file and line.
    func read(file: String, data: Data, virtualPath: String) throws(ConfigError) -> WebConfigFile {
        let root = try ConfigElement.parse(data, file: file)
        guard root.name == "configuration" else {
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: root.line,
                "the root element is <\(root.name)>; a web.config starts with <configuration>")])
        }
        let log = DiagnosticLog(file: file)
        let directoryPaths = PathResolution(baseDirectory: (file as NSString).deletingLastPathComponent,
                                            variables: paths.variables, mapping: paths.mapping)
        var result = WebConfigFile()
        func reader(_ path: String) -> WebServerSectionReader {
            WebServerSectionReader(log: log, paths: directoryPaths, serverLevel: false, virtualPath: path, inWebConfig: true, sectionReaders: sectionReaders)
        }
        for element in root.children {
            switch element.name {
            case "system.webServer":
                reader(virtualPath).read(element, into: &result.own)
            case "location":
                let relative = (element.attributes["path"] ?? "").replacingOccurrences(of: "\\", with: "/")
                    .trimmingCharacters(in: Set<Character>(["/", " "]))
                let target = relative.isEmpty || relative == "." ? virtualPath : (virtualPath == "/" ? "" : virtualPath) + "/" + relative
                var edits = SectionEdits()
                edits.overrideMode = SectionLocks.overrideMode(of: element)
                for child in element.children {
                    if child.name == "system.webServer" {
                        reader(target).read(child, into: &edits)
                    } else if !result.ignoredSections.contains(child.name) {
                        result.ignoredSections.append(child.name)
                    }
                }
                if relative.isEmpty || relative == "." { edits.sections.isEmpty ? () : result.locations.append(("", element.line, edits)) }
                else { result.locations.append((relative, element.line, edits)) }
            default:
                if !result.ignoredSections.contains(element.name) { result.ignoredSections.append(element.name) }
            }
        }
        if log.hasErrors { throw ConfigError(diagnostics: log.diagnostics) }
        result.warnings = log.diagnostics
        return result
    }
}
