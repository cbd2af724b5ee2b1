import Foundation
import Testing

/// Where IIRF's own test corpus (v2.x/tests, Ms-PL) is: `$ISAPI_BRIDGE_IIRF_CORPUS`, else
/// `<checkout>/../shared/conformance/iirf`. A fresh clone has neither, so the suites that need it are
/// skipped with `skipReason`; when the variable is set (`.ci/run` sets it) they always run, and a
/// wrong path fails `theCorpusIsPresent` instead of skipping silently.
enum IIRFCorpus {
    static let variable = "ISAPI_BRIDGE_IIRF_CORPUS"

    static let requested: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }

    static let directory: URL = requested.map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // RewriteTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the checkout
            .deletingLastPathComponent()  // beside it: shared/
            .appendingPathComponent("shared/conformance/iirf")

    static var isPresent: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Run when the corpus is there or was asked for by the variable.
    static var runs: Bool { requested != nil || isPresent }

    static var skipReason: Comment {
        Comment(rawValue: "the IIRF corpus is not at \(directory.path); set \(variable) to a copy of IIRF's v2.x/tests to run these")
    }
}
