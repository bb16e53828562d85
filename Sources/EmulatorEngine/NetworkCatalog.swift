import VigilCore
import AQL

/// IPv4/IPv6 text helpers (no Foundation).
enum IPAddress {
    /// Parses dotted-quad IPv4 (`VigilCore.IPv4Address`).
    static func v4(_ s: String) -> UInt32? { IPv4Address.parse(s.utf8) }

    /// Whether `s` is a syntactically valid IPv6 address (hex groups, at most one `::`, optional v4 tail).
    static func isV6(_ s: String) -> Bool {
        guard s.contains(":"), s.utf8.count <= 45 else { return false }
        var doubleColons = 0
        var previousColon = false
        for b in s.utf8 {
            let colon = b == UInt8(ascii: ":")
            if colon && previousColon { doubleColons += 1 }
            previousColon = colon
        }
        guard doubleColons <= 1 else { return false }
        let groups = s.split(separator: ":", omittingEmptySubsequences: true)
        var count = 0
        for (i, g) in groups.enumerated() {
            if i == groups.count - 1, g.contains(".") {
                guard v4(String(g)) != nil else { return false }
                count += 2
                continue
            }
            guard g.utf8.count <= 4, g.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) else { return false }
            count += 1
        }
        return doubleColons == 1 ? count < 8 : count == 8
    }

    static func isValid(_ s: String) -> Bool { v4(s) != nil || isV6(s) }

    /// Parses `a.b.c.d/n` (IPv4, prefix required; `VigilCore.IPv4Network`) into base and mask.
    static func cidr(_ s: String) -> (base: UInt32, mask: UInt32)? {
        guard s.contains("/"), let net = IPv4Network(s) else { return nil }
        return (net.base, net.mask)
    }

    /// Whether `s` is a valid CIDR (v4 `a.b.c.d/n` or v6 `addr/n`).
    static func isValidCIDR(_ s: String) -> Bool {
        if cidr(s) != nil { return true }
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, isV6(String(parts[0])), let bits = Int(parts[1]) else { return false }
        return (0...128).contains(bits)
    }

    static func render(_ v: UInt32) -> String { IPv4Address(v).description }
}

/// A network of the network hierarchy.
struct NetworkEntry: Sendable, Hashable {
    var base: UInt32
    var mask: UInt32
    var name: String
}

/// Protocols, applications, the network hierarchy and geolocation.
///
/// The network hierarchy is QRadar's default one (RFC 1918 ranges in the `Net-10-172-192` group); anything
/// outside it is `other` and remote. Geolocation is synthetic and deterministic: the documentation ranges have
/// fixed places, other public addresses get a city chosen from their /16, private addresses have none.
struct NetworkCatalog: Sendable {
    let networks: [NetworkEntry] = [
        NetworkEntry(base: 0x0A00_0000, mask: 0xFF00_0000, name: "Net-10-172-192.Net_10_0_0_0"),
        NetworkEntry(base: 0xAC10_0000, mask: 0xFFF0_0000, name: "Net-10-172-192.Net_172_16_0_0"),
        NetworkEntry(base: 0xC0A8_0000, mask: 0xFFFF_0000, name: "Net-10-172-192.Net_192_168_0_0"),
    ]

    /// The hierarchy name of an address, `other` when outside the local networks.
    func networkName(_ ip: String) -> String {
        guard let v = IPAddress.v4(ip) else { return "other" }
        for n in networks where v & n.mask == n.base { return n.name }
        return "other"
    }

    /// Whether an address belongs to the local network hierarchy.
    func isLocal(_ ip: String) -> Bool {
        guard let v = IPAddress.v4(ip) else { return false }
        if v >> 24 == 127 { return true }
        return networks.contains { v & $0.mask == $0.base }
    }

    /// `L2L`, `L2R`, `R2L` or `R2R`.
    func direction(source: String?, destination: String?) -> String {
        let s = source.map(isLocal) ?? false ? "L" : "R"
        let d = destination.map(isLocal) ?? false ? "L" : "R"
        return s + "2" + d
    }

    // MARK: Protocols

    /// IANA protocol number for a name or number text (`tcp`, `TCP`, `6`).
    static func protocolID(_ text: String) -> Int64? {
        if let n = Int64(text), (0...255).contains(n) { return n }
        switch text.lowercased() {
        case "icmp": return 1
        case "igmp": return 2
        case "tcp", "tcp_ip": return 6
        case "udp", "udp_ip": return 17
        case "gre": return 47
        case "esp": return 50
        case "ah": return 51
        case "ipv6-icmp", "icmpv6": return 58
        case "sctp": return 132
        default: return nil
        }
    }

    static func protocolName(_ id: Int64) -> String? { AQLDefaultLookups.ianaProtocolName(id) }

    // MARK: Geolocation

    struct Place: Sendable, Hashable {
        var country: String
        var countryName: String
        var city: String
        var latitude: Double
        var longitude: Double
        var continent: String
    }

