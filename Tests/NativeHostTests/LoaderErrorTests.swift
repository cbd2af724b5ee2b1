import Pipeline
import TestSupport
import Testing
@testable import NativeHost

/// Filters that cannot load are clear errors naming the file, the cause and the fix; a site whose
/// filter cannot load answers 503 with the reason.
@Suite struct LoaderErrorTests {
    let loader = NativeFilterLoader()

    private func loadError(_ path: String, name: String? = nil, isGlobal: Bool = true,
                           loader: NativeFilterLoader = NativeFilterLoader()) -> NativeFilterLoadError? {
        do throws(NativeFilterLoadError) {
            _ = try loader.load(path: path, name: name, isGlobal: isGlobal)
            return nil
        } catch {
            return error
        }
    }

    @Test func aMissingFileIsNamedWithTheFix() throws {
        let error = try #require(loadError("/nonexistent/dir/missing.so"))
        #expect(error.cause == .fileNotFound)
        #expect(error.win32Error == .fileNotFound)
        #expect(error.description == "ISAPI filter 'missing' (/nonexistent/dir/missing.so) could not be loaded: "
            + "there is no file at this path [Win32 error 2]. Check the path (a relative path in a configuration "
            + "file is resolved from that file's directory; one given to --filter, from the working directory).")
    }

    @Test func aTextFileIsNotAnELFFile() throws {
        let path = try NativeFixtures.file(named: "notes.so", bytes: Array("this is not a filter\n".utf8))
        let error = try #require(loadError(path, name: "Notes"))
        #expect(error.cause == .notELF("it is a text file"))
        #expect(error.description.contains("ISAPI filter 'Notes' (\(path)) could not be loaded: it is not an ELF shared object: it is a text file"))
        #expect(error.description.contains("recompile the filter's source on Linux with `cc -shared -fPIC $(isapi-bridge cflags)"))
    }

    @Test func aWindowsDLLIsRecognised() throws {
        let path = try NativeFixtures.file(named: "IsapiFilter.dll", bytes: [0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 60))
        let error = try #require(loadError(path))
        #expect(error.cause == .notELF("it is a Windows PE file (a DLL built for IIS)"))
        #expect(error.win32Error.code == 193)
    }

    @Test func anEmptyFileAndADirectoryAreRefused() throws {
        let empty = try NativeFixtures.file(named: "empty.so", bytes: [])
        #expect(loadError(empty)?.cause == .notELF("the file is empty"))
        #expect(loadError("/tmp")?.cause == .notARegularFile)
    }

    @Test func aFilterForAnotherArchitectureIsRefusedBeforeDlopen() throws {
        var bytes = try NativeFixtures.contents(of: try NativeFixtures.example("RequestCounterFilter"))
        let foreign: UInt16 = ELFIdentity.host.machine == 183 ? 62 : 183
        bytes[18] = UInt8(foreign & 0xFF)
        bytes[19] = UInt8(foreign >> 8)
        let path = try NativeFixtures.file(named: "libForeign.so", bytes: bytes)
        let error = try #require(loadError(path))
        let expected = ELFIdentity.describe(machine: ELFIdentity.host.machine, bits: 64)
        #expect(error.cause == .wrongArchitecture(found: ELFIdentity.describe(machine: foreign, bits: 64), expected: expected))
        #expect(error.description.contains("it was built for \(foreign == 183 ? "AArch64 (arm64)" : "x86-64"), 64-bit, but this server runs on \(expected)"))
        #expect(error.description.contains("Rebuild the filter on (or for) this machine's architecture."))
    }

    @Test func anObjectFileIsNotASharedObject() throws {
        let directory = try NativeFixtures.temporaryDirectory()
        let flags = try NativeFixtures.cflags.get()
        let source = NativeFixtures.repository + "/Tests/NativeHostTests/Fixtures/next.c"
        let (status, output) = NativeFixtures.shell("\(NativeFixtures.cc) -c -fPIC \(flags) '\(source)' -o '\(directory)/next.o'")
        try #require(status == 0, "\(output)")
        let error = try #require(loadError(directory + "/next.o"))
        #expect(error.cause == .notSharedObject("relocatable object file (.o)"))
        #expect(error.description.contains("it is an ELF relocatable object file (.o), not a shared object"))
    }

    @Test func aMissingExportIsNamed() throws {
        let path = try NativeFixtures.fixture("no_proc")
        let error = try #require(loadError(path))
        #expect(error.cause == .missingExport("HttpFilterProc"))
        #expect(error.win32Error == .procNotFound)
        #expect(error.description.contains("it does not export the required entry point HttpFilterProc [Win32 error 127]"))
        #expect(error.description.contains("Export it with C linkage"))
    }

    @Test func anUnresolvedWindowsFunctionIsNamed() throws {
        let error = try #require(loadError(try NativeFixtures.fixture("unresolved")))
        #expect(error.cause == .unresolvedSymbol("GetGuiResources"))
        #expect(error.description.contains("it uses the symbol 'GetGuiResources', which neither the server nor the filter's libraries provide"))
    }

    @Test func aMissingDependencyIsNamed() throws {
        let directory = try NativeFixtures.temporaryDirectory()
        let flags = try NativeFixtures.cflags.get()
        let source = NativeFixtures.repository + "/Tests/NativeHostTests/Fixtures/next.c"
        let dependency = try NativeFixtures.file(named: "helper.c", bytes: Array("int helper(void) { return 1; }\n".utf8))
        let script = "\(NativeFixtures.cc) -shared -fPIC '\(dependency)' -o '\(directory)/libhelper.so'"
            + " && \(NativeFixtures.cc) -shared -fPIC \(flags) '\(source)' -Wl,--no-as-needed -L'\(directory)' -lhelper -o '\(directory)/needs_helper.so'"
            + " && rm '\(directory)/libhelper.so'"
        let (status, output) = NativeFixtures.shell(script)
        try #require(status == 0, "\(output)")
        let error = try #require(loadError(directory + "/needs_helper.so"))
        guard case .missingDependency(let message) = error.cause else {
            Issue.record("expected a missing dependency, got \(error.cause)")
            return
        }
        #expect(message.contains("libhelper.so: cannot open shared object file"))
        #expect(error.win32Error == .modNotFound)
        #expect(error.description.contains("Install the missing library, or set LD_LIBRARY_PATH"))
    }

    @Test func dlopenMessagesAreClassified() {
        #expect(NativeFilterLoader.classify("/x/f.so: undefined symbol: CreateFileA") == .unresolvedSymbol("CreateFileA"))
        #expect(NativeFilterLoader.classify("libz.so.1: cannot open shared object file: No such file or directory")
            == .missingDependency("libz.so.1: cannot open shared object file: No such file or directory"))
        #expect(NativeFilterLoader.classify("/x/f.so: only ET_DYN and ET_EXEC can be loaded") == .openFailed("/x/f.so: only ET_DYN and ET_EXEC can be loaded"))
    }

    @Test func falseFromGetFilterVersionCarriesTheLastError() throws {
        let error = try #require(loadError(try NativeFixtures.fixture("refuses"), name: "Refuser"))
        #expect(error.cause == .refusedByFilter(.accessDenied))
        #expect(error.win32Error == .accessDenied)
        #expect(error.description.contains("ISAPI filter 'Refuser'"))
        #expect(error.description.contains("GetFilterVersion returned FALSE with last error 5 (ERROR_ACCESS_DENIED) [Win32 error 5]"))
    }

    @Test func falseWithLastErrorZeroDeclinesAndTheSiteRunsWithoutIt() throws {
        let declines = try NativeFixtures.fixture("declines")
        #expect(loadError(declines)?.cause == .declinedByFilter)
        let counter = try NativeFixtures.example("RequestCounterFilter")
        let chain = try NativeFilterSite.loadChain([NativeFilterSpec(path: declines), NativeFilterSpec(path: counter)]).get()
        #expect(chain.filters.map(\.name) == ["RequestCounterFilter"])
    }

    @Test func readRawDataIsRefusedWhereItIsNotAllowed() throws {
        let path = try NativeFixtures.fixture("raw_reader")
        let disabled = try #require(loadError(path, loader: NativeFilterLoader(rawDataEnabled: false)))
        #expect(disabled.cause == .readRawDataRefused("is disabled in this server (IIS 7 and later refuse it too)"))
        #expect(disabled.description.contains("it subscribes to SF_NOTIFY_READ_RAW_DATA, which is disabled in this server"))
        let siteLevel = try #require(loadError(path, isGlobal: false))
        #expect(siteLevel.cause == .readRawDataRefused("is only allowed for global (server-level) filters"))
        #expect(loadError(path) == nil, "a global filter may read raw data when it is enabled")
    }

    @Test func aSiteWhoseFilterCannotLoadAnswers503WithTheReason() throws {
        let counter = try NativeFixtures.example("RequestCounterFilter")
        let log = CapturedLog()
        let (pipeline, error) = NativeFilterSite.pipeline(
            site: SiteInfo(id: 3, name: "Broken Site", physicalPath: "/srv/site"), modules: [echoHandler()],
            filters: [NativeFilterSpec(path: counter), NativeFilterSpec(path: "/nonexistent/auth.so", name: "Auth")],
            logger: log.logger())
        #expect(error?.cause == .fileNotFound)
        #expect(pipeline.filters == nil)
        let driver = InProcessDriver(pipeline: pipeline)
        for _ in 0..<2 {
            let response = try #require(driver.send(IncomingRequest(target: "/index.html")))
            #expect(response.status == 503)
            #expect(response.bodyText.contains("this site is stopped because one of its ISAPI filters could not be loaded"))
            #expect(response.bodyText.contains("ISAPI filter 'Auth' (/nonexistent/auth.so) could not be loaded: there is no file at this path"))
        }
        #expect(log.lines.contains { $0.hasPrefix("error: site 'Broken Site' is unavailable (503 for every request): ISAPI filter 'Auth'") })
    }

    @Test func aCPlusPlusFilterLoadsWithItsEntryPointsUnmangled() throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("cpp_filter"))])
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(response?.header("X-Cpp-Filter") == "72")
    }

    @Test func theDefaultNameComesFromTheFileName() {
        #expect(NativeFilterLoader.defaultName(for: "/x/libRequestCounterFilter.so") == "RequestCounterFilter")
        #expect(NativeFilterLoader.defaultName(for: "auth.so") == "auth")
        #expect(NativeFilterLoader.defaultName(for: "lib.so") == "lib")
    }
}
