import Config
import Testing

@Suite("webLimits and siteDefaults/limits")
struct ConnectionLimitsTests {
    static func config(webLimits: String, siteDefaults: String = "") -> String {
        """
        <configuration>
          <system.applicationHost>
            <webLimits \(webLimits) />
            <sites>
              <siteDefaults>\(siteDefaults)</siteDefaults>
              <site name="A" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="/srv/a"/></application>
                <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
        </configuration>
        """
    }

    @Test func iisAttributesAndExtensionsAreRead() throws {
        let model = try readConfig(Self.config(
            webLimits: #"connectionTimeout="00:01:30" headerWaitTimeout="00:00:15" minBytesPerSecond="500" maxConnectionsPerAddress="8" maxRequestHeaderBytes="16384" maxPipelinedRequests="4" slowClientTimeout="00:00:10.5" bodyRateGracePeriod="00:00:02" maxUnsentResponseBytes="262144""#,
            siteDefaults: #"<limits maxConnections="300" connectionTimeout="1.00:00:00" />"#))
        let limits = model.connectionLimits
        #expect(limits.connectionTimeout == .seconds(86_400), "siteDefaults wins over webLimits")
        #expect(limits.headerWaitTimeout == .seconds(15))
        #expect(limits.minBytesPerSecond == 500)
        #expect(limits.maxConnections == 300)
        #expect(limits.maxConnectionsPerAddress == 8)
        #expect(limits.maxRequestHeaderBytes == 16_384)
        #expect(limits.maxPipelinedRequests == 4)
        #expect(limits.slowClientTimeout == .milliseconds(10_500))
        #expect(limits.bodyRateGracePeriod == .seconds(2))
        #expect(limits.maxUnsentResponseBytes == 262_144)
        #expect(!model.warnings.contains { $0.message.contains("webLimits") }, "no longer 'has no meaning'")
    }

    @Test func iisDefaultHeaderWaitTimeoutMeansNotSet() throws {
        let model = try readConfig(Self.config(webLimits: #"headerWaitTimeout="00:00:00""#))
        #expect(model.connectionLimits.headerWaitTimeout == nil)
        #expect(model.connectionLimits == {
            var expected = ConnectionLimitsModel()
            expected.headerWaitTimeout = nil
            return expected
        }())
    }

    @Test func badValuesNameTheAttributeAndLine() {
        let errors = configErrors(Self.config(webLimits: #"connectionTimeout="2 minutes" minBytesPerSecond="-1" maxUnsentResponseBytes="1024""#,
                                              siteDefaults: #"<limits maxConnections="lots"/>"#))
        #expect(errors.contains { $0.contains("connectionTimeout=\"2 minutes\"") && $0.contains("hh:mm:ss") && $0.hasPrefix("test.config:3:") }, "\(errors)")
        #expect(errors.contains { $0.contains("minBytesPerSecond=\"-1\"") }, "\(errors)")
        #expect(errors.contains { $0.contains("maxConnections=\"lots\"") }, "\(errors)")
        #expect(errors.contains { $0.contains("maxUnsentResponseBytes=\"1024\"") && $0.contains("at least 16384") }, "\(errors)")
    }

    @Test func http2AttributesAreRead() throws {
        let model = try readConfig(Self.config(
            webLimits: #"http2="true" http2Cleartext="false" http2MaxConcurrentStreams="20" http2StreamWindowBytes="262144" http2MaxStreamResets="50""#))
        let limits = model.connectionLimits
        #expect(limits.http2 == true)
        #expect(limits.http2Cleartext == false)
        #expect(limits.http2MaxConcurrentStreams == 20)
        #expect(limits.http2StreamWindowBytes == 262_144)
        #expect(limits.http2MaxStreamResets == 50)
        let errors = configErrors(Self.config(webLimits: #"http2="yes" http2StreamWindowBytes="1000""#))
        #expect(errors.contains { $0.contains("http2=\"yes\"") && $0.contains("true or false") }, "\(errors)")
        #expect(errors.contains { $0.contains("http2StreamWindowBytes=\"1000\"") && $0.contains("at least 65535") }, "\(errors)")
    }
}
