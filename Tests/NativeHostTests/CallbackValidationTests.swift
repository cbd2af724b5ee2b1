import Memory
import Pipeline
import TestSupport
import Testing
@testable import NativeHost

/// Callbacks given NULLs, a context that is not the server's, buffers that are too small or
/// arguments that make no sense fail with FALSE and the documented last error, never crash, and
/// the connection goes on serving. The checks run inside the C fixture `abuser.c`, which reports
/// them in response headers.
@Suite struct CallbackValidationTests {
    /// How many checks abuser.c runs per request (it reports the count it ran).
    static let expectedChecks = "66"

    @Test func everyCallbackRefusesBadArgumentsWithTheRightLastError() throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("abuser"))])
        let driver = InProcessDriver(pipeline: pipeline)
        for round in 1...2 {
            let response = try #require(driver.send(IncomingRequest(target: "/abuse", headers: [("Host", "abuse.test")])))
            #expect(response.status == 200, "round \(round)")
            #expect(response.header("X-Abuse-Failures") == "none", "round \(round)")
            #expect(response.header("X-Abuse-Checks") == Self.expectedChecks, "round \(round)")
            #expect(response.bodyText == "/abuse -> /srv/site/abuse", "the request itself is unaffected")
            #expect(response.keepAlive)
        }
        driver.close()
        #expect(driver.connection.closeGuardFailures.isEmpty)
    }

    @Test func allocMemPastTheConnectionCapIsNullWithNotEnoughMemory() throws {
        // abuser.c needs ~2 KB of AllocMem for its results; with a 1 KB cap it gets NULL and
        // returns SF_STATUS_REQ_ERROR, which fails the request with the last error AllocMem set.
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("abuser"), name: "Abuser")],
                                          memory: MemoryConfiguration(connectionByteCap: 1024))
        let response = try #require(InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/abuse")))
        #expect(response.status == Win32Error.notEnoughMemory.httpStatus)
        #expect(response.bodyText.contains("ISAPI filter 'Abuser' failed the request (ERROR_NOT_ENOUGH_MEMORY)"))
        #expect(!response.keepAlive, "the connection closes after a cap hit")
    }

    @Test func aWriteBeyondAnAllocMemBlockIsReportedWithTheFilterNameAtClose() throws {
        let log = CapturedLog()
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("overrun"), name: "Overrun")],
                                          memoryLogger: log.logger())
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(IncomingRequest(target: "/"))?.status == 200)
        #expect(driver.connection.closeGuardFailures.isEmpty, "detected late: when the connection ends")
        driver.close()
        let failure = try #require(driver.connection.closeGuardFailures.first)
        #expect(failure.owner.name == "Overrun")
        #expect(failure.byteCount == 16)
        #expect(failure.scope == .connection)
        #expect(log.lines.contains { $0.contains("allocated by 'Overrun'") && $0.contains("modified past its end") })
    }
}
