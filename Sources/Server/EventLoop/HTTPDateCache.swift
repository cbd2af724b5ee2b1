import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `Date` header value, formatted at most once per second per event loop.
final class HTTPDateCache {
    private var second: Int = -1
    private var formatted = ""

    var current: String {
        let now = time(nil)
        if now != second {
            second = now
            formatted = HTTPDate.format(now)
        }
        return formatted
    }
}
