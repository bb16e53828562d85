/// Just enough IP address handling for detectors: parse IPv4, tell internal from external, match CIDR blocks.
public enum NetworkAddress {
    /// The IPv4 address in `text` as a 32-bit number, or nil when it is not a dotted quad.
    public static func ipv4(_ text: String) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var parts = 0
        for b in text.utf8 {
            if b >= 48 && b <= 57 {
                octet = octet * 10 + UInt32(b - 48)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if b == 46 {  // "."
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | octet
                parts += 1
                octet = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | octet
    }

    /// Whether `text` looks like an IP address (IPv4 dotted quad or an IPv6 literal) rather than a host name.
    public static func isAddress(_ text: String) -> Bool {
        if ipv4(text) != nil { return true }
        var colons = 0
        for b in text.utf8 {
            if b == 58 { colons += 1; continue }
            let hex = (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70) || b == 46 || b == 37
            if !hex { return false }
        }
        return colons >= 2
    }

    /// Whether an address is internal: RFC 1918, loopback, link-local, carrier-grade NAT, or IPv6 ULA, link-local
    /// and loopback. Host names are not addresses and return false.
    public static func isInternal(_ text: String) -> Bool {
        if let v = ipv4(text) {
            let a = v >> 24, b = (v >> 16) & 0xFF
            if a == 10 || a == 127 { return true }
            if a == 172 && (16...31).contains(b) { return true }
            if a == 192 && b == 168 { return true }
            if a == 169 && b == 254 { return true }
            if a == 100 && (64...127).contains(b) { return true }
            return false
        }
        guard isAddress(text) else { return false }
        let lower = text.lowercased()
        return lower == "::1" || lower.hasPrefix("fc") || lower.hasPrefix("fd") || lower.hasPrefix("fe80")
    }

    /// The /24 network of an IPv4 address as text (`"10.1.2.0/24"`), used as a fallback peer group.
    public static func slash24(_ text: String) -> String? {
        guard let v = ipv4(text) else { return nil }
        let n = v & 0xFFFF_FF00
        return "\(n >> 24).\((n >> 16) & 0xFF).\((n >> 8) & 0xFF).0/24"
    }
}

/// An IPv4 network in CIDR notation (`"10.0.0.0/8"`).
public struct IPv4Network: Sendable, Hashable, CustomStringConvertible {
    public let base: UInt32
    public let prefixLength: Int

    /// Parses `"a.b.c.d/n"` or a single address (`/32`); nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addr = NetworkAddress.ipv4(String(parts[0])) else { return nil }
        var len = 32
        if parts.count == 2 {
            guard let l = Int(parts[1]), (0...32).contains(l) else { return nil }
            len = l
        }
        prefixLength = len
        base = addr & IPv4Network.mask(len)
    }

    static func mask(_ len: Int) -> UInt32 { len == 0 ? 0 : UInt32.max << UInt32(32 - len) }

    /// Whether the address in `text` lies in this network.
    public func contains(_ text: String) -> Bool {
        guard let v = NetworkAddress.ipv4(text) else { return false }
        return v & IPv4Network.mask(prefixLength) == base
    }

    public var description: String {
        "\(base >> 24).\((base >> 16) & 0xFF).\((base >> 8) & 0xFF).\(base & 0xFF)/\(prefixLength)"
    }
}
