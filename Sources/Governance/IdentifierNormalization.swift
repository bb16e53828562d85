import VigilCore

/// How identifiers are brought to one spelling before they are pseudonymised, so that the spellings of the same
/// account, host or address that different log sources use give the same pseudonym.
///
/// Rules (documented in docs/GOVERNANCE.md):
/// - every kind: leading and trailing whitespace removed;
/// - user: case-folded; `DOMAIN\user` becomes `user@domain`; the domain is mapped through ``domainAliases`` (so
///   the NetBIOS name `CORP` and the DNS name `corp.example.com` can be made one); a domain in ``homeDomains`` is
///   dropped, so `CORP\alice`, `alice@corp.example.com` and `alice` are the same account;
/// - host: case-folded, a trailing dot removed, and a suffix in ``hostSuffixes`` removed (`ws-042.corp.example.com`
///   → `ws-042`);
/// - ip: IPv4 in dotted decimal without leading zeros; IPv6 in RFC 5952 form (lower case, longest zero run as
///   `::`); an IPv4-mapped IPv6 address (`::ffff:10.1.2.3`) becomes the IPv4 address; text that is not an address
///   is only case-folded;
/// - device and email: case-folded; other: whitespace only (case matters).
public struct IdentifierNormalization: Sendable, Hashable, Codable {
    /// Lower-case domain name → the canonical lower-case domain it stands for.
    public var domainAliases: [String: String]
    /// Canonical domains whose accounts are written without a domain.
    public var homeDomains: Set<String>
    /// DNS suffixes removed from host names (without the leading dot).
    public var hostSuffixes: [String]

    public init(domainAliases: [String: String] = [:], homeDomains: Set<String> = [], hostSuffixes: [String] = []) {
        self.domainAliases = Dictionary(domainAliases.map { (Self.fold($0.key), Self.fold($0.value)) }, uniquingKeysWith: { a, _ in a })
        self.homeDomains = Set(homeDomains.map(Self.fold))
        self.hostSuffixes = hostSuffixes.map { Self.fold($0).trimmingDots() }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// The normalised form of `value` as an identifier of `kind`.
    public func normalize(_ value: String, as kind: PseudonymKind) -> String {
        let trimmed = value.trimmingWhitespace()
        switch kind {
        case .user: return normalizeUser(trimmed)
        case .host: return normalizeHost(trimmed)
        case .ip: return Self.normalizeIP(trimmed)
        case .device, .email: return Self.fold(trimmed)
        case .other: return trimmed
        }
    }

    func normalizeUser(_ value: String) -> String {
        var text = Self.fold(value)
        var domain = ""
        if let slash = text.firstIndex(of: "\\") {
            domain = String(text[..<slash])
            text = String(text[text.index(after: slash)...])
        } else if let at = text.lastIndex(of: "@") {
            domain = String(text[text.index(after: at)...])
            text = String(text[..<at])
        }
        domain = domainAliases[domain] ?? domain
        if domain.isEmpty || homeDomains.contains(domain) || text.isEmpty { return text.isEmpty ? Self.fold(value) : text }
        return text + "@" + domain
    }

    func normalizeHost(_ value: String) -> String {
        var host = Self.fold(value)
        while host.hasSuffix(".") { host.removeLast() }
        for suffix in hostSuffixes where host.count > suffix.count + 1 && host.hasSuffix("." + suffix) {
            host.removeLast(suffix.count + 1)
            break
        }
        return host
    }

    /// Case folding used for identifiers: Unicode lower-casing (no locale), which is what directory services
    /// compare case-insensitively on.
    static func fold(_ s: String) -> String { s.lowercased() }

    // MARK: IP addresses

    /// Canonical text of an IPv4 or IPv6 address, or the case-folded input when it is not one.
    public static func normalizeIP(_ text: String) -> String {
        if let v4 = parseIPv4(text) { return formatIPv4(v4) }
        var address = text
        // A zone index (`fe80::1%eth0`) stays as written after the address.
        var zone = ""
        if let pct = address.firstIndex(of: "%") {
            zone = String(address[pct...])
            address = String(address[..<pct])
        }
        if address.hasPrefix("[") && address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        guard let v6 = parseIPv6(address) else { return fold(text) }
        if zone.isEmpty, v6[0..<5].allSatisfy({ $0 == 0 }), v6[5] == 0xFFFF {
            return formatIPv4([UInt8(v6[6] >> 8), UInt8(v6[6] & 0xFF), UInt8(v6[7] >> 8), UInt8(v6[7] & 0xFF)])
        }
        return formatIPv6(v6) + fold(zone)
    }

    static func parseIPv4(_ text: String) -> [UInt8]? {
        guard let a = IPv4Address(text) else { return nil }
        let o = a.octets
        return [o.0, o.1, o.2, o.3]
    }

    static func formatIPv4(_ b: [UInt8]) -> String { b.map(String.init).joined(separator: ".") }

    static func parseIPv6(_ text: String) -> [UInt16]? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        let pieces = text.components(separatedByDoubleColon: ())
        guard pieces.count <= 2 else { return nil }
        func groups(_ s: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() {
                if i == parts.count - 1, allowIPv4Tail, part.contains("."), let v4 = parseIPv4(String(part)) {
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard !part.isEmpty, part.count <= 4, let v = UInt16(part, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        if pieces.count == 2 {
            sawGap = true
            guard let h = groups(pieces[0], allowIPv4Tail: false), let t = groups(pieces[1], allowIPv4Tail: true) else { return nil }
            head = h
            tail = t
        } else {
            guard let h = groups(pieces[0], allowIPv4Tail: true) else { return nil }
            head = h
        }
        if sawGap {
            guard head.count + tail.count <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        return head.count == 8 ? head : nil
    }

    static func formatIPv6(_ g: [UInt16]) -> String {
        // RFC 5952: the longest run of two or more zero groups (the first on a tie) becomes "::".
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            if g[i] == 0 {
                var j = i
                while j < 8 && g[j] == 0 { j += 1 }
                if j - i > bestLength { bestStart = i; bestLength = j - i }
                i = j
            } else {
                i += 1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        func hex(_ v: UInt16) -> String { String(v, radix: 16) }
        if bestStart < 0 { return g.map(hex).joined(separator: ":") }
        let left = g[0..<bestStart].map(hex).joined(separator: ":")
        let right = g[(bestStart + bestLength)...].map(hex).joined(separator: ":")
        return left + "::" + right
    }
}

extension String {
    fileprivate func trimmingDots() -> String {
        var s = Substring(self)
        while s.hasPrefix(".") { s = s.dropFirst() }
        while s.hasSuffix(".") { s = s.dropLast() }
        return String(s)
    }

    /// Splits at every `::` (at most the pieces around them; a valid IPv6 text has at most one).
    fileprivate func components(separatedByDoubleColon: ()) -> [Substring] {
        var pieces: [Substring] = []
        var rest = self[...]
        while let r = rest.firstRange(of: "::") {
            pieces.append(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        pieces.append(rest)
        return pieces
    }
}
