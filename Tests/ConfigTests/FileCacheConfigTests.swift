import Config
import Testing

@Suite("system.webServer/caching: the file cache")
struct FileCacheConfigTests {
    static func config(caching: String, location: String = "") -> String {
        """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="A" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="/srv/a"/></application>
                <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
          <system.webServer>
            \(caching)
          </system.webServer>
          \(location)
        </configuration>
        """
    }

    @Test func iisAttributesAndExtensionsAreRead() throws {
        let model = try readConfig(Self.config(caching: #"<caching enabled="true" maxCacheSize="32" maxResponseSize="131072" maxCachedFiles="500" maxOpenFiles="16" fileCheckInterval="00:00:02.5" />"#))
        let cache = model.fileCache
        #expect(cache.enabled == true)
        #expect(cache.maxCacheSizeMB == 32)
        #expect(cache.maxResponseSize == 131_072)
        #expect(cache.maxCachedFiles == 500)
        #expect(cache.maxOpenFiles == 16)
        #expect(cache.fileCheckInterval == .milliseconds(2500))
        #expect(!model.warnings.contains { $0.message.contains("caching") }, "no longer 'not supported'")
        #expect(try readConfig(Self.config(caching: "")).fileCache == FileCacheModel(), "absent: the defaults")
    }

    @Test func badValuesNameTheAttributeAndLine() {
        let errors = configErrors(Self.config(caching: #"<caching enabled="maybe" maxCacheSize="-1" fileCheckInterval="1s" />"#))
        #expect(errors.contains { $0.contains("enabled=\"maybe\"") && $0.contains("true or false") }, "\(errors)")
        #expect(errors.contains { $0.contains("maxCacheSize=\"-1\"") }, "\(errors)")
        #expect(errors.contains { $0.contains("fileCheckInterval=\"1s\"") && $0.contains("hh:mm:ss") }, "\(errors)")
    }

    @Test func aLocationLevelCachingIsAWarning() throws {
        let model = try readConfig(Self.config(caching: "", location: #"<location path="A"><system.webServer><caching enabled="false"/></system.webServer></location>"#))
        #expect(model.fileCache.enabled == nil)
        #expect(model.warnings.contains { $0.message.contains("<caching> is read at server level only") })
    }
}
