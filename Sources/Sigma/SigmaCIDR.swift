import VigilCore

/// A `|cidr` value: an IPv4 or IPv6 network; a field matches when it holds an address inside it.
struct SigmaCIDR: Sendable, Hashable {
    enum Network: Sendable, Hashable {
        case v4(IPv4Network)
        case v6(bytes: [UInt8], prefixLength: Int)
    }

    let network: Network

    init?(_ text: String) {
        if let v4 = IPv4Network(text) {
            network = .v4(v4)
            return
        }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.parseIPv6(parts[0]) else { return nil }
        var length = 128
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...128).contains(n) else { return nil }
            length = n
        }
        network = .v6(bytes: bytes, prefixLength: length)
    }

    func contains(_ value: String) -> Bool {
        switch network {
        case .v4(let n):
            return n.contains(value)
        case .v6(let base, let length):
            guard let address = Self.parseIPv6(value[...]) else { return false }
            var remaining = length
            for i in 0..<16 where remaining > 0 {
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[i] & mask != base[i] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    /// The 16 bytes of an IPv6 address (`::` compression, an optional `%zone` ignored); nil when malformed.
    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        var text = text
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        guard text.contains(":") else { return nil }
        var halves = [String(text)]
        if let gap = text.firstRange(of: "::") {
            let rest = text[gap.upperBound...]
            guard rest.firstRange(of: "::") == nil else { return nil }
            halves = [String(text[..<gap.lowerBound]), String(rest)]
        }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i == pieces.count - 1, piece.contains("."), let v4 = IPv4Address.parse(piece.utf8) {
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard (1...4).contains(piece.count), let g = UInt16(piece, radix: 16) else { return nil }
                out.append(g)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
