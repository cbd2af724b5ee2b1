import ArgumentParser
import Config
import Logging
import SiteAssembly

/// `isapi-bridge check`: read and validate a configuration, load every filter and module (calling
/// GetFilterVersion and RegisterModule, nothing per request), print what loaded, then
/// TerminateFilter/Terminate everything. Exit status 1 on any error.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate an applicationHost.config and load every filter and module it names, without serving."
    )

    @Option(help: ArgumentHelp("The applicationHost.config (default: Examples/applicationHost.config).", valueName: "file"))
    var config: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    @OptionGroup(title: "Reading a configuration written for Windows (docs/configuration.md, Paths)")
    var windows: PathMappingOptions

    func run() throws {
        LogSetup.bootstrap(logLevel)
        let file = try ConfigLocation.resolve(config)
        let model: ServerModel
        do {
            model = try windows.reader.read(file: file)
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic.description) }
            print("\(file): \(error.errors.count) error(s)")
            throw ExitCode(1)
        }
        let assembled: AssembledServer
        do {
            assembled = try ServerAssembler(options: PipelineOptions()).assemble(model)
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic.description) }
            print("\(file): \(error.errors.count) error(s)")
            throw ExitCode(1)
        }
        for warning in assembled.warnings { print(warning.description) }
        print(LoadReport.text(assembled), terminator: "")
        assembled.terminate()
        print("\(file): OK (\(assembled.sites.count) site(s), \(assembled.warnings.count) warning(s))")
    }
}
