import FuzzEntries
import LibFuzzerDriver

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's driver over `FuzzEntries.filterHeaders`. An explicit `main` rather than libFuzzer's own:
/// SwiftPM links an executable's entry point under the module's name.
@main enum FuzzTarget {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzEntries.filterHeaders(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
    }
}
