import Pipeline

/// A native filter that could not be loaded: which file, why, the Win32 error IIS would have
/// logged for it, and what to do about it.
public struct NativeFilterLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Cause: Error, Sendable, Equatable {
        /// No file at the path.
        case fileNotFound
        /// The file exists but cannot be read (the system's reason).
        case accessDenied(String)
        /// A directory or a device, not a file.
        case notARegularFile
        /// Not an ELF file at all; the detail says what it looks like (a Windows DLL, text...).
        case notELF(String)
        /// An ELF file that is not a shared object (an executable, an object file...).
        case notSharedObject(String)
        /// Built for another machine or word size than this host.
        case wrongArchitecture(found: String, expected: String)
        /// A library it links against is missing (dlopen's message).
        case missingDependency(String)
        /// It uses a symbol nothing in the process provides.
        case unresolvedSymbol(String)
        /// The host binary does not export SetLastError/GetLastError to filters.
        case hostDoesNotExportLastError
        /// dlopen failed for another reason (its message).
        case openFailed(String)
        /// A required entry point is not exported.
        case missingExport(String)
        /// GetFilterVersion returned FALSE and set this last error.
        case refusedByFilter(Win32Error)
        /// GetFilterVersion returned FALSE with last error 0: the filter declines to run. Not a
        /// site failure: the filter is skipped (IIS logs no event either).
        case declinedByFilter
        /// It subscribes to SF_NOTIFY_READ_RAW_DATA where that is not allowed (the reason).
        case readRawDataRefused(String)
        /// Its DllMain returned FALSE for DLL_PROCESS_ATTACH (LoadLibrary fails so on Windows).
        case dllMainRefused
    }

    /// The path as configured.
    public let file: String
    /// The filter's name in the configuration (or derived from the file name).
    public let filterName: String
    public let cause: Cause

    public init(file: String, filterName: String, cause: Cause) {
        self.file = file
        self.filterName = filterName
        self.cause = cause
    }

    /// The Win32 error IIS logs for this kind of failure (the event data of W3SVC load errors).
    public var win32Error: Win32Error {
        switch cause {
        case .fileNotFound: .fileNotFound
        case .accessDenied: .accessDenied
        case .notARegularFile, .notELF, .notSharedObject, .wrongArchitecture, .openFailed: Win32Error(193)  // ERROR_BAD_EXE_FORMAT
        case .missingDependency: .modNotFound
        case .unresolvedSymbol, .hostDoesNotExportLastError, .missingExport: .procNotFound
        case .refusedByFilter(let error): error
        case .declinedByFilter: .success
        case .readRawDataRefused: .notSupported
        case .dllMainRefused: Win32Error(1114)  // ERROR_DLL_INIT_FAILED
        }
    }

    /// What went wrong, in one sentence.
    public var reason: String {
        switch cause {
        case .fileNotFound:
            "there is no file at this path"
        case .accessDenied(let detail):
            "the file cannot be read (\(detail))"
        case .notARegularFile:
            "the path is not a regular file"
        case .notELF(let detail):
            "it is not an ELF shared object: \(detail)"
        case .notSharedObject(let kind):
            "it is an ELF \(kind), not a shared object"
        case .wrongArchitecture(let found, let expected):
            "it was built for \(found), but this server runs on \(expected)"
        case .missingDependency(let message):
            "a library it needs is missing (\(message))"
        case .unresolvedSymbol(let symbol):
            "it uses the symbol '\(symbol)', which neither the server nor the filter's libraries provide"
        case .hostDoesNotExportLastError:
            "it uses SetLastError/GetLastError, which this host binary does not export"
        case .openFailed(let message):
            "dlopen failed: \(message)"
        case .missingExport(let symbol):
            "it does not export the required entry point \(symbol)"
        case .refusedByFilter(let error):
            "GetFilterVersion returned FALSE with last error \(error.code) (\(error))"
        case .declinedByFilter:
            "GetFilterVersion returned FALSE with last error 0: the filter declined to run"
        case .readRawDataRefused(let why):
            "it subscribes to SF_NOTIFY_READ_RAW_DATA, which \(why)"
        case .dllMainRefused:
            "its DllMain returned FALSE for DLL_PROCESS_ATTACH, so the library failed to initialise"
        }
    }

    /// What to do about it.
    public var remedy: String {
        switch cause {
        case .fileNotFound:
            "Check the path (a relative path in a configuration file is resolved from that file's directory; one given to --filter, from the working directory)."
        case .accessDenied:
            "Make the file readable by the user the server runs as."
        case .notARegularFile, .notSharedObject:
            "Point the configuration at the filter's .so, built with `cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so`."
        case .notELF:
            "Windows DLLs cannot be loaded: recompile the filter's source on Linux with `cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so`."
        case .wrongArchitecture:
            "Rebuild the filter on (or for) this machine's architecture."
        case .missingDependency:
            "Install the missing library, or set LD_LIBRARY_PATH / the filter's rpath so the loader finds it."
        case .unresolvedSymbol:
            "The filter calls a Windows API isapi-bridge does not provide; replace the call (see docs/porting-filters.md) or link the library that defines it."
        case .hostDoesNotExportLastError:
            "Link the host with NativeHost's linker settings (-Xlinker --export-dynamic-symbol=SetLastError -Xlinker --export-dynamic-symbol=GetLastError)."
        case .openFailed:
            "Rebuild the filter as a position-independent shared object (`-shared -fPIC`)."
        case .missingExport:
            "Export it with C linkage (`BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *)`, `DWORD WINAPI HttpFilterProc(...)`); in C++ include <httpfilt.h> or declare it extern \"C\"."
        case .refusedByFilter:
            "The filter refused to initialise; its own configuration or logs say why."
        case .declinedByFilter:
            "Nothing to fix if that is intended; otherwise see the filter's own configuration."
        case .readRawDataRefused:
            "Load it as a global (server-level) filter with raw-data notifications enabled, or remove SF_NOTIFY_READ_RAW_DATA from its flags."
        case .dllMainRefused:
            "See what the filter's DllMain checks at DLL_PROCESS_ATTACH (its files, settings or environment); it runs before GetFilterVersion."
        }
    }

    public var description: String {
        "ISAPI filter '\(filterName)' (\(file)) could not be loaded: \(reason) [Win32 error \(win32Error.code)]. \(remedy)"
    }
}
