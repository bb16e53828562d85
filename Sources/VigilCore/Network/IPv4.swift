/// An IPv4 address: the package's one dotted-quad parser.
///
/// Text is four decimal parts of one to three digits, each at most 255, separated by dots; nothing else (no
/// surrounding spaces, no shorthand such as `10.1`, no port). Leading zeros are accepted (`010.0.0.1` is 10.0.0.1),
/// as every parser this one replaced accepted them.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address as a big-endian 32-bit number (`10.0.0.1` is `0x0A00_0001`).
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses a dotted quad; nil for anything else (host names, IPv6, CIDR text).
    public init?(_ text: some StringProtocol) {
        guard let v = Self.parse(text.utf8) else { return nil }
        value = v
    }

    /// The dotted-quad bytes of `utf8` as a 32-bit number, or nil when they are not one.
    public static func parse(_ utf8: some Sequence<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for b in utf8 {
            if b >= 0x30, b <= 0x39 {
                octet = octet * 10 + UInt32(b - 0x30)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if b == 0x2E {
                if digits == 0 || dots == 3 { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    /// The four bytes, most significant first.
    public var octets: (UInt8, UInt8, UInt8, UInt8) {
        (UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    }

    /// Dotted decimal without leading zeros.
    public var description: String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    /// RFC 1918 private ranges: 10/8, 172.16/12, 192.168/16.
    public var isPrivate: Bool {
        let a = value >> 24, b = (value >> 16) & 0xFF
        return a == 10 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
    }

    /// 127/8.
    public var isLoopback: Bool { value >> 24 == 127 }

    /// 169.254/16.
    public var isLinkLocal: Bool { value >> 16 == 0xA9FE }

    /// Carrier-grade NAT, 100.64/10 (RFC 6598).
    public var isSharedAddressSpace: Bool { value >> 22 == (100 << 2 | 1) }

    /// Not routed on the internet from an enterprise's point of view: private, loopback, link-local or
    /// carrier-grade NAT.
    public var isInternal: Bool { isPrivate || isLoopback || isLinkLocal || isSharedAddressSpace }
}

/// An IPv4 network in CIDR notation (`10.0.0.0/8`); the host bits of the text are cleared (`10.1.2.3/8` is
/// `10.0.0.0/8`).
public struct IPv4Network: Sendable, Hashable, CustomStringConvertible {
    /// The network address (host bits zero).
    public let base: UInt32
    /// 0…32.
    public let prefixLength: Int

    public init(base: UInt32, prefixLength: Int) {
        precondition((0...32).contains(prefixLength), "an IPv4 prefix length is 0…32")
        self.prefixLength = prefixLength
        self.base = base & Self.mask(prefixLength)
    }

    public init(_ address: IPv4Address, prefixLength: Int) { self.init(base: address.value, prefixLength: prefixLength) }

    /// Parses `a.b.c.d/n` or a single address (a `/32`); nil when malformed. The prefix is decimal digits only.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        let slash = utf8.firstIndex(of: UInt8(ascii: "/"))
        guard let addr = IPv4Address.parse(utf8[..<(slash ?? utf8.count)]) else { return nil }
        var len = 32
        if let slash {
            let digits = utf8[(slash + 1)...]
            guard !digits.isEmpty, digits.count <= 2, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            len = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard len <= 32 else { return nil }
        }
        self.init(base: addr, prefixLength: len)
    }

    /// The netmask of a prefix length (`/0` is `0`, `/32` is all ones).
    public static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength <= 0 ? 0 : prefixLength >= 32 ? .max : UInt32.max << UInt32(32 - prefixLength)
    }

    /// The netmask.
    public var mask: UInt32 { Self.mask(prefixLength) }

    /// Whether `address` lies in this network.
    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == base }

    /// Whether the 32-bit address `value` lies in this network.
    public func contains(_ value: UInt32) -> Bool { value & mask == base }

    /// Whether the dotted quad in `text` lies in this network; false for anything that is not one.
    public func contains(_ text: String) -> Bool {
        guard let v = IPv4Address.parse(text.utf8) else { return false }
        return contains(v)
    }

    /// Whether every address of `other` lies in this network.
    public func contains(_ other: IPv4Network) -> Bool { other.prefixLength >= prefixLength && contains(other.base) }

    /// `a.b.c.d/n`.
    public var description: String { "\(IPv4Address(base))/\(prefixLength)" }
}
