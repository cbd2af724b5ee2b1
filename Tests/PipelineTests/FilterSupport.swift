@testable import Pipeline

/// The Win32 error `body` throws, or nil when it succeeds.
func win32Error(_ body: () throws(Win32Error) -> Void) -> Win32Error? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
