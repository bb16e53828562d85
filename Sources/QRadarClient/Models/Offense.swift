/// A QRadar offense as returned by `GET /siem/offenses` (QRADAR.md §2.1). Times are epoch milliseconds.
///
/// Every field but `id` is optional: `fields=` projections omit fields and QRadar versions differ.
public struct Offense: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    public var description: String?
    public var assignedTo: String?
    public var categories: [String]?
    public var categoryCount: Int?
    public var policyCategoryCount: Int?
    public var securityCategoryCount: Int?
    public var closeTime: Int64?
    public var closingUser: String?
    public var closingReasonID: Int?
    public var credibility: Int?
    public var relevance: Int?
    public var severity: Int?
    public var magnitude: Int?
    public var destinationNetworks: [String]?
    public var sourceNetwork: String?
    public var deviceCount: Int?
    public var eventCount: Int?
    public var flowCount: Int?
    public var inactive: Bool?
    public var lastUpdatedTime: Int64?
    public var lastPersistedTime: Int64?
    public var firstPersistedTime: Int64?
    public var localDestinationCount: Int?
    public var offenseSource: String?
    public var offenseType: Int?
    public var isProtected: Bool?
    public var followUp: Bool?
    public var remoteDestinationCount: Int?
    public var sourceCount: Int?
    public var startTime: Int64?
    public var status: OffenseStatus?
    public var usernameCount: Int?
    public var sourceAddressIDs: [Int]?
    public var localDestinationAddressIDs: [Int]?
    public var domainID: Int?
    public var rules: [OffenseRule]?
    public var logSources: [OffenseLogSource]?

    /// An offense with only its id; set other fields as needed.
    public init(id: Int) { self.id = id }

    enum CodingKeys: String, CodingKey {
        case id, description, categories, credibility, relevance, severity, magnitude, inactive, status, rules
        case assignedTo = "assigned_to"
        case categoryCount = "category_count"
        case policyCategoryCount = "policy_category_count"
        case securityCategoryCount = "security_category_count"
        case closeTime = "close_time"
        case closingUser = "closing_user"
        case closingReasonID = "closing_reason_id"
        case destinationNetworks = "destination_networks"
        case sourceNetwork = "source_network"
        case deviceCount = "device_count"
        case eventCount = "event_count"
        case flowCount = "flow_count"
        case lastUpdatedTime = "last_updated_time"
        case lastPersistedTime = "last_persisted_time"
        case firstPersistedTime = "first_persisted_time"
        case localDestinationCount = "local_destination_count"
        case offenseSource = "offense_source"
        case offenseType = "offense_type"
        case isProtected = "protected"
        case followUp = "follow_up"
        case remoteDestinationCount = "remote_destination_count"
        case sourceCount = "source_count"
        case startTime = "start_time"
        case usernameCount = "username_count"
        case sourceAddressIDs = "source_address_ids"
        case localDestinationAddressIDs = "local_destination_address_ids"
        case domainID = "domain_id"
        case logSources = "log_sources"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        description = c.lenient(.description)
        assignedTo = c.lenient(.assignedTo)
        categories = c.lenient(.categories)
        categoryCount = c.lenient(.categoryCount)
        policyCategoryCount = c.lenient(.policyCategoryCount)
        securityCategoryCount = c.lenient(.securityCategoryCount)
        closeTime = c.lenient(.closeTime)
        closingUser = c.lenient(.closingUser)
        closingReasonID = c.lenient(.closingReasonID)
        credibility = c.lenient(.credibility)
        relevance = c.lenient(.relevance)
        severity = c.lenient(.severity)
        magnitude = c.lenient(.magnitude)
        destinationNetworks = c.lenient(.destinationNetworks)
        sourceNetwork = c.lenient(.sourceNetwork)
        deviceCount = c.lenient(.deviceCount)
        eventCount = c.lenient(.eventCount)
        flowCount = c.lenient(.flowCount)
        inactive = c.lenient(.inactive)
        lastUpdatedTime = c.lenient(.lastUpdatedTime)
        lastPersistedTime = c.lenient(.lastPersistedTime)
        firstPersistedTime = c.lenient(.firstPersistedTime)
        localDestinationCount = c.lenient(.localDestinationCount)
        offenseSource = c.lenientText(.offenseSource)
        offenseType = c.lenient(.offenseType)
        isProtected = c.lenient(.isProtected)
        followUp = c.lenient(.followUp)
        remoteDestinationCount = c.lenient(.remoteDestinationCount)
        sourceCount = c.lenient(.sourceCount)
        startTime = c.lenient(.startTime)
        status = c.lenient(.status)
        usernameCount = c.lenient(.usernameCount)
        sourceAddressIDs = c.lenient(.sourceAddressIDs)
        localDestinationAddressIDs = c.lenient(.localDestinationAddressIDs)
        domainID = c.lenient(.domainID)
        rules = c.lenient(.rules)
        logSources = c.lenient(.logSources)
    }
}

/// `OPEN`, `HIDDEN` or `CLOSED`.
public struct OffenseStatus: QRadarStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let open: OffenseStatus = "OPEN"
    public static let hidden: OffenseStatus = "HIDDEN"
    public static let closed: OffenseStatus = "CLOSED"
}

/// A rule that contributed to an offense.
public struct OffenseRule: Codable, Sendable, Hashable {
    public var id: Int?
    /// `ADE_RULE`, `BUILDING_BLOCK_RULE` or `CRE_RULE`.
    public var type: String?

    public init(id: Int?, type: String?) {
        self.id = id
        self.type = type
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        type = c.lenient(.type)
    }
}

/// A log source that contributed to an offense.
public struct OffenseLogSource: Codable, Sendable, Hashable {
    public var id: Int?
    public var name: String?
    public var typeID: Int?
    public var typeName: String?

    public init(id: Int?, name: String?, typeID: Int?, typeName: String?) {
        self.id = id
        self.name = name
        self.typeID = typeID
        self.typeName = typeName
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case typeID = "type_id"
        case typeName = "type_name"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(.id)
        name = c.lenient(.name)
        typeID = c.lenient(.typeID)
        typeName = c.lenient(.typeName)
    }
}
