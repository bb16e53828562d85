import VigilCore

/// What HR and the CMDB say about an account or a host: the context behaviour is compared against.
public struct EntityAttributes: Sendable, Hashable, Codable {
    /// HR department (`"Finance"`).
    public var department: String?
    /// Job role (`"finance-analyst"`).
    public var role: String?
    /// Job title, for display.
    public var title: String?
    /// The entity's time zone; hour-of-week baselines are kept in local time.
    public var timeZone: TimeZoneRule?
    /// Whether this is a machine or service account (no person behind it).
    public var isService: Bool

    public init(department: String? = nil, role: String? = nil, title: String? = nil, timeZone: TimeZoneRule? = nil,
                isService: Bool = false) {
        self.department = department
        self.role = role
        self.title = title
        self.timeZone = timeZone
        self.isService = isService
    }

    /// The HR peer group an entity starts in before behaviour says otherwise (`"Finance/finance-analyst"`).
    public var hrGroup: String {
        switch (department, role) {
        case let (d?, r?): return d + "/" + r
        case let (d?, nil): return d
        case let (nil, r?): return r
        default: return isService ? "service-accounts" : "unassigned"
        }
    }
}

/// The directory of known entities (from an LDAP or reference-table import), keyed by account or host name.
/// Entities not in the directory are baselined all the same; they start in the `"unassigned"` peer group.
public struct EntityDirectory: Sendable {
    public var users: [String: EntityAttributes]
    public var hosts: [String: EntityAttributes]
    /// Time zone for entities without one.
    public var defaultTimeZone: TimeZoneRule

    public init(users: [String: EntityAttributes] = [:], hosts: [String: EntityAttributes] = [:],
                defaultTimeZone: TimeZoneRule = .utc) {
        self.users = users
        self.hosts = hosts
        self.defaultTimeZone = defaultTimeZone
    }

    /// Attributes of an entity, or nil when unknown.
    public func attributes(of entity: EntityRef) -> EntityAttributes? {
        switch entity.kind {
        case .user: return users[entity.id]
        case .host: return hosts[entity.id]
        default: return nil
        }
    }
}

/// QRadar's network hierarchy in miniature: which internal address ranges are which site, so activity from an
/// office LAN has a location for impossible-travel checks.
public struct SiteMap: Sendable {
    /// One site: an IPv4 prefix in CIDR notation and where it is.
    public struct Site: Sendable, Hashable {
        public var network: UInt32
        public var prefixLength: Int
        public var location: GeoLocation

        /// `cidr` like `"10.20.0.0/16"` (`VigilCore.IPv4Network`, prefix required); nil when malformed.
        public init?(cidr: String, location: GeoLocation) {
            guard cidr.contains("/"), let net = IPv4Network(cidr) else { return nil }
            network = net.base
            prefixLength = net.prefixLength
            self.location = location
        }

        func contains(_ address: UInt32) -> Bool { address & IPv4Network.mask(prefixLength) == network }
    }

    public var sites: [Site]

    public init(sites: [Site] = []) {
        // Longest prefix first so that nested ranges resolve to the most specific site.
        self.sites = sites.sorted { $0.prefixLength > $1.prefixLength }
    }

    /// The location of an internal address, when it belongs to a site.
    public func location(of ip: String) -> GeoLocation? {
        index(of: ip).map { sites[$0].location }
    }

    /// The position in ``sites`` of the most specific site holding an address. Vigil's privacy gate records it as the
    /// event property ``siteProperty`` before it pseudonymises the address, so the site is known to the models
    /// without the address.
    public func index(of ip: String) -> Int? {
        guard !sites.isEmpty, let a = Self.parseIPv4(Substring(ip)) else { return nil }
        for (i, s) in sites.enumerated() where s.contains(a) { return i }
        return nil
    }

    /// The event property that carries a source address's site index (see ``index(of:)``).
    public static let siteProperty = "vigilSourceSite"

    /// The site of an event's source: its address's site, else the site index the privacy gate recorded.
    func location(of e: Event) -> GeoLocation? {
        if let ip = e.sourceIP, let l = location(of: ip) { return l }
        guard !sites.isEmpty, let text = e.properties[Self.siteProperty], let i = Int(text), sites.indices.contains(i) else { return nil }
        return sites[i].location
    }

    /// Dotted-quad to integer; nil for anything else (IPv6 addresses are not mapped).
    static func parseIPv4(_ s: Substring) -> UInt32? { IPv4Address.parse(s.utf8) }
}
