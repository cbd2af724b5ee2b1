#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HTTP dates (RFC 9110 section 5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The current time as an IMF-fixdate.
    public static func now() -> String { format(time(nil)) }

    /// IMF-fixdate for seconds since the epoch.
    public static func format(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Seconds since the epoch, from IMF-fixdate, RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or
    /// asctime (`Sun Nov  6 08:49:37 1994`). Nil for anything else.
    public static func parse(_ text: String) -> Int? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        var day: Int?, month: Int?, year: Int?, clock: [Int]?
        switch words.count {
        case 4 where words.last == "GMT":
            let dayMonthYear = words[1].split(separator: "-")
            guard dayMonthYear.count == 3 else { return nil }
            day = Int(dayMonthYear[0])
            month = monthIndex(String(dayMonthYear[1]))
            year = Int(dayMonthYear[2]).map { $0 < 70 ? $0 + 2000 : ($0 < 100 ? $0 + 1900 : $0) }
            clock = timeOfDay(words[2])
        case 6 where words.last == "GMT":
            day = Int(words[1])
            month = monthIndex(words[2])
            year = Int(words[3])
            clock = timeOfDay(words[4])
        case 5:
            month = monthIndex(words[1])
            day = Int(words[2])
            clock = timeOfDay(words[3])
            year = Int(words[4])
        default:
            return nil
        }
        // Every field is bounded before it reaches `tm`'s 32-bit fields: a client controls these
        // digits (If-Modified-Since), and an out-of-range year must be "not a date", not a trap.
        guard let day, let month, let year, let clock, (1970...9999).contains(year),
              (1...daysIn(month: month, year: year)).contains(day) else {
            return nil
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(clock[0])
        parts.tm_min = Int32(clock[1])
        parts.tm_sec = Int32(min(clock[2], 59))  // a leap second is the second before it (no rolling into the next day)
        return Int(timegm(&parts))
    }

    private static func monthIndex(_ name: String) -> Int? { months.firstIndex(of: name) }

    /// Days in `month` (0-based) of `year`: `31 Feb` is not a date (`timegm` would move it into March).
    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 3, 5, 8, 10: 30
        default: 31
        }
    }

    private static func timeOfDay(_ text: String) -> [Int]? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields.allSatisfy({ $0.count <= 2 }) else { return nil }
        let parts = fields.compactMap { Int($0) }
        guard parts.count == 3, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]), (0..<61).contains(parts[2]) else {
            return nil
        }
        return parts
    }

    private static func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
