import VigilCore

/// A log source as an offense lists it.
struct OffenseLogSource: Codable, Sendable, Hashable {
    var id: Int64
    var name: String
    var typeID: Int64
    var typeName: String
}

/// An offense (QRADAR.md §2.1), created and extended by the Custom Rules Engine.
struct Offense: Codable, Sendable {
    var id: Int64
    var description: String
    var assignedTo: String?
    /// Low-level category ids in the order first seen.
    var categoryIDs: [Int64]
    var categories: [String]
    var policyCategoryCount: Int64
    var securityCategoryCount: Int64
    var closeTime: Int64?
    var closingUser: String?
    var closingReasonID: Int64?
    var credibility: Int64
    var relevance: Int64
    var severity: Int64
    var magnitude: Int64
    var destinationNetworks: [String]
    var sourceNetwork: String
    var eventCount: Int64
    var flowCount: Int64
    var inactive: Bool
    var lastUpdatedTime: Int64
    var lastPersistedTime: Int64
    var firstPersistedTime: Int64
    var startTime: Int64
    var localDestinationAddressIDs: [Int64]
    var sourceAddressIDs: [Int64]
    var remoteDestinations: Set<String>
    var usernames: Set<String>
    var deviceIDs: Set<Int64>
    var offenseSource: String
    var offenseType: Int64
    var protected: Bool
    var followUp: Bool
    var status: String
    var domainID: Int64
    var ruleIDs: [Int64]
    var logSources: [OffenseLogSource]
    /// Peak contributing severity/credibility/relevance before rule adjustments.
    var baseSeverity: Int64
    var baseCredibility: Int64
    var baseRelevance: Int64

    /// QRadar describes magnitude as derived from relevance, severity and credibility; the weights here
    /// (relevance 5, severity 3, credibility 2, out of 10) are the emulator's, not IBM's published formula.
    static func magnitude(severity: Int64, credibility: Int64, relevance: Int64) -> Int64 {
        let m = (relevance * 5 + severity * 3 + credibility * 2 + 5) / 10
        return min(10, max(0, m))
    }

    var json: JSONValue {
        [
            "id": .int(id),
            "description": .string(description),
            "assigned_to": .optional(assignedTo),
            "categories": .array(categories.map(JSONValue.string)),
            "category_count": .int(Int64(categories.count)),
            "policy_category_count": .int(policyCategoryCount),
            "security_category_count": .int(securityCategoryCount),
            "close_time": .optional(closeTime),
            "closing_user": .optional(closingUser),
            "closing_reason_id": .optional(closingReasonID),
            "credibility": .int(credibility),
            "relevance": .int(relevance),
            "severity": .int(severity),
            "magnitude": .int(magnitude),
            "destination_networks": .array(destinationNetworks.map(JSONValue.string)),
            "source_network": .string(sourceNetwork),
            "device_count": .int(Int64(deviceIDs.count)),
            "event_count": .int(eventCount),
            "flow_count": .int(flowCount),
            "inactive": .bool(inactive),
            "last_updated_time": .int(lastUpdatedTime),
            "last_persisted_time": .int(lastPersistedTime),
            "first_persisted_time": .int(firstPersistedTime),
            "local_destination_count": .int(Int64(localDestinationAddressIDs.count)),
            "offense_source": .string(offenseSource),
            "offense_type": .int(offenseType),
            "protected": .bool(protected),
            "follow_up": .bool(followUp),
            "remote_destination_count": .int(Int64(remoteDestinations.count)),
            "source_count": .int(Int64(sourceAddressIDs.count)),
            "start_time": .int(startTime),
            "status": .string(status),
            "username_count": .int(Int64(usernames.count)),
            "source_address_ids": .array(sourceAddressIDs.map(JSONValue.int)),
            "local_destination_address_ids": .array(localDestinationAddressIDs.map(JSONValue.int)),
            "domain_id": .int(domainID),
            "rules": .array(ruleIDs.map { ["id": .int($0), "type": "CRE_RULE"] }),
            "log_sources": .array(logSources.map {
                ["id": .int($0.id), "name": .string($0.name), "type_id": .int($0.typeID), "type_name": .string($0.typeName)]
            }),
        ]
    }
}

/// A note on an offense (§2.4). Ids are global and increasing.
struct OffenseNote: Codable, Sendable {
    var id: Int64
    var offenseID: Int64
    var createTime: Int64
    var username: String
    var noteText: String

    var json: JSONValue {
        ["id": .int(id), "create_time": .int(createTime), "username": .string(username), "note_text": .string(noteText)]
    }
}

/// A closing reason (§2.5).
struct ClosingReason: Codable, Sendable {
    var id: Int64
    var text: String
    var isDeleted: Bool
    var isReserved: Bool

    var json: JSONValue {
        ["id": .int(id), "text": .string(text), "is_deleted": .bool(isDeleted), "is_reserved": .bool(isReserved)]
    }

    /// Stock reasons: 1–3 as observed on real consoles; the reserved system reasons' names and ids are the
    /// emulator's (IBM's were not verified).
    static let stock: [ClosingReason] = [
        ClosingReason(id: 1, text: "Non-Issue", isDeleted: false, isReserved: false),
        ClosingReason(id: 2, text: "False-Positive, Tuned", isDeleted: false, isReserved: false),
        ClosingReason(id: 3, text: "Policy Violation", isDeleted: false, isReserved: false),
        ClosingReason(id: 4, text: "System Closed: Offense Retention Expired", isDeleted: false, isReserved: true),
        ClosingReason(id: 5, text: "System Closed: Offense Merged", isDeleted: false, isReserved: true),
    ]
}

