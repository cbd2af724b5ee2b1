import Config
import Server

/// Finds and reads configurations for the commands.
enum ConfigLocation {
    /// The embedded default: `Examples/applicationHost.config` beside the demo site.
    static func defaultFile() -> String? {
        guard let site = DemoSite.locateRoot() else { return nil }
        let examples = site.hasSuffix("/site") ? String(site.dropLast("/site".count)) : site + "/.."
        let file = examples + "/applicationHost.config"
        return access(file, R_OK) == 0 ? file : nil
    }

    /// `--config`, or the default; a missing default says how to fix it.
    static func resolve(_ given: String?) throws -> String {
        if let given { return given }
        guard let file = defaultFile() else {
            throw StartupError(message: "cannot find Examples/applicationHost.config; run from the repository root or pass --config FILE")
        }
        return file
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
