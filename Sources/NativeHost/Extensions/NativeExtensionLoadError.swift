import Pipeline

/// An ISAPI extension that could not be loaded: which file, why, and what to do.
public struct NativeExtensionLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Cause: Error, Sendable, Equatable {
        /// The file, dlopen, DllMain or a missing entry point: the causes filters share
        /// (`NativeFilterLoadError.Cause`; their remedies apply alike).
        case library(NativeFilterLoadError.Cause)
        /// GetExtensionVersion returned FALSE and set this last error (0: none).
        case refusedByExtension(Win32Error)
    }

    public let file: String
    public let cause: Cause

    public init(file: String, cause: Cause) {
        self.file = file
        self.cause = cause
    }

    public var description: String {
        switch cause {
        case .library(let cause):
            let filterError = NativeFilterLoadError(file: file, filterName: "", cause: cause)
            let remedy = filterError.remedy.replacingOccurrences(of: "filter", with: "extension")
                .replacingOccurrences(of: "GetFilterVersion(HTTP_FILTER_VERSION *)", with: "GetExtensionVersion(HSE_VERSION_INFO *)")
                .replacingOccurrences(of: "DWORD WINAPI HttpFilterProc(...)", with: "DWORD WINAPI HttpExtensionProc(EXTENSION_CONTROL_BLOCK *)")
                .replacingOccurrences(of: "<httpfilt.h>", with: "<httpext.h>")
            return "ISAPI extension \(file) could not be loaded: \(filterError.reason) [Win32 error \(filterError.win32Error.code)]. \(remedy)"
        case .refusedByExtension(let error):
            return "ISAPI extension \(file) could not be loaded: GetExtensionVersion returned FALSE with last error \(error.code) (\(error)). The extension refused to initialise; its own configuration or logs say why."
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
