import Testing
import TestSupport
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the native filters the tests load come from:
/// * the examples, built by the package itself as `lib<Target>.so` next to the test binary;
/// * the fixtures in `Fixtures/`, compiled on first use with the system C compiler and the flags
///   `isapi-bridge cflags` prints, exactly as a porter compiles a filter.
enum NativeFixtures {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The repository, from this file's path.
    static let repository: String = {
        var path = #filePath
        for _ in 0..<4 { path = CompatibilityHeaders.parent(path) }  // Tests/NativeHostTests/Support/x.swift
        return path
    }()

    /// The directories that may hold the package's build products, best first.
    static let buildDirectories: [String] = {
        var directories: [String] = []
        if let executable = CompatibilityHeaders.realPath("/proc/self/exe") {
            directories.append(CompatibilityHeaders.parent(executable))
        }
        directories.append(repository + "/.build/debug")
        directories.append(repository + "/.build/release")
        return directories
    }()

    /// The shared object of example target `target` (e.g. "RequestCounterFilter").
    static func example(_ target: String) throws -> String {
        let name = "lib\(target).so"
        guard let directory = buildDirectories.first(where: { access($0 + "/" + name, R_OK) == 0 }) else {
            throw Failure(description: "\(name) was not built; run `swift build` (looked in \(buildDirectories))")
        }
        return directory + "/" + name
    }

    /// The built `isapi-bridge` executable, if there is one.
    static var cli: String? {
        buildDirectories.map { $0 + "/isapi-bridge" }.first { access($0, X_OK) == 0 }
    }

    /// `isapi-bridge cflags`, from the built CLI when there is one, else from the same code.
    static let cflags: Result<String, Failure> = {
        if let cli {
            let (status, output) = shell("'\(cli)' cflags")
            guard status == 0 else { return .failure(Failure(description: "isapi-bridge cflags failed: \(output)")) }
            return .success(output.trimmingWhitespace())
        }
        guard let filters = CompatibilityHeaders.filterIncludeDirectory(),
              let modules = CompatibilityHeaders.moduleIncludeDirectory() else {
            return .failure(Failure(description: "no include directory"))
        }
        return .success(CompatibilityHeaders.flags(includeDirectories: [filters, modules]))
    }()

    /// `isapi-bridge cxxflags`, the same way.
    static let cxxflags: Result<String, Failure> = {
        if let cli {
            let (status, output) = shell("'\(cli)' cxxflags")
            guard status == 0 else { return .failure(Failure(description: "isapi-bridge cxxflags failed: \(output)")) }
            return .success(output.trimmingWhitespace())
        }
        return cflags.map { $0 + " " + CompatibilityHeaders.cxxStandard }
    }()

    /// Every installed compiler of the pair (`gcc`/`g++`, `clang`/`clang++`): C first, then C++.
    static let compilerPairs: [(c: String, cxx: String)] = [("gcc", "g++"), ("clang", "clang++")].filter {
        shell("command -v \($0.0) && command -v \($0.1)").status == 0
    }

    /// The C compiler: `$CC`, else `cc`, else the Swift toolchain's `clang`.
    static let cc = compiler(environment: "CC", candidates: ["cc", "clang", "gcc"])
    /// The C++ compiler: `$CXX`, else `c++`, else `clang++`.
    static let cxx = compiler(environment: "CXX", candidates: ["c++", "clang++", "g++"])

    private static func compiler(environment: String, candidates: [String]) -> String {
        if let value = getenv(environment), value.pointee != 0 { return String(cString: value) }
        return candidates.first { shell("command -v \($0)").status == 0 } ?? candidates[0]
    }

    /// A fresh temporary directory (removed with the test process's scratch root).
    static func temporaryDirectory() throws(Failure) -> String {
        do { return try ScratchDirectory.make("n") } catch {
            throw Failure(description: "cannot create a scratch directory: \(error)")
        }
    }

    /// Every fixture, compiled once per test run: file name without extension -> shared object.
    static let compiled: Result<[String: String], Failure> = {
        let flags: String
        switch cflags {
        case .success(let value): flags = value
        case .failure(let failure): return .failure(failure)
        }
        let output: String
        do throws(Failure) { output = try temporaryDirectory() } catch { return .failure(error) }
        let sources = repository + "/Tests/NativeHostTests/Fixtures"
        var built: [String: String] = [:]
        for source in ["no_proc.c", "refuses.c", "declines.c", "unresolved.c", "raw_reader.c", "raw_editor.c",
                       "abuser.c", "overrun.c", "probe.c", "next.c", "nesting.c", "cpp_filter.cpp",
                       "dll_main.c", "dll_main_refuses.c", "memory_probe.c",
                       "ext_probe.c", "ext_no_proc.c", "ext_refuses.c", "blocking.c", "ext_pool.c", "proxy_headers.c"] {
            let name = String(source.prefix { $0 != "." })
            let compiler = source.hasSuffix(".cpp") ? cxx : cc
            let command = "\(compiler) -shared -fPIC -Wall \(flags) '\(sources)/\(source)' -o '\(output)/\(name).so'"
            let (status, log) = shell(command)
            guard status == 0 else { return .failure(Failure(description: "\(command) failed:\n\(log)")) }
            built[name] = output + "/" + name + ".so"
        }
        return .success(built)
    }()

    /// The compiled fixture `name` (e.g. "abuser").
    static func fixture(_ name: String) throws -> String {
        let all = try compiled.get()
        guard let path = all[name] else { throw Failure(description: "no fixture \(name)") }
        return path
    }

    /// Runs `command` with /bin/sh; exit status and combined output (`ShellCommand`).
    static func shell(_ command: String) -> (status: Int32, output: String) { ShellCommand.run(command) }

    /// Writes `bytes` to a new file in a temporary directory.
    static func file(named name: String, bytes: [UInt8]) throws -> String {
        let path = try temporaryDirectory() + "/" + name
        guard let handle = fopen(path, "wb") else { throw Failure(description: "cannot create \(path)") }
        defer { fclose(handle) }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, handle) }
        return path
    }

    /// The bytes of `path`.
    static func contents(of path: String) throws -> [UInt8] {
        guard let handle = fopen(path, "rb") else { throw Failure(description: "cannot read \(path)") }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, handle) }
            if count <= 0 { break }
            bytes += buffer.prefix(count)
        }
        return bytes
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map { scalars.index(after: $0) } ?? start
        return String(scalars[start..<end])
    }
}
