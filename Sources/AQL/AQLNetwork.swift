import VigilCore

/// IPv4/IPv6 parsing and CIDR membership for INCIDR and LONG(ip), over UTF-8 bytes without Foundation.
///
/// IPv4 text is parsed by `VigilCore.IPv4Address`; the CIDR type stays AQL's own because QRadar's INCIDR also takes
/// IPv6 ranges and matches IPv4 ranges against IPv4-mapped IPv6 addresses, which `VigilCore.IPv4Network` does not.
enum AQLNetwork {
    /// An address as 128 bits; IPv4 addresses are kept as IPv4-mapped IPv6 (`::ffff:a.b.c.d`).
    struct Address: Hashable, Sendable {
        var high: UInt64
        var low: UInt64
        var isV4: Bool
    }

    /// A parsed `address/prefix`.
    struct CIDR: Hashable, Sendable {
        var network: Address
        var prefix: Int // in the address family's bits (0–32 or 0–128)

        /// Whether `address` is inside; IPv4 ranges also match IPv4-mapped IPv6 addresses.
        func contains(_ a: Address) -> Bool {
            if network.isV4 {
                guard a.high == 0, a.low >> 32 == 0xFFFF else { return false }
                let bits = UInt32(truncatingIfNeeded: a.low)
                let net = UInt32(truncatingIfNeeded: network.low)
                let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
                return bits & mask == net & mask
            }
            let (mh, ml) = AQLNetwork.mask128(prefix)
            return a.high & mh == network.high & mh && a.low & ml == network.low & ml
        }
    }

    static func mask128(_ prefix: Int) -> (UInt64, UInt64) {
        if prefix <= 0 { return (0, 0) }
        if prefix >= 128 { return (~0, ~0) }
        if prefix <= 64 { return (prefix == 64 ? ~0 : ~UInt64(0) << UInt64(64 - prefix), 0) }
        return (~0, ~UInt64(0) << UInt64(128 - prefix))
    }

    /// Parses `a.b.c.d/n` or `v6/n`; a bare address is a /32 or /128.
    static func parseCIDR(_ s: String) -> CIDR? {
        let parts = s.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let text = String(parts[0]).trimmingSpaces
        guard var addr = parse(text) else { return nil }
        // A range written in IPv6 notation is an IPv6 range even when it looks IPv4-mapped.
        if text.contains(":") { addr.isV4 = false }
        let maxBits = addr.isV4 ? 32 : 128
        var prefix = maxBits
        if parts.count == 2 {
            guard let p = Int(parts[1].trimmingSpaces), p >= 0, p <= maxBits else { return nil }
            prefix = p
        }
        return CIDR(network: addr, prefix: prefix)
    }

    /// Parses an IPv4 or IPv6 address (with `::`, embedded IPv4 and an optional `%zone`).
    static func parse(_ s: String) -> Address? {
        if let v4 = parseIPv4(s) { return Address(high: 0, low: 0xFFFF_0000_0000 | UInt64(v4), isV4: true) }
        return parseIPv6(s)
    }

    static func parseIPv4(_ s: String) -> UInt32? { IPv4Address.parse(s.utf8) }

    static func parseIPv6(_ s: String) -> Address? {
        var text = Substring(s)
        if let pct = text.firstIndex(of: "%") { text = text[..<pct] }
        if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard text.contains(":"), text.utf8.count <= 45 else { return nil }
        let halves = text.ranges(of: "::")
        guard halves.count <= 1 else { return nil }
        let head: Substring, tail: Substring?
        if let r = halves.first {
            head = text[..<r.lowerBound]
            tail = text[r.upperBound...]
        } else {
            head = text
            tail = nil
        }
        // Groups of one side; an embedded IPv4 is allowed only at the very end of the address.
        func groups(_ part: Substring, allowV4: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (k, piece) in pieces.enumerated() {
                if allowV4, k == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(String(piece)) else { return nil }
                    out += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                    continue
                }
                guard !piece.isEmpty, piece.utf8.count <= 4, let g = UInt16(piece, radix: 16) else { return nil }
                out.append(g)
            }
            return out
        }
        var all: [UInt16]
        if let tail {
            guard let h = groups(head, allowV4: false), let t = groups(tail, allowV4: true), h.count + t.count <= 7 else { return nil }
            all = h + Array(repeating: 0, count: 8 - h.count - t.count) + t
        } else {
            guard let h = groups(head, allowV4: true), h.count == 8 else { return nil }
            all = h
        }
        var high: UInt64 = 0, low: UInt64 = 0
        for k in 0..<4 { high = high << 16 | UInt64(all[k]) }
        for k in 4..<8 { low = low << 16 | UInt64(all[k]) }
        // IPv4-mapped IPv6 addresses behave as IPv4.
        let isMapped = high == 0 && low >> 32 == 0xFFFF
        return Address(high: high, low: low, isV4: isMapped)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
