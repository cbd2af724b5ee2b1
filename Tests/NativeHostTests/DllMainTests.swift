import Pipeline
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// DllMain of native filters, through the loader: DLL_PROCESS_ATTACH once per library after dlopen
/// and before GetFilterVersion, FALSE a load failure naming DllMain, DLL_PROCESS_DETACH after the
/// library's last TerminateFilter.
@Suite(.serialized) struct DllMainTests {
    /// The fixture's log of DllMain, GetFilterVersion and TerminateFilter calls.
    private static func events(in library: String) throws -> String {
        let handle = try #require(dlopen(library, RTLD_NOW | RTLD_NOLOAD), "\(library) is loaded")
        let address = try #require(dlsym(handle, "dll_main_events"))
        return String(cString: unsafeBitCast(address, to: (@convention(c) () -> UnsafePointer<CChar>).self)())
    }

    @Test func attachOnceBeforeGetFilterVersionDetachAfterTheLastTerminate() throws {
        let library = try NativeFixtures.fixture("dll_main")
        let first = try NativeFilterLoader().load(path: library, name: "first")
        #expect(try Self.events(in: library) == "attach version ")
        // The same file again: one library, one attach, as one DLL loaded twice on Windows.
        let second = try NativeFilterLoader().load(path: library, name: "second")
        #expect(try Self.events(in: library) == "attach version version ")
        first.filter.terminateFilter()
        #expect(try Self.events(in: library) == "attach version version terminate ")
        second.filter.terminateFilter()
        second.filter.terminateFilter()
        #expect(try Self.events(in: library) == "attach version version terminate terminate detach ")
    }

    @Test func dllMainReturningFalseFailsTheLoadBeforeGetFilterVersion() throws {
        let library = try NativeFixtures.fixture("dll_main_refuses")
        #expect {
            _ = try NativeFilterLoader().load(path: library, name: "refuses")
        } throws: { error in
            guard let error = error as? NativeFilterLoadError else { return false }
            return error.cause == .dllMainRefused && error.win32Error == Win32Error(1114)
                && error.description.contains("DllMain returned FALSE for DLL_PROCESS_ATTACH")
        }
        #expect(try Self.events(in: library) == "attach detach ")
    }
}
