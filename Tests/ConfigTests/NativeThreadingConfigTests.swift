import Config
import Foundation
import Testing

/// `threading` on `<isapiFilters><filter>`, `<globalModules><add>` and IsapiModule `<handlers>`
/// entries, and `<nativeThreadPool>`: the values a user may write, the defaults, and the error a
/// bad value gives (naming the attribute, the value and what to write instead).
@Suite struct NativeThreadingConfigTests {
    static func config(_ webServer: String) -> String {
        """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="S" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="/srv/s"/></application>
                <bindings><binding protocol="http" bindingInformation="*:8080:"/></bindings>
              </site>
            </sites>
          </system.applicationHost>
          <system.webServer>\(webServer)</system.webServer>
        </configuration>
        """
    }

    @Test func nativeCodeDefaultsToThePoolAndEventLoopIsTheOptIn() throws {
        let model = try readConfig(Self.config("""
            <isapiFilters>
              <filter name="Plain" path="plain.so"/>
              <filter name="Fast" path="fast.so" threading="eventLoop"/>
              <filter name="Pooled" path="pooled.so" threading="Pool"/>
            </isapiFilters>
            <globalModules>
              <add name="M1" image="m1.so"/>
              <add name="M2" image="m2.so" threading="EVENTLOOP"/>
            </globalModules>
            <handlers>
              <add name="Ext" path="*.isa" verb="*" modules="IsapiModule" scriptProcessor="ext.so"/>
              <add name="FastExt" path="*.fast" verb="*" modules="IsapiModule" scriptProcessor="ext.so" threading="eventLoop"/>
            </handlers>
            """))
        #expect(model.globalFilters.map(\.threading) == [.pool, .eventLoop, .pool], "values are matched ignoring case")
        #expect(model.globalModules.map(\.threading) == [.pool, .eventLoop])
        #expect(model.sites[0].handlers.map(\.threading) == [.pool, .eventLoop])
    }

    @Test func aBadThreadingValueIsAnErrorThatSaysWhatToWrite() {
        for element in [
            #"<isapiFilters><filter name="F" path="f.so" threading="threads"/></isapiFilters>"#,
            #"<globalModules><add name="M" image="m.so" threading="threads"/></globalModules>"#,
            #"<handlers><add name="E" path="*.isa" modules="IsapiModule" scriptProcessor="e.so" threading="threads"/></handlers>"#,
        ] {
            let errors = configErrors(Self.config(element))
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.contains(#"threading="threads""#) == true, "\(errors)")
            #expect(errors.first?.contains(#""pool""#) == true && errors.first?.contains(#""eventLoop""#) == true, "\(errors)")
        }
    }

    @Test func theThreadPoolSizesAreReadAndDefaulted() throws {
        let defaults = try readConfig(Self.config(""))
        #expect(defaults.nativeThreadPool.threads == 64)
        #expect(defaults.nativeThreadPool.queueLength == 4096)
        let model = try readConfig(Self.config(#"<nativeThreadPool threads="8" queueLength="0"/>"#))
        #expect(model.nativeThreadPool.threads == 8)
        #expect(model.nativeThreadPool.queueLength == 0, "0: no queue, a busy pool answers 503 at once")
        #expect(defaults.nativeThreadPool.concurrency == nil, "nil: the processors the process may run on")
        #expect(defaults.nativeThreadPool.stallThreshold == .milliseconds(2))
        let tuned = try readConfig(Self.config(#"<nativeThreadPool concurrency="3" stallThreshold="00:00:00.0005"/>"#))
        #expect(tuned.nativeThreadPool.concurrency == 3)
        #expect(tuned.nativeThreadPool.stallThreshold == .microseconds(500))
    }

    @Test func badThreadPoolSizesAreErrorsNamingTheRange() {
        for (attribute, value, range) in [("threads", "0", "from 1 to 400"), ("threads", "many", "from 1 to 400"),
                                          ("threads", "401", "from 1 to 400"), ("queueLength", "-1", "from 0 to 1000000"),
                                          ("concurrency", "0", "from 1 to 400"), ("stallThreshold", "2ms", "time span"),
                                          ("stallThreshold", "00:01:00", "to 00:00:10")] {
            let errors = configErrors(Self.config(#"<nativeThreadPool \#(attribute)="\#(value)"/>"#))
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.contains(#"\#(attribute)="\#(value)""#) == true && errors.first?.contains(range) == true, "\(errors)")
        }
    }

    @Test func theThreadPoolIsServerLevelOnly() throws {
        let xml = Self.config("").replacingOccurrences(of: "</configuration>", with: """
              <location path="S"><system.webServer><nativeThreadPool threads="2"/></system.webServer></location>
            </configuration>
            """)
        let model = try readConfig(xml)
        #expect(model.nativeThreadPool.threads == 64, "a <location> cannot size the process's pool; warned and ignored")
    }
}
