import ArgumentParser
import NativeHost

/// `isapi-bridge cflags`: the compiler flags for building a C filter against the shipped
/// `windows.h` and `httpfilt.h`:
///
///     cc -shared -fPIC $(isapi-bridge cflags) myfilter.c -o myfilter.so
struct CFlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cflags",
        abstract: "Print the C compiler flags for building ISAPI filters: cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so"
    )

    @Flag(help: "Print only the include directory (no -I, no other flags).")
    var includeDirectory = false

    func run() throws {
        guard let directory = FilterCompilerFlags.includeDirectory() else {
            throw ValidationError(
                "cannot find the compatibility headers (windows.h, httpfilt.h). Set ISAPI_BRIDGE_INCLUDE to the directory "
                    + "that holds them (Sources/ISAPIHeaders/include in a checkout, share/isapi-bridge/include when installed).")
        }
        print(includeDirectory ? directory : FilterCompilerFlags.flags(forIncludeDirectory: directory))
    }
}
