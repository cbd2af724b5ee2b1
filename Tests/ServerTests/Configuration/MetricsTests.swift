import Config
import Foundation
import Monitoring
import Pipeline
import Server
import SiteAssembly
import TestSupport
import Testing

@Suite("Metrics", .serialized)
struct MetricsTests {
    @Test func requestsLatencyConnectionsArenasAndTimePerFilter() async throws {
        let directory = try TemporaryConfig.directory()
        let metrics = ServerMetrics()
        let loader = SwiftFilterLoader(filters: ["/filters/global.so": RecordingFilter("Everyone"),
                                                 "/filters/alpha.so": RecordingFilter("AlphaOnly"),
                                                 "/filters/beta.so": RecordingFilter("BetaOnly")])
        let options = PipelineOptions(tracing: true, observers: [metrics])
        let assembled = try ServerAssembler(loader: loader, options: options)
            .assemble(TemporaryConfig.model(twoSiteConfig(), in: directory))
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        _ = try client.get("/", host: "alpha.test")
        _ = try client.get("/missing", host: "alpha.test")
        // The observer runs after the response is handed to the socket: wait for it.
        #expect(await eventually { metrics.scrape(connections: 1).contains("isapi_bridge_request_duration_seconds_count{site=\"Alpha\"} 2") })
        let text = metrics.scrape(connections: 1)
        client.close()
        await server.shutdown()
        #expect(text.contains("isapi_bridge_requests_total{site=\"Alpha\",status=\"200\"} 1"))
        #expect(text.contains("isapi_bridge_requests_total{site=\"Alpha\",status=\"404\"} 1"))
        #expect(text.contains("isapi_bridge_request_duration_seconds_count{site=\"Alpha\"} 2"))
        #expect(text.contains("isapi_bridge_connections 1"))
        #expect(text.contains("isapi_bridge_arena_live_bytes{scope=\"connection\"}"))
        #expect(text.contains("isapi_bridge_arena_guard_failures{scope=\"request\"}"))
        #expect(text.contains("isapi_bridge_arena_cap_hits{scope=\"connection\"}"))
        #expect(text.contains("isapi_bridge_notification_duration_seconds_count{kind=\"filter\",name=\"AlphaOnly\"} 2"))
        #expect(text.contains("isapi_bridge_notification_duration_seconds_count{kind=\"module\",name=\"StaticFileModule\"} 2"))
    }
}
