import ISAPIHeaders
import ISAPIRuntime
import Pipeline
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#endif

/// The C structures as Swift sees them match the fact sheet's LP64 layout (the headers check the
/// same at C compile time), and the host's side of the ABI is in place.
@Suite struct ABITests {
    @Test func structureSizesAndOffsetsAreTheWindowsX64Layout() {
        #expect(MemoryLayout<HTTP_FILTER_CONTEXT>.size == 72)
        #expect(MemoryLayout<HTTP_FILTER_CONTEXT>.offset(of: \.pFilterContext) == 24)
        #expect(MemoryLayout<HTTP_FILTER_CONTEXT>.offset(of: \.ServerSupportFunction) == 64)
        #expect(MemoryLayout<HTTP_FILTER_VERSION>.size == 272)
        #expect(MemoryLayout<HTTP_FILTER_VERSION>.offset(of: \.dwFlags) == 268)
        #expect(MemoryLayout<HTTP_FILTER_RAW_DATA>.size == 24)
        #expect(MemoryLayout<HTTP_FILTER_PREPROC_HEADERS>.size == 32)
        #expect(MemoryLayout<HTTP_FILTER_AUTHENT>.size == 32)
        #expect(MemoryLayout<HTTP_FILTER_URL_MAP>.size == 24)
        #expect(MemoryLayout<HTTP_FILTER_URL_MAP_EX>.size == 40)
        #expect(MemoryLayout<HTTP_FILTER_ACCESS_DENIED>.size == 24)
        #expect(MemoryLayout<HTTP_FILTER_LOG>.size == 72)
        #expect(MemoryLayout<HTTP_FILTER_LOG>.offset(of: \.msTimeForProcessing) == 64)
        #expect(MemoryLayout<HTTP_FILTER_AUTH_COMPLETE_INFO>.size == 48)
        #expect(MemoryLayout<HTTP_FILTER_AUTH_COMPLETE_INFO>.offset(of: \.fResetAuth) == 36)
        #expect(MemoryLayout<DWORD>.size == 4 && MemoryLayout<BOOL>.size == 4)
        #expect(MemoryLayout<ULONG_PTR>.size == MemoryLayout<UnsafeRawPointer>.size)
    }

    @Test func constantsMatchTheSwiftAPI() {
        #expect(SF_STATUS_REQ_FINISHED.rawValue == FilterStatus.finished.rawValue)
        #expect(SF_STATUS_REQ_READ_NEXT.rawValue == FilterStatus.readNext.rawValue)
        #expect(SF_REQ_DISABLE_NOTIFICATIONS.rawValue == UInt32(ServerSupportRequest.disableNotifications.rawValue))
        #expect(UInt32(SF_NOTIFY_AUTH_COMPLETE) == FilterNotifications.authComplete.rawValue)
        #expect(UInt32(SF_NOTIFY_READ_RAW_DATA) == FilterNotifications.readRawData.rawValue)
        #expect(UInt32(SF_NOTIFY_ORDER_HIGH) == FilterNotifications.orderHigh.rawValue)
        #expect(UInt32(SF_DENIED_BY_CONFIG) == AccessDeniedReason.byConfiguration.rawValue)
        #expect(SF_MAX_FILTER_DESC_LEN == 257 && SF_MAX_USERNAME == FilterAuthentication.bufferSize)
        #expect(UInt32(ERROR_INVALID_INDEX) == Win32Error.invalidIndex.code)
        #expect(UInt32(ERROR_INSUFFICIENT_BUFFER) == Win32Error.insufficientBuffer.code)
    }

    @Test func thisBinaryExportsTheLastErrorFunctionsToFilters() {
        #expect(isapi_runtime_exports_last_error() == 1,
                "link with NativeHost's linker settings (--export-dynamic-symbol=SetLastError/GetLastError)")
    }

    @Test func theLastErrorIsPerThread() {
        SetLastError(5)
        #expect(FreshThread.lastErrorThenSet87() == 0, "a new thread starts with last error 0")
        #expect(GetLastError() == 5, "another thread's SetLastError does not leak into this one")
    }

    @Test func cflagsPointAtTheShippedHeaders() throws {
        let filters = try #require(CompatibilityHeaders.filterIncludeDirectory())
        let modules = try #require(CompatibilityHeaders.moduleIncludeDirectory())
        #expect(access(filters + "/windows.h", R_OK) == 0)
        #expect(access(filters + "/httpfilt.h", R_OK) == 0)
        #expect(access(modules + "/httpserv.h", R_OK) == 0)
        #expect(CompatibilityHeaders.flags(includeDirectories: [filters, modules])
            == "-I\(filters) -I\(modules) -DISAPI_BRIDGE=1")
        if let cli = NativeFixtures.cli {
            #expect(NativeFixtures.shell("'\(cli)' cflags").output == "-I\(filters) -I\(modules) -DISAPI_BRIDGE=1\n")
        }
    }
}

enum FreshThread {
    /// On a brand-new pthread: reads GetLastError(), then calls SetLastError(87).
    static func lastErrorThenSet87() -> DWORD {
        var thread = pthread_t()
        let box = UnsafeMutablePointer<DWORD>.allocate(capacity: 1)
        defer { box.deallocate() }
        box.initialize(to: 0xFFFF)
        pthread_create(&thread, nil, { argument in
            let result = argument!.assumingMemoryBound(to: DWORD.self)
            result.pointee = GetLastError()
            SetLastError(87)
            return nil
        }, box)
        pthread_join(thread, nil)
        return box.pointee
    }
}
