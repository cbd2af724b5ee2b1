import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `scripts/iis-doc-samples.sh` over a tiny made-up checkout in the iis-docs layout (no network, no
/// iis-docs): one unit per outcome the script reports, each written here for the purpose.
@Suite struct IISDocSamplesScriptTests {
    /// Source files of the fake checkout, by path under samples/snippets/cpp/VS_Snippets_IIS.
    private static let units: [String: String] = [
        "Pass/cpp/Pass.cpp": """
            #include <windows.h>
            #include <httpserv.h>
            class Answer : public CHttpModule {
            public:
                REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) {
                    context->GetResponse()->SetStatus(204, "No Content");
                    return RQ_NOTIFICATION_FINISH_REQUEST;
                }
            };
            class AnswerFactory : public IHttpModuleFactory {
            public:
                HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) { *module = new Answer; return S_OK; }
                void Terminate() {}
            };
            static AnswerFactory factory;
            HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
                return info->SetRequestNotifications(&factory, RQ_BEGIN_REQUEST, 0);
            }
            """,
        "Wide/cpp/Wide.cpp": """
            #include <windows.h>
            #include <httpserv.h>
            static PCWSTR label = L"wide";
            HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo*, IHttpServer*) { return S_OK; }
            """,
        "Com/cpp/Com.cpp": """
            #include <windows.h>
            #import "msxml6.dll"
            #include <httpserv.h>
            HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo*, IHttpServer*) { return S_OK; }
            """,
        "Missing/cpp/Missing.cpp": """
            #include <windows.h>
            #include <httpserv.h>
            HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo*, IHttpServer*) {
                return NotDeclaredAnywhere();
            }
            """,
        "Fragment/cpp/Fragment.cpp": """
            HRESULT CMyModule::RegisterModule(IHttpServer* server) { return S_OK; }
            """,
        "Refuses/cpp/Refuses.cpp": """
            #include <windows.h>
            #include <httpserv.h>
            HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo*, IHttpServer*) { return E_FAIL; }
            """,
        "Extension/cpp/Extension.c": """
            #include <windows.h>
            DWORD HttpExtensionProc(void* control) { (void)control; return 1; }
            """,
    ]

    @Test func everyOutcomeIsClassifiedAndCounted() throws {
        let cli = try #require(NativeFixtures.cli, "the isapi-bridge executable is built with the tests (swift build)")
        let checkout = try NativeFixtures.temporaryDirectory()
        for (path, text) in Self.units {
            let file = checkout + "/samples/snippets/cpp/VS_Snippets_IIS/" + path
            let (status, output) = NativeFixtures.shell("mkdir -p \"$(dirname '\(file)')\"")
            try #require(status == 0, "\(output)")
            let handle = try #require(fopen(file, "wb"), "cannot create \(file)")
            _ = Array((text + "\n").utf8).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
            fclose(handle)
        }
        let out = try NativeFixtures.temporaryDirectory()
        let script = NativeFixtures.repository + "/scripts/iis-doc-samples.sh"
        let (status, output) = NativeFixtures.shell("'\(script)' --bin '\(cli)' --out '\(out)' '\(checkout)'")
        #expect(status == 0, "\(output)")
        #expect(output.split(separator: "\n").last == "1 passed, 6 failed", "\(output)")
        #expect(output.contains("\n  module        6    2    1    1\n"), "\(output)")
        #expect(output.contains("\n  NotDeclaredAnywhere                         1\n"), "\(output)")

        // results.tsv: unit, kind, compiled, loaded, answered, class, first failure.
        let table = String(decoding: try NativeFixtures.contents(of: out + "/results.tsv"), as: UTF8.self)
        var results: [String: [String]] = [:]
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            results[fields[0]] = Array(fields.dropFirst())
        }
        #expect(results["Pass/cpp/Pass.cpp"] == ["module", "yes", "yes", "yes", "-", "-"])
        #expect(results["Wide/cpp/Wide.cpp"]?.prefix(5) == ["module", "no", "no", "no", "wide-string"])
        #expect(results["Wide/cpp/Wide.cpp"]?.last?.hasPrefix("wide-string: cannot convert 'const wchar_t") == true)
        #expect(results["Com/cpp/Com.cpp"] == ["module", "no", "no", "no", "msvc-only", "msvc-only: #import msxml6.dll"])
        #expect(results["Missing/cpp/Missing.cpp"] == ["module", "no", "no", "no", "missing",
                                                      "missing declaration: NotDeclaredAnywhere"])
        #expect(results["Fragment/cpp/Fragment.cpp"]?.prefix(5) == ["module", "no", "no", "no", "fragment"])
        #expect(results["Refuses/cpp/Refuses.cpp"]?.prefix(5) == ["module", "yes", "no", "no", "load"])
        #expect(results["Refuses/cpp/Refuses.cpp"]?.last?.contains("0x80004005") == true)
        #expect(results["Extension/cpp/Extension.c"] == ["extension", "yes", "no", "no", "extension",
                                                        "extension: not hosted yet"])
    }

    @Test func aCheckoutWithoutTheSamplesDirectoryIsNamed() throws {
        let script = NativeFixtures.repository + "/scripts/iis-doc-samples.sh"
        let empty = try NativeFixtures.temporaryDirectory()
        let (status, output) = NativeFixtures.shell("'\(script)' '\(empty)'")
        #expect(status == 2)
        #expect(output.contains("has no samples/snippets/cpp/VS_Snippets_IIS: pass the root of an iis-docs checkout"))
    }
}
