import ArgumentParser
import Config
import SiteAssembly

/// How a configuration written for Windows is read on Linux: `--map-path` and
/// `--allow-unavailable-authentication`, shared by `serve`, `trace`, `check` (and the workers,
/// which get `serve`'s arguments).
struct PathMappingOptions: ParsableArguments {
    @Option(name: .customLong("map-path"),
            help: ArgumentHelp("A Windows path prefix and the Linux directory it stands for, as WINDOWS=LINUX, e.g. 'C:\\inetpub=/srv/inetpub' or '%IIS_SITES_HOME%=/srv/sites'; repeatable, longest prefix wins, case-insensitive.",
                               valueName: "windows=linux"))
    var mapPath: [String] = []

    @Flag(help: "Serve sites that enable Windows, digest or client-certificate authentication without it (requests that need it get 401) instead of refusing to start.")
    var allowUnavailableAuthentication = false

    func validate() throws {
        do { _ = try PathMapping(parsing: mapPath) } catch { throw ValidationError(error.description) }
    }

    /// The reader these options describe.
    var reader: ConfigReader {
        ConfigReader(pathMapping: (try? PathMapping(parsing: mapPath)) ?? PathMapping(),
                     allowUnavailableAuthentication: allowUnavailableAuthentication).withURLRewrite()
    }
}