/// An offense type (§2.6): the property an offense is indexed on.
struct OffenseType: Codable, Sendable {
    var id: Int64
    var name: String
    var propertyName: String
    var databaseType: String
    var custom: Bool

    var json: JSONValue {
        ["id": .int(id), "name": .string(name), "property_name": .string(propertyName),
         "database_type": .string(databaseType), "custom": .bool(custom)]
    }

    /// Stock types. Confirmed from real data: 0 Source IP (`sourceIP`, COMMON), 3 Username, 7 Hostname
    /// (`hostName`, EVENTS). The rest of the list (ids, names, property names) is the emulator's plausible
    /// reconstruction of QRadar's "Index offense based on" choices.
    static let stock: [OffenseType] = [
        OffenseType(id: 0, name: "Source IP", propertyName: "sourceIP", databaseType: "COMMON", custom: false),
        OffenseType(id: 1, name: "Destination IP", propertyName: "destinationIP", databaseType: "COMMON", custom: false),
        OffenseType(id: 2, name: "Event Name", propertyName: "qid", databaseType: "EVENTS", custom: false),
        OffenseType(id: 3, name: "Username", propertyName: "userName", databaseType: "EVENTS", custom: false),
        OffenseType(id: 4, name: "Source MAC Address", propertyName: "sourceMAC", databaseType: "EVENTS", custom: false),
        OffenseType(id: 5, name: "Destination MAC Address", propertyName: "destinationMAC", databaseType: "EVENTS", custom: false),
        OffenseType(id: 6, name: "Log Source", propertyName: "deviceId", databaseType: "EVENTS", custom: false),
        OffenseType(id: 7, name: "Hostname", propertyName: "hostName", databaseType: "EVENTS", custom: false),
        OffenseType(id: 8, name: "Source Port", propertyName: "sourcePort", databaseType: "COMMON", custom: false),
        OffenseType(id: 9, name: "Destination Port", propertyName: "destinationPort", databaseType: "COMMON", custom: false),
        OffenseType(id: 10, name: "Source IPv6", propertyName: "sourceIPv6", databaseType: "COMMON", custom: false),
        OffenseType(id: 11, name: "Destination IPv6", propertyName: "destinationIPv6", databaseType: "COMMON", custom: false),
        OffenseType(id: 12, name: "Source ASN", propertyName: "sourceASN", databaseType: "FLOWS", custom: false),
        OffenseType(id: 13, name: "Destination ASN", propertyName: "destinationASN", databaseType: "FLOWS", custom: false),
        OffenseType(id: 14, name: "Rule", propertyName: "ruleId", databaseType: "COMMON", custom: false),
        OffenseType(id: 15, name: "App Id", propertyName: "appId", databaseType: "FLOWS", custom: false),
        OffenseType(id: 18, name: "Scheduled Search", propertyName: "searchId", databaseType: "COMMON", custom: false),
    ]

    /// The stock type for a rule's index property (lower-cased AQL field name), nil for custom properties.
    static func stockID(forIndexProperty p: String) -> Int64? {
        switch p.lowercased() {
        case "sourceip", "sourceaddress": return 0
        case "destinationip", "destinationaddress": return 1
        case "qid", "eventname", "qidname": return 2
        case "username": return 3
        case "sourcemac": return 4
        case "destinationmac": return 5
        case "logsourceid", "logsource", "logsourcename": return 6
        case "hostname", "identityhostname": return 7
        case "sourceport": return 8
        case "destinationport": return 9
        case "sourcev6": return 10
        case "destinationv6": return 11
        case "applicationid": return 15
        default: return nil
        }
    }
}

/// `/siem/source_addresses` (§2.7).
struct SourceAddress: Codable, Sendable {
    var id: Int64
    var ip: String
    var magnitude: Int64
    var network: String
    var offenseIDs: [Int64]
    var localDestinationAddressIDs: [Int64]
    var eventFlowCount: Int64
    var firstSeen: Int64
    var lastSeen: Int64

    var json: JSONValue {
        ["id": .int(id), "source_ip": .string(ip), "magnitude": .int(magnitude), "network": .string(network),
         "offense_ids": .array(offenseIDs.map(JSONValue.int)),
         "local_destination_address_ids": .array(localDestinationAddressIDs.map(JSONValue.int)),
         "event_flow_count": .int(eventFlowCount), "first_event_flow_seen": .int(firstSeen),
         "last_event_flow_seen": .int(lastSeen), "domain_id": 0]
    }
}

/// `/siem/local_destination_addresses` (§2.7).
struct LocalDestinationAddress: Codable, Sendable {
    var id: Int64
    var ip: String
    var magnitude: Int64
    var network: String
    var offenseIDs: [Int64]
    var sourceAddressIDs: [Int64]
    var eventFlowCount: Int64
    var firstSeen: Int64
    var lastSeen: Int64

    var json: JSONValue {
        ["id": .int(id), "local_destination_ip": .string(ip), "magnitude": .int(magnitude), "network": .string(network),
         "offense_ids": .array(offenseIDs.map(JSONValue.int)),
         "source_address_ids": .array(sourceAddressIDs.map(JSONValue.int)),
         "event_flow_count": .int(eventFlowCount), "first_event_flow_seen": .int(firstSeen),
         "last_event_flow_seen": .int(lastSeen), "domain_id": 0]
    }
}
