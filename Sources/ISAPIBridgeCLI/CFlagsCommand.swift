import ArgumentParser
import NativeHost

/// `isapi-bridge cflags`: the compiler flags for building against isapi-bridge's compatibility
/// headers, the same for both kinds of native code (see `CompatibilityHeaders`):
///
///     cc  -shared -fPIC $(isapi-bridge cflags)   myfilter.c   -o myfilter.so     # ISAPI filter
///     c++ -shared -fPIC $(isapi-bridge cxxflags) mymodule.cpp -o libmymodule.so  # IIS native module
///
/// `cflags` alone also builds C++ (clang++, or g++ for sources without dynamic exception
/// specifications).
struct CFlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cflags",
        abstract: "Print the compiler flags for ISAPI filters (C: windows.h, httpfilt.h) and IIS native modules (C++: httpserv.h).",
        discussion: "cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so; c++ -shared -fPIC $(isapi-bridge cflags) module.cpp -o module.so"
    )

    @Flag(help: "Print only the include directories, one per line (no -I, no other flags).")
    var includeDirectory = false

    func run() throws {
        let directories = try Self.includeDirectories()
        print(includeDirectory ? directories.joined(separator: "\n") : CompatibilityHeaders.flags(includeDirectories: directories))
    }

    /// The filter and module header directories (one when they are the same), or an error naming
    /// the variable to set.
    static func includeDirectories() throws -> [String] {
        guard let filters = CompatibilityHeaders.filterIncludeDirectory() else {
            throw ValidationError(
                "cannot find the filter headers (windows.h, httpfilt.h). Set ISAPI_BRIDGE_INCLUDE to the directory "
                    + "that holds them (Sources/ISAPIHeaders/include in a checkout, include/isapi-bridge when installed).")
        }
        guard let modules = CompatibilityHeaders.moduleIncludeDirectory() else {
            throw ValidationError(
                "cannot find the module headers (httpserv.h). Set ISAPI_BRIDGE_MODULE_INCLUDE to the directory holding them "
                    + "(Sources/ModuleHeaders/include in a checkout).")
        }
        return filters == modules ? [filters] : [filters, modules]
    }
}
