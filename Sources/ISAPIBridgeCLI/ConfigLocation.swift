import Config
import Foundation
import Server

/// Finds and reads configurations for the commands.
enum ConfigLocation {
    /// The default: an installed binary's `etc/isapi-bridge/applicationHost.config`, else
    /// `Examples/applicationHost.config` beside the demo site (a checkout).
    static func defaultFile() -> String? {
        if let installed = installedFile() { return installed }
        guard let site = DemoSite.locateRoot() else { return nil }
        let examples = site.hasSuffix("/site") ? String(site.dropLast("/site".count)) : site + "/.."
        let file = examples + "/applicationHost.config"
        return access(file, R_OK) == 0 ? file : nil
    }

    /// `<prefix>/etc/isapi-bridge/applicationHost.config` for `<prefix>/bin/isapi-bridge`, and
    /// `/etc/isapi-bridge/...` for `/usr/bin` (`scripts/install.sh`, the Debian package), also when
    /// that tree is unpacked somewhere else: `<root>/usr/bin` looks in `<root>/etc`.
    static func installedFile(executable: String = "/proc/self/exe") -> String? {
        let prefix = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
        var candidates = [prefix.appendingPathComponent("etc/isapi-bridge/applicationHost.config").path]
        if prefix.lastPathComponent == "usr" {
            candidates.append(prefix.deletingLastPathComponent().appendingPathComponent("etc/isapi-bridge/applicationHost.config").path)
        }
        return candidates.first { access($0, R_OK) == 0 }
    }

    /// `--config`, or the default; a missing default says how to fix it.
    static func resolve(_ given: String?) throws -> String {
        if let given { return given }
        guard let file = defaultFile() else {
            throw StartupError(message: "cannot find a default configuration (etc/isapi-bridge/applicationHost.config beside an installed binary, or Examples/applicationHost.config in a checkout); pass --config FILE")
        }
        return file
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
