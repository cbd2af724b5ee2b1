import Foundation
import RequestLog
import TestSupport
import Testing

@Suite("W3C log format")
struct LogFormatTests {
    @Test func dailyFileNamesFollowIIS() {
        // 2026-11-22 00:00:00 UTC and one second before.
        let midnight = Date(timeIntervalSince1970: 1_795_305_600)
        #expect(W3CLogEntry.fileName(for: midnight) == "u_ex261122.log")
        #expect(W3CLogEntry.fileName(for: midnight.addingTimeInterval(-1)) == "u_ex261121.log")
    }

    @Test func emptyFieldsAreDashesAndSpacesArePluses() {
        #expect(W3CLogEntry.field("") == "-")
        #expect(W3CLogEntry.field("Mozilla/5.0 (X11; Linux)") == "Mozilla/5.0+(X11;+Linux)")
        #expect(W3CLogEntry.field("a\r\nb") == "a++b")
    }
}
