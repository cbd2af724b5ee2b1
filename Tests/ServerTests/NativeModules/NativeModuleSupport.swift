import Foundation
import Memory
import NativeModules
import Pipeline
import Synchronization
import TestSupport

/// Native module libraries for tests: the package's examples (built by SwiftPM next to the test
/// binary) and fixtures compiled here with plain `c++ -shared -fPIC -I<filter dir> -I<module dir>`, outside SwiftPM.
enum NativeFixtures {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var includeDirectory: String { packageRoot + "/Sources/ModuleHeaders/include" }
    /// The shared windows.h (filters and modules), as `isapi-bridge cflags` puts it first.
    static var windowsIncludeDirectory: String { packageRoot + "/Sources/ISAPIHeaders/include" }

    private static let compiled = Mutex<[String: String]>([:])

    /// `lib<Name>Module.so` as SwiftPM built it, or compiled from `Examples/modules/<Name>` now.
    static func example(_ name: String) throws -> String {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let built = binary.appendingPathComponent("lib\(name)Module.so").path
        if FileManager.default.fileExists(atPath: built) { return built }
        return try compile(source: packageRoot + "/Examples/modules/\(name)/\(name).cpp", library: "example-\(name)")
    }

    /// A fixture from `Tests/ServerTests/NativeModules/Fixtures/<name>.cpp`, compiled outside SwiftPM.
    static func fixture(_ name: String) throws -> String {
        try compile(source: packageRoot + "/Tests/ServerTests/NativeModules/Fixtures/\(name).cpp", library: "fixture-\(name)")
    }

    /// `c++ -std=c++17 -shared -fPIC -I<filter dir> -I<module dir> source -o lib<library>.so`, once per process.
    static func compile(source: String, library: String) throws -> String {
        if let done = compiled.withLock({ $0[library] }) { return done }
        let directory = URL(fileURLWithPath: ScratchDirectory.root + "/modules")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("lib\(library).so").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["c++", "-std=c++17", "-shared", "-fPIC", "-I", windowsIncludeDirectory, "-I", includeDirectory, source, "-o", output]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CompileFailure(source: source, output: String(decoding: message, as: UTF8.self))
        }
        compiled.withLock { $0[library] = output }
        return output
    }

    /// A C function exported by a loaded library (for fixtures' test counters).
    static func counter(_ symbol: String, in image: String) -> (@convention(c) () -> Int32)? {
        guard let handle = dlopen(image, RTLD_NOW | RTLD_NOLOAD), let address = dlsym(handle, symbol) else { return nil }
        return unsafeBitCast(address, to: (@convention(c) () -> Int32).self)
    }
}

struct CompileFailure: Error, CustomStringConvertible {
    let source: String
    let output: String
    var description: String { "c++ failed for \(source):\n\(output)" }
}

/// A handler that answers `handled <path>`, so pass-through modules have something to pass to.
func textHandler() -> ModuleRegistration {
    ClosureModule.registration("TextHandler", .executeRequestHandler) { _, context in
        context.response.headers.set("Content-Type", "text/plain")
        context.response.write("handled \(context.request.path)")
        return .finishRequest
    }
}

/// Loads a native module and returns its request registration.
func nativeRegistration(_ name: String, image: String) throws -> ModuleRegistration {
    let module = try NativeModuleLoader.load(name: name, image: image)
    guard let registration = module.registration else { throw CompileFailure(source: image, output: "no request registration") }
    return registration
}

/// Lets one test at a time use a fixture whose counters are globals of its loaded library (the
/// C++ surface fixture's `SurfaceCleanups`): tests of different suites run at once in one process,
/// and one would count the other's calls.
actor FixtureExclusion {
    static let surface = FixtureExclusion()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
