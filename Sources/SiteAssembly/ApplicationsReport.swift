import Config

/// `check`'s lines per application and virtual directory of a site: the physical path, the pool,
/// and what each directory root's configuration was read from (applicationHost.config levels and
/// `web.config` files), with the sections those files have that mean nothing here.
enum ApplicationsReport {
    static func text(_ site: SiteModel) -> String {
        var out = "  applications:\n"
        var ignored: [String] = []
        for application in site.applications {
            out += "    \(application.path)  pool: \(application.applicationPool ?? ApplicationPoolModel.defaultName)\n"
            for directory in application.virtualDirectories {
                let path = application.fullPath(of: directory)
                out += "      \(path) -> \(directory.physicalPath)\(directory.allowSubDirConfig ? "" : "  (allowSubDirConfig=false)")\n"
                guard let source = site.directories else { continue }
                let configuration = source.resolve(path == "/" ? "/" : path + "/")
                out += "        configuration: applicationHost.config" + configuration.readFiles.map { ", " + $0 }.joined() + "\n"
                if case .failure(let error) = configuration.settings {
                    out += "        500.19 for its requests: \(error)\n"
                }
                for name in configuration.ignoredSections where !ignored.contains(name) { ignored.append(name) }
            }
        }
        if !ignored.isEmpty {
            out += "  web.config sections with no meaning here (ignored): \(ignored.map { "<\($0)>" }.joined(separator: ", "))\n"
        }
        return out
    }
}
