import Pipeline
import TestSupport
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two things IIS filters rely on without being promised them, over HTTP on loopback: AllocMem blocks
/// start zero-filled, and APPL_PHYSICAL_PATH is absolute with a trailing separator.
@Suite(.serialized) struct FilterMemoryAndPathTests {
    @Test func allocMemBlocksAreZeroEvenWhenTheirMemoryWasUsedBefore() async throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("memory_probe"))])
        try await withServer(pipeline) { _, port in
            // Each request dirties its blocks; later connections and requests get recycled memory.
            for _ in 0..<3 {
                let connection = try TestClient(port: port)
                for _ in 0..<3 {
                    let response = try connection.get("/")
                    let counts = response.headers.filter { $0.0 == "X-Nonzero-Bytes" }.map(\.1)
                    #expect(counts == ["0", "0", "0", "0"], "\(response.headers)")
                }
            }
        }
    }

    @Test func applPhysicalPathIsAbsoluteWithATrailingSlash() async throws {
        let absolute = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("memory_probe"))],
                                          site: SiteInfo(physicalPath: "/srv/site"))
        try await withServer(absolute) { _, port in
            let response = try TestClient(port: port).get("/")
            #expect(response.header("X-Appl-Physical-Path") == "/srv/site/")
        }
        let directory = try #require(getcwd(nil, 0))
        let workingDirectory = String(cString: directory)
        free(directory)
        let relative = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("memory_probe"))],
                                          site: SiteInfo(physicalPath: "./www/root"))
        try await withServer(relative) { _, port in
            let path = try TestClient(port: port).get("/").header("X-Appl-Physical-Path")
            #expect(path == (workingDirectory == "/" ? "" : workingDirectory) + "/www/root/")
        }
    }
}
