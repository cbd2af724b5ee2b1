#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `system.webServer/security/ipSecurity` (IIS IP and Domain Restrictions): which client
/// addresses may use a directory. Entries are tried in order; the first that matches decides, and
/// an address no entry matches is allowed when `allowUnlisted`.
public struct IPSecurityModel: Sendable, Equatable {
    public enum DenyAction: String, Sendable { case forbidden, notFound, unauthorized, abortRequest }

    public struct Entry: Sendable, Equatable {
        /// The network address, in bytes (4 for IPv4, 16 for IPv6).
        public var address: [UInt8]
        /// The mask, in bytes, as long as `address`.
        public var mask: [UInt8]
        public var allowed: Bool
        public var line: Int

        public init(address: [UInt8], mask: [UInt8], allowed: Bool, line: Int = 0) {
            self.address = address
            self.mask = mask
            self.allowed = allowed
            self.line = line
        }

        public func matches(_ client: [UInt8]) -> Bool {
            guard client.count == address.count else { return false }
            for index in client.indices where client[index] & mask[index] != address[index] & mask[index] { return false }
            return true
        }
    }

    /// `allowUnlisted` (IIS default true).
    public var allowUnlisted = true
    /// `denyAction` (IIS default Forbidden).
    public var denyAction = DenyAction.forbidden
    public var entries: [Entry] = []

    public init() {}

    /// Nothing is refused: the section is as IIS ships it.
    public var isOpen: Bool { allowUnlisted && entries.allSatisfy(\.allowed) }

    /// Whether a client at `address` (the textual form, IPv4, IPv6 or IPv4-mapped IPv6) may proceed.
    public func allows(_ address: String) -> Bool {
        guard var bytes = IPAddressText.bytes(address) else { return allowUnlisted }
        // `::ffff:10.0.0.1` is the IPv4 client 10.0.0.1 on a dual-stack socket.
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { bytes = Array(bytes[12...]) }
        return entries.first { $0.matches(bytes) }?.allowed ?? allowUnlisted
    }
}

/// IPv4 and IPv6 addresses in text, to bytes (through inet_pton).
public enum IPAddressText {
    public static func bytes(_ text: String) -> [UInt8]? {
        var text = text
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        return nil
    }
}
