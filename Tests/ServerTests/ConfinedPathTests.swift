@testable import Server
import Testing

@Suite("A resolved path inside the site root")
struct ConfinedPathTests {
    @Test("the root itself and paths below it are inside; a sibling that shares the root's prefix is not")
    func containment() {
        #expect(ConfinedPath.contains("/srv/site", "/srv/site"))
        #expect(ConfinedPath.contains("/srv/site", "/srv/site/index.html"))
        #expect(ConfinedPath.contains("/srv/site", "/srv/site/a/b/c.txt"))
        #expect(!ConfinedPath.contains("/srv/site", "/srv/site-other/index.html"))
        #expect(!ConfinedPath.contains("/srv/site", "/srv/sitex"))
        #expect(!ConfinedPath.contains("/srv/site", "/srv"))
        #expect(!ConfinedPath.contains("/srv/site", "/srv/other"))
        #expect(!ConfinedPath.contains("/srv/site", ""))
        #expect(ConfinedPath.contains("/", "/etc/passwd"), "a root ending in a slash")
        #expect(ConfinedPath.contains("/srv/site/", "/srv/site/x"))
        #expect(!ConfinedPath.contains("/srv/site/", "/srv/site"), "shorter than a root written with its slash")
        #expect(ConfinedPath.contains("/srv/sité", "/srv/sité/ünï.txt"), "non-ASCII bytes compare as bytes")
        #expect(!ConfinedPath.contains("/srv/sité", "/srv/site/x"))
    }
}
