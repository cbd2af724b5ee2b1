#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The first bytes of a would-be filter, checked before `dlopen` so that a Windows DLL, a file for
/// another architecture or an executable gets a precise error instead of dlopen's terse one.
struct ELFIdentity: Equatable {
    /// `e_machine`.
    let machine: UInt16
    /// 32 or 64.
    let bits: Int
    /// `e_type` (3 = shared object).
    let type: UInt16

    static let sharedObjectType: UInt16 = 3

    /// The machine this process runs on.
    static var host: (machine: UInt16, bits: Int) {
        #if arch(x86_64)
        (62, 64)
        #elseif arch(arm64)
        (183, 64)
        #elseif arch(i386)
        (3, 32)
        #elseif arch(arm)
        (40, 32)
        #elseif arch(riscv64)
        (243, 64)
        #elseif arch(powerpc64le)
        (21, 64)
        #elseif arch(s390x)
        (22, 64)
        #else
        (0, MemoryLayout<Int>.size * 8)
        #endif
    }

    /// Parses an ELF header (little- or big-endian), or says what the bytes look like instead.
    static func parse(_ bytes: [UInt8]) -> Result<ELFIdentity, NativeFilterLoadError.Cause> {
        guard bytes.count >= 20, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            return .failure(.notELF(describeForeign(bytes)))
        }
        let bits = bytes[4] == 2 ? 64 : 32
        let bigEndian = bytes[5] == 2
        func half(_ offset: Int) -> UInt16 {
            let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
            return bigEndian ? a << 8 | b : b << 8 | a
        }
        return .success(ELFIdentity(machine: half(18), bits: bits, type: half(16)))
    }

    /// Checks that a filter can be loaded into this process.
    func check() -> NativeFilterLoadError.Cause? {
        let host = Self.host
        if machine != host.machine || bits != host.bits {
            return .wrongArchitecture(found: Self.describe(machine: machine, bits: bits),
                                      expected: Self.describe(machine: host.machine, bits: host.bits))
        }
        if type != Self.sharedObjectType {
            return .notSharedObject(Self.describe(type: type))
        }
        return nil
    }

    static func describe(machine: UInt16, bits: Int) -> String {
        let name = switch machine {
        case 3: "x86 (i386)"
        case 8: "MIPS"
        case 20: "PowerPC"
        case 21: "PowerPC 64"
        case 22: "IBM S/390"
        case 40: "ARM (32-bit)"
        case 62: "x86-64"
        case 183: "AArch64 (arm64)"
        case 243: "RISC-V"
        case 258: "LoongArch"
        default: "ELF machine \(machine)"
        }
        return "\(name), \(bits)-bit"
    }

    static func describe(type: UInt16) -> String {
        switch type {
        case 1: "relocatable object file (.o)"
        case 2: "executable"
        case 4: "core dump"
        default: "file of type \(type)"
        }
    }

    /// What a file that is not ELF looks like, for the error message.
    static func describeForeign(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "the file is empty" }
        if bytes.count >= 2, bytes[0] == 0x4D, bytes[1] == 0x5A { return "it is a Windows PE file (a DLL built for IIS)" }
        if bytes.count >= 4 {
            let magic = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
            if [0xFEED_FACE, 0xFEED_FACF, 0xCEFA_EDFE, 0xCFFA_EDFE, 0xCAFE_BABE].contains(magic) {
                return "it is a macOS Mach-O file"
            }
            if magic == 0x213C_6172 { return "it is a static library archive (.a); link a shared object instead" }
        }
        if bytes.count < 20 && bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "the ELF header is truncated" }
        let printable = bytes.prefix(64).allSatisfy { $0 == 9 || $0 == 10 || $0 == 13 || (32..<127).contains($0) }
        if printable { return "it is a text file" }
        return "unknown format (first bytes \(bytes.prefix(4).map { String($0, radix: 16) }.joined(separator: " ")))"
    }

    /// Reads the first bytes of `path`: the identity, or why the file cannot be a filter.
    static func load(path: String) -> Result<ELFIdentity, NativeFilterLoadError.Cause> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            return .failure(code == ENOENT || code == ENOTDIR ? .fileNotFound : .accessDenied(String(cString: strerror(code))))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notARegularFile) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.accessDenied(String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 64)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 64) }
        guard count >= 0 else { return .failure(.accessDenied(String(cString: strerror(errno)))) }
        return parse(Array(header.prefix(count)))
    }
}
