import ISAPIRuntime
import Logging
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads filters from shared objects: checks the file, `dlopen`s it with `RTLD_NOW | RTLD_LOCAL`,
/// calls `DllMain(DLL_PROCESS_ATTACH)` when the library exports one, finds `GetFilterVersion`,
/// `HttpFilterProc` and (optionally) `TerminateFilter`, and calls `GetFilterVersion` once with the
/// server revision `MAKELONG(0, 10)`.
///
/// Every failure is a `NativeFilterLoadError` naming the file, the cause and what to do. A
/// library is never unloaded (see `NativeFilter.terminateFilter`); loading the same file twice
/// gives two registrations over one copy of the library, whose globals they share.
public struct NativeFilterLoader: Sendable {
    /// Whether SF_NOTIFY_READ_RAW_DATA may be subscribed to (by global filters only).
    public var rawDataEnabled: Bool
    public var logger: Logger

    public init(rawDataEnabled: Bool = true, logger: Logger = Logger(label: "isapi-bridge.native-filters")) {
        self.rawDataEnabled = rawDataEnabled
        self.logger = logger
    }

    /// The registration of the filter in `path`, named `name` (default: the file name without
    /// `lib` and `.so`), as a global (server-level) or site filter.
    public func load(path: String, name: String? = nil, isGlobal: Bool = true) throws(NativeFilterLoadError) -> FilterRegistration {
        let name = name ?? Self.defaultName(for: path)
        func failure(_ cause: NativeFilterLoadError.Cause) -> NativeFilterLoadError {
            NativeFilterLoadError(file: path, filterName: name, cause: cause)
        }
        // 1-3. The file, dlopen, DllMain(DLL_PROCESS_ATTACH) when the library has one; any later
        // failure releases it (DLL_PROCESS_DETACH), as FreeLibrary would.
        let library: NativeLibraryOpening
        switch NativeLibraryOpening.open(path: path, kind: "filter", name: name) {
        case .failure(let cause): throw failure(cause)
        case .success(let opened): library = opened
        }
        do throws(NativeFilterLoadError) {
            return try register(handle: library.handle, path: path, name: name, attached: library.attached, isGlobal: isGlobal)
        } catch {
            library.release()
            throw error
        }
    }

    /// Steps 4 to 6 of `load`: the entry points, GetFilterVersion, the checks of what it asked for.
    private func register(handle: UnsafeMutableRawPointer, path: String, name: String, attached: Bool,
                          isGlobal: Bool) throws(NativeFilterLoadError) -> FilterRegistration {
        func failure(_ cause: NativeFilterLoadError.Cause) -> NativeFilterLoadError {
            NativeFilterLoadError(file: path, filterName: name, cause: cause)
        }
        // 4. The entry points.
        guard let versionSymbol = dlsym(handle, "GetFilterVersion") else { throw failure(.missingExport("GetFilterVersion")) }
        guard let procSymbol = dlsym(handle, "HttpFilterProc") else { throw failure(.missingExport("HttpFilterProc")) }
        let terminateSymbol = dlsym(handle, "TerminateFilter")
        let filter = NativeFilter(
            path: path, name: name,
            getFilterVersion: unsafeBitCast(versionSymbol, to: NativeFilter.GetFilterVersion.self),
            proc: unsafeBitCast(procSymbol, to: NativeFilter.FilterProc.self),
            terminate: terminateSymbol.map { unsafeBitCast($0, to: NativeFilter.Terminate.self) },
            attachedLibrary: attached ? handle : nil,
            logger: logger)
        // 5. GetFilterVersion, once.
        let version: FilterVersion
        do throws(Win32Error) {
            version = try filter.filterVersion(serverRevision: FilterVersion.serverRevision)
        } catch {
            throw failure(error == .success ? .declinedByFilter : .refusedByFilter(error))
        }
        // 6. What it asked for.
        if version.flags.contains(.readRawData) {
            if !rawDataEnabled {
                throw failure(.readRawDataRefused("is disabled in this server (IIS 7 and later refuse it too)"))
            }
            if !isGlobal {
                throw failure(.readRawDataRefused("is only allowed for global (server-level) filters"))
            }
        }
        let registration: FilterRegistration
        do throws(FilterLoadError) {
            registration = try FilterRegistration(name: name, filter: filter, isGlobal: isGlobal)
        } catch {
            throw failure(.openFailed(error.reason))  // not reached: GetFilterVersion's answer is cached
        }
        let unknown = version.flags.subtracting(FilterNotifications.allNotifications)
            .subtracting([.securePort, .nonSecurePort, .orderMask])
        if !unknown.isEmpty {
            logger.warning("ISAPI filter '\(name)' (\(path)) sets unknown flag bits 0x\(String(unknown.rawValue, radix: 16)); they are ignored")
        }
        if registration.priorityDefaulted {
            logger.notice("ISAPI filter '\(name)' (\(path)) sets no SF_NOTIFY_ORDER_* bit; it runs as LOW (IIS 4 ran such filters first)")
        }
        logger.info("loaded ISAPI filter '\(name)' from \(path): \"\(version.description)\", priority \(registration.priority), flags 0x\(String(version.flags.rawValue, radix: 16))")
        return registration
    }

    /// `libRequestCounterFilter.so` → `RequestCounterFilter`; `auth.so` → `auth`.
    public static func defaultName(for path: String) -> String {
        var base = Substring(path.split(separator: "/").last ?? Substring(path))
        if base.hasSuffix(".so") { base = base.dropLast(3) }
        if base.hasPrefix("lib") && base.count > 3 { base = base.dropFirst(3) }
        return String(base)
    }

    /// Turns dlopen's message into a cause.
    static func classify(_ message: String) -> NativeFilterLoadError.Cause {
        if let range = message.firstRange(of: "undefined symbol: ") {
            let symbol = String(message[range.upperBound...].prefix { $0 != " " && $0 != "," && $0 != ")" })
            if symbol == "SetLastError" || symbol == "GetLastError", isapi_runtime_exports_last_error() == 0 {
                return .hostDoesNotExportLastError
            }
            return .unresolvedSymbol(symbol)
        }
        if message.contains("cannot open shared object file") { return .missingDependency(message) }
        return .openFailed(message)
    }
}
