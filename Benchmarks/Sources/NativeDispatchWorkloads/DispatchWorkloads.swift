#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NativeHost
import Pipeline

/// What the native-dispatch benchmarks time: one notification through the filter chain to a
/// filter that returns NEXT, written in C (NextFilter, loaded with NativeFilterLoader) or in Swift
/// (the baseline: the same dispatch without the C ABI adapter).
///
/// The notification is READ_RAW_DATA, raised through the public `PipelineConnection.filterIncoming`
/// with a 64-byte block: the raw-data payload is the one whose marshalling copies bytes, so it is
/// the adapter's worst case among the cheap notifications.
public enum DispatchWorkloads {
    /// The request line the raw-data workload hands to READ_RAW_DATA (64 bytes).
    public static let block: [UInt8] = Array("GET /index.html HTTP/1.1\r\nHost: bench.test\r\nAccept: */*\r\n\r\n....".utf8.prefix(64))

    /// A Swift filter with NextFilter's flags that returns NEXT.
    final class SwiftNextFilter: HttpFilter {
        func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
            FilterVersion(description: "Swift NEXT", flags: [
                .orderLow, .readRawData, .preprocHeaders, .authentication, .authComplete, .urlMap, .sendResponse,
                .log, .endOfRequest, .endOfNetSession,
            ])
        }
        func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus { .nextNotification }
    }

    /// A module that maps the path (URL_MAP) and answers a small body.
    final class Handler: HttpModule, Sendable {
        func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
            _ = context.mapPath(context.request.path)
            context.response.write("ok")
            return .finishRequest
        }
    }

    public enum Kind: String, CaseIterable, Sendable { case c = "C filter", swift = "Swift filter" }

    /// `libNextFilter.so`, built by this package next to the benchmark executables.
    public static func nextFilterPath() -> String {
        var path = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &path, 4095)
        let executable = String(decoding: path.prefix(max(0, count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let directory = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return directory + "/libNextFilter.so"
    }

    /// A connection whose pipeline has one NEXT filter of `kind` in front of the handler.
    public static func driver(_ kind: Kind) -> InProcessDriver {
        let registration: FilterRegistration
        do {
            switch kind {
            case .c: registration = try NativeFilterLoader().load(path: nextFilterPath(), name: "NextFilter")
            case .swift: registration = try FilterRegistration(name: "SwiftNext", filter: SwiftNextFilter())
            }
        } catch {
            fatalError("benchmark setup: \(error)")
        }
        let handler = ModuleRegistration(name: "Handler", factory: ClosureModuleFactory { _ in Handler() },
                                         notifications: .executeRequestHandler)
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/srv/bench"), modules: [handler],
                                       filters: try! FilterChain([registration]))
        return InProcessDriver(pipeline: pipeline)
    }

    /// `count` READ_RAW_DATA notifications; returns a checksum.
    @inline(never)
    public static func rawReads(_ driver: InProcessDriver, count: Int) -> Int {
        var checksum = 0
        for _ in 0..<count {
            if case .parse(let bytes) = driver.connection.filterIncoming(block) { checksum &+= bytes.count }
        }
        return checksum
    }

    /// `count` whole requests (PREPROC_HEADERS, AUTHENTICATION, AUTH_COMPLETE, URL_MAP,
    /// SEND_RESPONSE, LOG, END_OF_REQUEST: 7 notifications each); returns a checksum.
    @inline(never)
    public static func requests(_ driver: InProcessDriver, count: Int) -> Int {
        var checksum = 0
        for _ in 0..<count {
            checksum &+= driver.send(IncomingRequest(target: "/index.html?q=1"))?.status ?? 0
        }
        return checksum
    }

    /// Notifications one request raises for a filter subscribed to everything (no raw data).
    public static let notificationsPerRequest = 7
}
