#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process's memory as Linux reports it (`/proc/PID/status`), for recycling on `privateMemory`.
enum ProcessMemory {
    /// VmRSS of a process, in KB.
    static func residentKB(_ pid: pid_t) -> Int? {
        guard let file = fopen("/proc/\(pid)/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            if text.hasPrefix("VmRSS:") { return Int(text.dropFirst(6).filter(\.isNumber)) }
        }
        return nil
    }
}
