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
        #expect(W3CLogEntry.field("a\r\nb\tc\u{0}d") == "a%0D%0Ab%09c%00d")
        #expect(W3CLogEntry.field("/caf\u{E9} x", isURL: true) == "/caf%C3%A9+x")
        #expect(W3CLogEntry.field("caf\u{E9}") == "caf\u{E9}", "UTF-8 text outside URL fields stays as it is")
    }
}
