import Pipeline
import Testing
@testable import NativeHost

/// The porter's path: a filter compiled outside SwiftPM with the plain command line of the
/// documentation, loaded and run.
@Suite struct CompileOutsideSwiftPMTests {
    @Test func ccWithIsapiBridgeCflagsBuildsALoadableFilter() throws {
        let cli = try #require(NativeFixtures.cli, "the isapi-bridge executable is built with the tests (swift build)")
        let directory = try NativeFixtures.temporaryDirectory()
        let source = NativeFixtures.repository + "/Examples/filters/RequestCounter/request_counter.c"
        // Exactly the documented command, command substitution included.
        let command = "\(NativeFixtures.cc) -shared -fPIC $('\(cli)' cflags) '\(source)' -o '\(directory)/request_counter.so'"
        let (status, output) = NativeFixtures.shell(command)
        try #require(status == 0, "\(command)\n\(output)")
        #expect(output.isEmpty, "no warnings: \(output)")

        let registration = try NativeFilterLoader().load(path: directory + "/request_counter.so")
        #expect(registration.name == "request_counter")
        #expect(registration.version.description == "Per-connection request counter (isapi-bridge example)")
        #expect(registration.version.filterRevision == FilterVersion.serverRevision)
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: [echoHandler()],
                                       filters: try FilterChain([registration]))
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(IncomingRequest(target: "/"))?.header("X-Request-Count") == "1")
        #expect(driver.send(IncomingRequest(target: "/"))?.header("X-Request-Count") == "2")
    }

    @Test func everyExampleCompilesWarningFreeInStrictC99AndAsCPlusPlusHeaders() throws {
        let flags = try NativeFixtures.cflags.get()
        let directory = try NativeFixtures.temporaryDirectory()
        for example in ["ResponseHeaders/response_headers.c", "Redirect/redirect.c", "BasicAuth/basic_auth.c",
                        "RequestCounter/request_counter.c", "LogRewrite/log_rewrite.c"] {
            let source = NativeFixtures.repository + "/Examples/filters/" + example
            let command = "\(NativeFixtures.cc) -std=c99 -Wall -Wextra -Werror -shared -fPIC \(flags) '\(source)' -o '\(directory)/x.so'"
            let (status, output) = NativeFixtures.shell(command)
            #expect(status == 0, "\(command)\n\(output)")
        }
        let header = "#include <windows.h>\n#include <httpfilt.h>\nint main() { return sizeof(HTTP_FILTER_CONTEXT) == 72 ? 0 : 1; }\n"
        let source = try NativeFixtures.file(named: "headers.cpp", bytes: Array(header.utf8))
        let (status, output) = NativeFixtures.shell("\(NativeFixtures.cxx) -std=c++11 -Wall -Wextra -Werror -fsyntax-only \(flags) '\(source)'")
        #expect(status == 0, "\(output)")
    }
}
