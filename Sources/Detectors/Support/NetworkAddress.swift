import VigilCore

/// Just enough IP address handling for detectors: parse IPv4, tell internal from external (CIDR blocks are
/// `VigilCore.IPv4Network`).
public enum NetworkAddress {
    /// The IPv4 address in `text` as a 32-bit number, or nil when it is not a dotted quad (``IPv4Address``).
    public static func ipv4(_ text: String) -> UInt32? { IPv4Address.parse(text.utf8) }

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
        if let v = ipv4(text) { return IPv4Address(v).isInternal }
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
