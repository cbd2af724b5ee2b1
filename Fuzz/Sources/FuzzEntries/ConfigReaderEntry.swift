import Config
import Foundation

extension FuzzEntries {
    /// The input as an applicationHost.config. Paths resolve against a directory that does not
    /// exist, so the reader only reports them.
    public static func configReader(_ input: UnsafeRawBufferPointer) {
        let reader = ConfigReader()
        _ = try? reader.read(data: Data(input), file: "fuzz.config", baseDirectory: "/nonexistent/fuzz")
    }
}
