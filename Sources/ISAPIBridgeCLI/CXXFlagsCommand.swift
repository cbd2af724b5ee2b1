import ArgumentParser
import NativeHost

/// `isapi-bridge cxxflags`: `cflags` plus the C++ standard legacy IIS modules need (GNU C++14, which
/// still accepts dynamic exception specifications; see `CompatibilityHeaders.cxxStandard`):
///
///     c++ -shared -fPIC $(isapi-bridge cxxflags) mymodule.cpp -o libmymodule.so
struct CXXFlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cxxflags",
        abstract: "Print the C++ compiler flags for IIS native modules and C++ filters: cflags plus -std=gnu++14.",
        discussion: "c++ -shared -fPIC $(isapi-bridge cxxflags) module.cpp -o module.so. GNU C++14 accepts the "
            + "dynamic exception specifications (throw(std::bad_alloc)) that legacy modules declare and C++17 removed."
    )

    func run() throws {
        let directories = try CFlagsCommand.includeDirectories()
        print(CompatibilityHeaders.cxxFlags(includeDirectories: directories))
    }
}
