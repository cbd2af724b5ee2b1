import ISAPIRuntime

/// The native calls in progress, read as the worker's watchdog reads them (`isapi_call_snapshot`
/// over every slot, isapi_native_call.h): a call the watchdog can time is a call listed here.
enum NativeCallRecords {
    struct Call: Equatable, CustomStringConvertible {
        let kind: String
        let name: String
        let notification: String
        let url: String
        var description: String { "\(kind) '\(name)' in \(notification) (URL \(url))" }
    }

    static var inProgress: [Call] {
        (0..<isapi_call_slot_count()).compactMap { slot in
            var call = isapi_native_call()
            guard isapi_call_snapshot(slot, &call) != 0 else { return nil }
            return Call(kind: text(call.kind), name: text(call.name), notification: text(call.notification), url: text(call.url))
        }
    }

    private static func text<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { bytes in String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
