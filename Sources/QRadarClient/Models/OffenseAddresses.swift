/// A source address of offenses (`GET /siem/source_addresses`, QRADAR.md §2.7).
public struct SourceAddress: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    public var sourceIP: String?
    public var magnitude: Int?
    public var network: String?
    public var offenseIDs: [Int]?
    public var localDestinationAddressIDs: [Int]?
    public var eventFlowCount: Int?
    public var firstEventFlowSeen: Int64?
    public var lastEventFlowSeen: Int64?
    public var domainID: Int?

    public init(id: Int, sourceIP: String? = nil) {
        self.id = id
        self.sourceIP = sourceIP
    }

    enum CodingKeys: String, CodingKey {
        case id, magnitude, network
        case sourceIP = "source_ip"
        case offenseIDs = "offense_ids"
        case localDestinationAddressIDs = "local_destination_address_ids"
        case eventFlowCount = "event_flow_count"
        case firstEventFlowSeen = "first_event_flow_seen"
        case lastEventFlowSeen = "last_event_flow_seen"
        case domainID = "domain_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        sourceIP = c.lenient(.sourceIP)
        magnitude = c.lenient(.magnitude)
        network = c.lenient(.network)
        offenseIDs = c.lenient(.offenseIDs)
        localDestinationAddressIDs = c.lenient(.localDestinationAddressIDs)
        eventFlowCount = c.lenient(.eventFlowCount)
        firstEventFlowSeen = c.lenient(.firstEventFlowSeen)
        lastEventFlowSeen = c.lenient(.lastEventFlowSeen)
        domainID = c.lenient(.domainID)
    }
}

/// A local destination address of offenses (`GET /siem/local_destination_addresses`, QRADAR.md §2.7).
public struct LocalDestinationAddress: Codable, Sendable, Hashable, Identifiable {
    public var id: Int
    public var localDestinationIP: String?
    public var magnitude: Int?
    public var network: String?
    public var offenseIDs: [Int]?
    public var sourceAddressIDs: [Int]?
    public var eventFlowCount: Int?
    public var firstEventFlowSeen: Int64?
    public var lastEventFlowSeen: Int64?
    public var domainID: Int?

    public init(id: Int, localDestinationIP: String? = nil) {
        self.id = id
        self.localDestinationIP = localDestinationIP
    }

    enum CodingKeys: String, CodingKey {
        case id, magnitude, network
        case localDestinationIP = "local_destination_ip"
        case offenseIDs = "offense_ids"
        case sourceAddressIDs = "source_address_ids"
        case eventFlowCount = "event_flow_count"
        case firstEventFlowSeen = "first_event_flow_seen"
        case lastEventFlowSeen = "last_event_flow_seen"
        case domainID = "domain_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        localDestinationIP = c.lenient(.localDestinationIP)
        magnitude = c.lenient(.magnitude)
        network = c.lenient(.network)
        offenseIDs = c.lenient(.offenseIDs)
        sourceAddressIDs = c.lenient(.sourceAddressIDs)
        eventFlowCount = c.lenient(.eventFlowCount)
        firstEventFlowSeen = c.lenient(.firstEventFlowSeen)
        lastEventFlowSeen = c.lenient(.lastEventFlowSeen)
        domainID = c.lenient(.domainID)
    }
}
