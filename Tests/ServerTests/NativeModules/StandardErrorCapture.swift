import Foundation
import TestSupport

/// Runs `body` with the process's standard error (fd 2) redirected to a temporary file and returns
/// what was written meanwhile, for C code that writes there directly (the event-log shim). Other
/// suites' stderr output in that window lands in the file too; callers look for their own lines.
func capturingStandardError<T>(_ body: () async throws -> T) async throws -> (T, String) {
    let path = ScratchDirectory.file("stderr")
    let file = open(path, O_CREAT | O_TRUNC | O_RDWR, 0o600)
    guard file >= 0 else { throw CompileFailure(source: path, output: "cannot create the stderr capture file") }
    fflush(nil)
    let saved = dup(2)
    dup2(file, 2)
    let result: T
    do {
        result = try await body()
    } catch {
        fflush(nil); dup2(saved, 2); close(saved); close(file); unlink(path)
        throw error
    }
    fflush(nil)
    dup2(saved, 2)
    close(saved)
    close(file)
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    unlink(path)
    return (result, text)
}
