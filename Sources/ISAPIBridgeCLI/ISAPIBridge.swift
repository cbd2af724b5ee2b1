import ArgumentParser

@main
struct ISAPIBridge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isapi-bridge",
        abstract: "Run IIS ISAPI filters and IIS native modules on Linux, in one request pipeline.",
        version: Version.current,
        subcommands: [ServeCommand.self, CheckCommand.self, TraceCommand.self, CFlagsCommand.self, CXXFlagsCommand.self, RewriteTestCommand.self, WorkerCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
