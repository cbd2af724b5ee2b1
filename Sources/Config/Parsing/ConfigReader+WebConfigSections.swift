import Foundation

extension ConfigReader {
    /// What the registered reader for `name` made of one web.config's own `<system.webServer>`
    /// (as the site root's configuration), for tools that read a lone web.config (`rewrite-test`).
    /// A file that cannot be read or used throws with its diagnostics.
    public func customSections(named name: String, inWebConfig file: String) throws(ConfigError) -> [ScopedSection] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(diagnostics: [ConfigDiagnostic(.error, file: file, line: 0, "cannot read the file; check the path")])
        }
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let paths = PathResolution(baseDirectory: (absolute as NSString).deletingLastPathComponent, variables: variables, mapping: pathMapping)
        let config = try WebConfigReader(paths: paths, sectionReaders: sectionReaders).read(file: file, data: data, virtualPath: "/")
        return config.own.custom.filter { $0.name == name }
    }
}