    static let places: [Place] = [
        Place(country: "US", countryName: "United States", city: "New York", latitude: 40.71, longitude: -74.01, continent: "North America"),
        Place(country: "DE", countryName: "Germany", city: "Frankfurt am Main", latitude: 50.11, longitude: 8.68, continent: "Europe"),
        Place(country: "SG", countryName: "Singapore", city: "Singapore", latitude: 1.35, longitude: 103.82, continent: "Asia"),
        Place(country: "GB", countryName: "United Kingdom", city: "London", latitude: 51.51, longitude: -0.13, continent: "Europe"),
        Place(country: "BR", countryName: "Brazil", city: "Sao Paulo", latitude: -23.55, longitude: -46.63, continent: "South America"),
        Place(country: "JP", countryName: "Japan", city: "Tokyo", latitude: 35.68, longitude: 139.69, continent: "Asia"),
        Place(country: "AU", countryName: "Australia", city: "Sydney", latitude: -33.87, longitude: 151.21, continent: "Oceania"),
        Place(country: "RU", countryName: "Russia", city: "Moscow", latitude: 55.76, longitude: 37.62, continent: "Europe"),
        Place(country: "CN", countryName: "China", city: "Shanghai", latitude: 31.23, longitude: 121.47, continent: "Asia"),
        Place(country: "IN", countryName: "India", city: "Mumbai", latitude: 19.08, longitude: 72.88, continent: "Asia"),
        Place(country: "NG", countryName: "Nigeria", city: "Lagos", latitude: 6.52, longitude: 3.38, continent: "Africa"),
        Place(country: "CA", countryName: "Canada", city: "Toronto", latitude: 43.65, longitude: -79.38, continent: "North America"),
        Place(country: "FR", countryName: "France", city: "Paris", latitude: 48.86, longitude: 2.35, continent: "Europe"),
        Place(country: "NL", countryName: "Netherlands", city: "Amsterdam", latitude: 52.37, longitude: 4.90, continent: "Europe"),
    ]

    /// The place of a public IPv4 address; nil for local, reserved or non-IPv4 addresses.
    func place(_ ip: String) -> Place? {
        guard let v = IPAddress.v4(ip), !isLocal(ip) else { return nil }
        let first = v >> 24
        if first == 0 || first >= 224 || first == 127 || (first == 169 && (v >> 16 & 255) == 254) { return nil }
        switch v >> 8 {
        case 0xC00002: return Self.places[0]  // 192.0.2.0/24 TEST-NET-1
        case 0xC63364: return Self.places[1]  // 198.51.100.0/24 TEST-NET-2
        case 0xCB0071: return Self.places[2]  // 203.0.113.0/24 TEST-NET-3
        default: break
        }
        // A stable mix of the /16 so neighbouring networks land in different places.
        var h = (v >> 16) &* 0x9E37_79B9
        h ^= h >> 15
        return Self.places[Int(h % UInt32(Self.places.count))]
    }

    /// `GEO::LOOKUP(ip, attribute)`.
    func geoLookup(_ ip: String, _ attribute: String) -> AQLValue {
        guard let p = place(ip) else { return .null }
        switch attribute.lowercased() {
        case "city": return .string(p.city)
        case "country", "countryname", "country_name": return .string(p.countryName)
        case "countrycode", "country_code", "isocode", "iso_code": return .string(p.country)
        case "continent": return .string(p.continent)
        case "latitude", "lat": return .double(p.latitude)
        case "longitude", "lon", "long": return .double(p.longitude)
        case "geo_json", "geojson":
            return .string(#"{"type":"Point","coordinates":[\#(p.longitude),\#(p.latitude)]}"#)
        default: return .null
        }
    }
}

/// Flow applications: id ↔ name, extended on first sight of a new name.
struct ApplicationCatalog: Sendable {
    private(set) var names: [Int64: String] = [:]
    private var byName: [String: Int64] = [:]
    private(set) var nextID: Int64 = 5000

    init() {
        let stock: [(Int64, String)] = [
            (1000, "Other"), (1001, "Web.HTTP"), (1002, "Web.SecureWeb"), (1003, "DNS"), (1004, "Mail.SMTP"),
            (1005, "RemoteAccess.SSH"), (1006, "RemoteAccess.RDP"), (1007, "FileTransfer.FTP"),
            (1008, "FileTransfer.SMB"), (1009, "Database.SQLServer"), (1010, "Database.Oracle"),
            (1011, "Kerberos"), (1012, "LDAP"), (1013, "NTP"), (1014, "VPN.IPSec"), (1015, "Misc.ICMP"),
        ]
        for (id, name) in stock { add(id: id, name: name) }
    }

    mutating func add(id: Int64, name: String) {
        names[id] = name
        byName[name.lowercased()] = id
        if id >= nextID { nextID = id + 1 }
    }

    func name(_ id: Int64) -> String? { names[id] }

    mutating func idCreating(named name: String) -> (id: Int64, created: Bool) {
        if let id = byName[name.lowercased()] { return (id, false) }
        let id = max(nextID, 5000)
        add(id: id, name: name)
        return (id, true)
    }
}
