/// An asset from `GET /asset_model/assets` (QRADAR.md §6.2).
public struct Asset: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    public var domainID: Int?
    public var vulnerabilityCount: Int?
    /// Sum of the CVSS scores of the asset's vulnerabilities.
    public var riskScoreSum: Double?
    public var hostnames: [AssetHostname]?
    public var interfaces: [AssetInterface]?
    public var products: [AssetProduct]?
    public var properties: [AssetProperty]?
    public var users: [AssetUser]?

    public init(id: Int) { self.id = id }

    /// The value of the first property with this name (e.g. "Unified Name", "Business Owner").
    public func property(named name: String) -> String? {
        properties?.first { $0.name == name }?.value
    }

    /// All IP addresses over all interfaces.
    public var ipAddresses: [String] { (interfaces ?? []).flatMap { ($0.ipAddresses ?? []).compactMap(\.value) } }

    enum CodingKeys: String, CodingKey {
        case id, hostnames, interfaces, products, properties, users
        case domainID = "domain_id"
        case vulnerabilityCount = "vulnerability_count"
        case riskScoreSum = "risk_score_sum"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        domainID = c.lenient(.domainID)
        vulnerabilityCount = c.lenient(.vulnerabilityCount)
        riskScoreSum = c.lenient(.riskScoreSum)
        hostnames = c.lenient(.hostnames)
        interfaces = c.lenient(.interfaces)
        products = c.lenient(.products)
        properties = c.lenient(.properties)
        users = c.lenient(.users)
    }
}

/// When scanners and the profiler first and last saw an asset component (epoch ms).
public struct AssetSightings: Codable, Sendable, Hashable {
    public var created: Int64?
    public var firstSeenScanner: Int64?
    public var firstSeenProfiler: Int64?
    public var lastSeenScanner: Int64?
    public var lastSeenProfiler: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case created
        case firstSeenScanner = "first_seen_scanner"
        case firstSeenProfiler = "first_seen_profiler"
        case lastSeenScanner = "last_seen_scanner"
        case lastSeenProfiler = "last_seen_profiler"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        created = c.lenient(.created)
        firstSeenScanner = c.lenient(.firstSeenScanner)
        firstSeenProfiler = c.lenient(.firstSeenProfiler)
        lastSeenScanner = c.lenient(.lastSeenScanner)
        lastSeenProfiler = c.lenient(.lastSeenProfiler)
    }
}

public struct AssetHostname: Codable, Sendable, Hashable {
    public var id: Int?
    /// `DNS`, `NETBIOS` or `NETBIOSGROUP`.
    public var type: String?
    public var name: String?
    public var sightings: AssetSightings

    public init(id: Int? = nil, type: String? = nil, name: String? = nil, sightings: AssetSightings = AssetSightings()) {
        self.id = id
        self.type = type
        self.name = name
        self.sightings = sightings
    }

    enum CodingKeys: String, CodingKey { case id, type, name }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        type = c.lenient(.type)
        name = c.lenient(.name)
        sightings = try AssetSightings(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(name, forKey: .name)
        try sightings.encode(to: encoder)
    }
}

public struct AssetInterface: Codable, Sendable, Hashable {
    public var id: Int?
    public var macAddress: String?
    public var ipAddresses: [AssetIPAddress]?
    public var sightings: AssetSightings

    public init(id: Int? = nil, macAddress: String? = nil, ipAddresses: [AssetIPAddress]? = nil, sightings: AssetSightings = AssetSightings()) {
        self.id = id
        self.macAddress = macAddress
        self.ipAddresses = ipAddresses
        self.sightings = sightings
    }

    enum CodingKeys: String, CodingKey {
        case id
        case macAddress = "mac_address"
        case ipAddresses = "ip_addresses"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        macAddress = c.lenient(.macAddress)
        ipAddresses = c.lenient(.ipAddresses)
        sightings = try AssetSightings(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(macAddress, forKey: .macAddress)
        try c.encodeIfPresent(ipAddresses, forKey: .ipAddresses)
        try sightings.encode(to: encoder)
    }
}

public struct AssetIPAddress: Codable, Sendable, Hashable {
    public var id: Int?
    public var networkID: Int?
    public var value: String?
    /// `IPV4` or `IPV6`.
    public var type: String?
    public var sightings: AssetSightings

    public init(id: Int? = nil, networkID: Int? = nil, value: String? = nil, type: String? = nil, sightings: AssetSightings = AssetSightings()) {
        self.id = id
        self.networkID = networkID
        self.value = value
        self.type = type
        self.sightings = sightings
    }

    enum CodingKeys: String, CodingKey {
        case id, value, type
        case networkID = "network_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        networkID = c.lenient(.networkID)
        value = c.lenient(.value)
        type = c.lenient(.type)
        sightings = try AssetSightings(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(networkID, forKey: .networkID)
        try c.encodeIfPresent(value, forKey: .value)
        try c.encodeIfPresent(type, forKey: .type)
        try sightings.encode(to: encoder)
    }
}

public struct AssetProduct: Codable, Sendable, Hashable {
    public var id: Int?
    public var productVariantID: Int?
    public var vendor: String?
    public var name: String?
    public var version: String?

    public init(id: Int? = nil, productVariantID: Int? = nil, vendor: String? = nil, name: String? = nil, version: String? = nil) {
        self.id = id
        self.productVariantID = productVariantID
        self.vendor = vendor
        self.name = name
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case id, vendor, name, version
        case productVariantID = "product_variant_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        productVariantID = c.lenient(.productVariantID)
        vendor = c.lenient(.vendor)
        name = c.lenient(.name)
        version = c.lenientText(.version)
    }
}

public struct AssetProperty: Codable, Sendable, Hashable {
    public var id: Int?
    public var typeID: Int?
    public var name: String?
    public var value: String?
    public var lastReportedBy: String?
    public var lastReported: Int64?

    public init(
        id: Int? = nil, typeID: Int? = nil, name: String? = nil, value: String? = nil, lastReportedBy: String? = nil,
        lastReported: Int64? = nil
    ) {
        self.id = id
        self.typeID = typeID
        self.name = name
        self.value = value
        self.lastReportedBy = lastReportedBy
        self.lastReported = lastReported
    }

    enum CodingKeys: String, CodingKey {
        case id, name, value
        case typeID = "type_id"
        case lastReportedBy = "last_reported_by"
        case lastReported = "last_reported"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        typeID = c.lenient(.typeID)
        name = c.lenient(.name)
        value = c.lenientText(.value)
        lastReportedBy = c.lenient(.lastReportedBy)
        lastReported = c.lenient(.lastReported)
    }
}

public struct AssetUser: Codable, Sendable, Hashable {
    public var id: Int?
    public var username: String?
    public var sightings: AssetSightings

    public init(id: Int? = nil, username: String? = nil, sightings: AssetSightings = AssetSightings()) {
        self.id = id
        self.username = username
        self.sightings = sightings
    }

    enum CodingKeys: String, CodingKey { case id, username }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        username = c.lenient(.username)
        sightings = try AssetSightings(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(username, forKey: .username)
        try sightings.encode(to: encoder)
    }
}
