import Foundation
import Synchronization

/// Temporary files and directories for tests. Everything lives under one directory per test process
/// (`$TMPDIR/ib-tests-XXXXXX`), removed when the process exits, so a `swift test` run leaves nothing
/// in the system temp directory even where a test forgets (or cannot) clean up. Names are short:
/// some tests compare messages that quote these paths and are cut at a fixed length.
public enum ScratchDirectory {
    /// The per-process root, created (and its removal at exit registered) on first use.
    public static let root: String = {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/ib-tests-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            fatalError("cannot create a scratch directory in \(base): errno \(errno)")
        }
        atexit { try? FileManager.default.removeItem(atPath: ScratchDirectory.root) }
        return String(cString: made)
    }()

    private static let counter = Atomic<Int>(0)

    /// A fresh, empty directory `<root>/<prefix><n>`.
    public static func make(_ prefix: String) throws -> String {
        let path = root + "/\(prefix)\(counter.add(1, ordering: .relaxed).newValue)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A path for a file that does not exist yet: `<root>/<prefix><n><suffix>`.
    public static func file(_ prefix: String, suffix: String = "") -> String {
        root + "/\(prefix)\(counter.add(1, ordering: .relaxed).newValue)\(suffix)"
    }
}
