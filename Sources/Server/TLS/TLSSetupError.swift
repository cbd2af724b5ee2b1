/// A certificate a listener cannot use, said so that the porter knows which file to fix.
public struct TLSSetupError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) { self.description = description }

    static func unreadable(_ what: String, _ path: String, _ error: any Error) -> TLSSetupError {
        let reason = (error as? CustomStringConvertible)?.description ?? "\(error)"
        return TLSSetupError("cannot use the \(what) '\(path)': \(reason)")
    }
}
