import CCrypt
import Foundation

/// The users of `basicAuthentication userFile="..."` (an isapi-bridge extension; IIS checks Windows
/// accounts): an htpasswd-style file, one `user:hash` a line, `#` comments. A hash is any format
/// the system's `crypt(3)` checks: bcrypt (`htpasswd -B`), SHA-512 and SHA-256 crypt
/// (`mkpasswd -m sha-512`), yescrypt. User names compare ignoring case, as Windows accounts do.
public struct UserFile: Sendable {
    public let path: String
    private let hashes: [String: String]
    /// Recent successful checks (`CredentialCache`), one cache per loaded file.
    let recentlyVerified = CredentialCache()

    public struct Problem: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    public init(path: String) throws(Problem) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Problem(line: 0, message: "cannot read the user file '\(path)'; check the path and its permissions")
        }
        var hashes: [String: String] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw Problem(line: index + 1, message: "expected user:hash")
            }
            let user = String(line[..<colon]).lowercased()
            let hash = String(line[line.index(after: colon)...]).split(separator: ":").first.map(String.init) ?? ""
            guard Self.isSupported(hash) else {
                throw Problem(line: index + 1, message: "the hash of '\(user)' is not one crypt(3) checks ($apr1$ and {SHA} are not); make it with `htpasswd -B` or `mkpasswd -m sha-512`")
            }
            hashes[user] = hash
        }
        self.hashes = hashes
    }

    public var userCount: Int { hashes.count }

    /// Whether `password` is `user`'s. An unknown user costs a hash too, so that timing does not
    /// tell which users exist.
    public func verify(user: String, password: String) -> Bool {
        guard let hash = hashes[user.lowercased()] else {
            _ = Self.crypt(password, setting: Self.decoy)
            return false
        }
        guard let computed = Self.crypt(password, setting: hash) else { return false }
        return Self.constantTimeEquals(Array(computed.utf8), Array(hash.utf8))
    }

    private static let decoy = "$6$decoysaltdecoys$"

    static func isSupported(_ hash: String) -> Bool {
        guard hash.hasPrefix("$"), let result = crypt("probe", setting: hash) else { return false }
        return !result.hasPrefix("*")
    }

    /// `crypt_r` with its (large) state on the heap; nil when the setting is not understood.
    static func crypt(_ phrase: String, setting: String) -> String? {
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let result = crypt_r(phrase, setting, data) else { return nil }
        return String(cString: result)
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
