@testable import Server
import Testing

/// When freed heap goes back to the system: after a wave of closes, and when the last of many closed.
@Suite("HeapTrim: when closed connections' memory is returned")
struct HeapTrimTests {
    /// Opens `count` connections one by one, then closes them one by one; the open counts at which a
    /// trim was due.
    private func trims(open count: Int, closeTo floor: Int = 0, start: HeapTrim = HeapTrim()) -> [Int] {
        var trim = start
        for open in 1...count { trim.opened(count: open) }
        return stride(from: count - 1, through: floor, by: -1).filter { trim.closed(count: $0) }
    }

    @Test("10,000 connections closing: trims at each halving while 1,024 or more closed, and at zero")
    func wave() {
        #expect(trims(open: 10_000) == [5_000, 2_500, 1_250, 226, 0])
    }

    @Test("A few connections coming and going never trim")
    func quietServer() {
        #expect(trims(open: 63).isEmpty)
        #expect(trims(open: 64) == [0])
    }

    @Test("Churn at a steady count does not trim")
    func churn() {
        var trim = HeapTrim()
        for open in 1...2_000 { trim.opened(count: open) }
        var due = 0
        for _ in 0..<10_000 {
            if trim.closed(count: 1_999) { due += 1 }
            trim.opened(count: 2_000)
        }
        #expect(due == 0)
    }
}
