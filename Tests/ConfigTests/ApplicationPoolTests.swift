import Config
import Testing

@Suite("applicationPools")
struct ApplicationPoolTests {
    static func config(pools: String, siteA: String = "", applicationDefaults: String = "") -> String {
        """
        <configuration>
          <system.applicationHost>
            <applicationPools>\(pools)</applicationPools>
            <sites>
              \(applicationDefaults)
              <site name="A" id="1">
                <application path="/" \(siteA)><virtualDirectory path="/" physicalPath="/srv/a"/></application>
                <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
              </site>
              <site name="B" id="2">
                <application path="/"><virtualDirectory path="/" physicalPath="/srv/b"/></application>
                <bindings><binding protocol="http" bindingInformation="*:8081:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
        </configuration>
        """
    }

    @Test func poolSettingsDefaultsAndSiteAssignment() throws {
        let model = try readConfig(Self.config(pools: """
            <applicationPoolDefaults><processModel shutdownTimeLimit="00:00:30"/></applicationPoolDefaults>
            <add name="DefaultAppPool"/>
            <add name="Legacy"><processModel maxProcesses="3" pingInterval="00:00:10" pingResponseTime="00:00:20"/>
              <failure rapidFailProtectionMaxCrashes="2" rapidFailProtectionInterval="00:01:00"/>
              <recycling><periodicRestart time="01:00:00" privateMemory="512000" requests="1000"/></recycling></add>
            """, siteA: #"applicationPool="Legacy""#))
        let legacy = model.applicationPool(named: "Legacy")
        #expect(legacy.maxProcesses == 3)
        #expect(legacy.rapidFailProtectionMaxCrashes == 2)
        #expect(legacy.rapidFailProtectionInterval == .seconds(60))
        #expect(legacy.shutdownTimeLimit == .seconds(30), "from applicationPoolDefaults")
        #expect(legacy.periodicRestartTime == .seconds(3600))
        #expect(legacy.pingingEnabled && legacy.pingInterval == .seconds(10) && legacy.pingResponseTime == .seconds(20))
        #expect(legacy.periodicRestartPrivateMemory == 512_000)
        #expect(model.warnings.contains { $0.message.contains("<periodicRestart requests>: not supported") })
        let standard = model.applicationPool(named: "DefaultAppPool")
        #expect(standard.maxProcesses == nil)
        #expect(standard.periodicRestartTime == nil, "isapi-bridge recycles only when asked")
        #expect(standard.pingInterval == .seconds(30) && standard.pingResponseTime == .seconds(90))
        #expect(standard.rapidFailProtection && standard.rapidFailProtectionMaxCrashes == 5)
        #expect(standard.rapidFailProtectionInterval == .seconds(300))
        #expect(model.sites.map(\.applicationPool) == ["Legacy", "DefaultAppPool"])
        #expect(model.poolListeners.map(\.pool) == ["Legacy", "DefaultAppPool"])
        #expect(model.poolListeners.map { $0.listeners.map(\.port) } == [[8080], [8081]])
        #expect(!model.warnings.contains { $0.message.contains("applicationPools") }, "no longer 'has no meaning'")
    }

    @Test func applicationDefaultsNameThePool() throws {
        let model = try readConfig(Self.config(pools: #"<add name="Shared"/>"#,
                                               applicationDefaults: #"<applicationDefaults applicationPool="Shared"/>"#))
        #expect(model.sites.map(\.applicationPool) == ["Shared", "Shared"])
    }

    @Test func undeclaredPoolAndBadValuesAreErrors() {
        let errors = configErrors(Self.config(pools: """
            <add name="DefaultAppPool"><failure rapidFailProtection="maybe" rapidFailProtectionMaxCrashes="many"/></add>
            """, siteA: #"applicationPool="Missing""#))
        #expect(errors.contains { $0.contains("applicationPool 'Missing'") && $0.contains("does not declare") }, "\(errors)")
        #expect(errors.contains { $0.contains("rapidFailProtection=\"maybe\"") }, "\(errors)")
        #expect(errors.contains { $0.contains("rapidFailProtectionMaxCrashes=\"many\"") }, "\(errors)")
    }
}
