import Foundation
import TestSupport
import Testing

/// A filter that starts a process (`system`, as legacy filters shell out to mail or log tools)
/// must not hand it the client's connection: when the server closes the connection, the client
/// sees the close at once, not when the child exits (docs/porting-filters.md, "Child processes").
@Suite("Processes started by native code do not hold connections", .serialized)
struct ChildProcessTests {
    /// Starts `sleep 15` in the background from PREPROC_HEADERS; the child outlives the request.
    static let source = """
        #include <windows.h>
        #include <httpfilt.h>
        #include <stdlib.h>

        BOOL WINAPI GetFilterVersion(PHTTP_FILTER_VERSION pVer)
        {
            pVer->dwFilterVersion = HTTP_FILTER_REVISION;
            lstrcpynA(pVer->lpszFilterDesc, "Starts a child process per request", SF_MAX_FILTER_DESC_LEN);
            pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS;
            return TRUE;
        }

        DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD notificationType, LPVOID pvNotification)
        {
            if (notificationType == SF_NOTIFY_PREPROC_HEADERS) system("sleep 15 &");
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
        """

    static func compiledFilter(cli: String) throws -> String {
        let directory = try ScratchDirectory.make("child")
        let source = directory + "/spawner.c"
        try Self.source.write(toFile: source, atomically: true, encoding: .utf8)
        let library = directory + "/spawner.so"
        let (status, output) = ShellCommand.run("cc -shared -fPIC $('\(cli)' cflags) '\(source)' -o '\(library)'")
        #expect(status == 0, "\(output)")
        return library
    }

    @Test("the idle timeout's close reaches the client while the filter's child runs on", .enabled(if: executable() != nil),
          arguments: ["0", "1"])
    func closeIsNotHeldByTheChild(workers: String) async throws {
        let cli = try #require(executable())
        let filter = try Self.compiledFilter(cli: cli)
        let server = try ServerProcess(["serve", "--filter", filter, "--port", "0", "--workers", workers, "--threads", "1",
                                        "--idle-timeout", "1", "--no-request-log"])
        defer { server.process.terminate() }
        #expect(await server.waitFor("isapi-bridge listening on "), "\(server.text)")
        let port = try #require(server.port(after: "isapi-bridge listening on "), "\(server.text)")
        // The idle timeout (1 s) closes the connection, with a plain close(2) of its descriptor.
        // Well under the child's 15 s: a close held by the child would time out here.
        let client = try TestClient(port: port, timeout: .seconds(6))
        defer { client.close() }
        let response = try client.get("/")
        #expect(response.status == 200)
        #expect(client.waitForClose(), "the connection's close was held by the filter's child process (--workers \(workers))")
    }
}
