import Config
import SiteAssembly
import Testing

@Suite struct PortingSummaryTests {
    /// One line per feature; a long group names its first entries, counts the rest, and still
    /// lists every handler path that answers 500.21.
    @Test func longGroupsAreShortenedButKeepTheirHandlerPaths() {
        let notes = (1...15).map { index in
            PortingNote(.windowsOnly, feature: PortingFeature.aspNet, item: "handler H\(index) (*.x\(index))",
                        consequence: PortingFeature.handlerConsequence, line: index)
        } + [PortingNote(.preconditionFalse, feature: "32-bit only (bitness32)", item: "filter F", consequence: "ignored", line: 99)]
        let text = PortingSummary.text(notes)
        #expect(text == """
            not available on Linux:
              \(PortingFeature.aspNet) (15): handler H1 (*.x1), handler H2 (*.x2), handler H3 (*.x3), handler H4 (*.x4), handler H5 (*.x5), handler H6 (*.x6), handler H7 (*.x7), handler H8 (*.x8), handler H9 (*.x9), handler H10 (*.x10), and 5 more
                -> requests for these handlers get 500.21 naming the handler
                -> handler paths: *.x1 *.x2 *.x3 *.x4 *.x5 *.x6 *.x7 *.x8 *.x9 *.x10 *.x11 *.x12 *.x13 *.x14 *.x15
            skipped by preCondition:
              32-bit only (bitness32) (1): filter F
                -> ignored

            """)
    }
}
