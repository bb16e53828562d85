/// One field of an Ariel database.
public struct AQLField: Sendable, Hashable {
    /// Canonical spelling (`sourceIP`, `"File Hash"` → `File Hash`).
    public var name: String
    public var type: AQLType
    /// True for custom properties (referenced by display name in double quotes).
    public var isCustom: Bool

    public init(_ name: String, _ type: AQLType, isCustom: Bool = false) {
        self.name = name
        self.type = type
        self.isCustom = isCustom
    }
}

/// The fields of one Ariel database, looked up case-insensitively, plus configurable custom properties.
public struct AQLFieldCatalogue: Sendable, Hashable {
    /// `events`, `flows`, `simarc`.
    public let database: String
    private var byName: [String: AQLField]
    /// Field names in catalogue order.
    public private(set) var names: [String]
    /// An open catalogue accepts any field name (used for databases whose columns are not listed).
    public var isOpen: Bool

    public init(database: String, fields: [AQLField], isOpen: Bool = false) {
        self.database = database.lowercased()
        self.byName = [:]
        self.names = []
        self.isOpen = isOpen
        for f in fields { add(f) }
    }

    /// Adds (or replaces) a field.
    public mutating func add(_ field: AQLField) {
        let key = field.name.lowercased()
        if byName[key] == nil { names.append(field.name) }
        byName[key] = field
    }

    /// Adds a custom property by display name.
    public mutating func addCustomProperty(_ name: String, type: AQLType = .string) {
        add(AQLField(name, type, isCustom: true))
    }

    /// A copy with extra custom properties.
    public func adding(customProperties: [String], type: AQLType = .string) -> AQLFieldCatalogue {
        var copy = self
        for p in customProperties { copy.addCustomProperty(p, type: type) }
        return copy
    }

    /// The field for a name, case-insensitively.
    public func field(named name: String) -> AQLField? {
        byName[name] ?? byName[name.lowercased()]
    }

    /// Every field in catalogue order.
    public var fields: [AQLField] { names.compactMap { byName[$0.lowercased()] } }

    /// The standard catalogue for a database name, if known.
    public static func standard(for database: String) -> AQLFieldCatalogue? {
        switch database.lowercased() {
        case "events": return events
        case "flows": return flows
        case "simarc": return simarc
        default: return nil
        }
    }

    /// QRadar's event fields (IBM "Event, flow, and simarc fields for AQL queries" plus the built-ins a
    /// 7.5/7.6 console lists).
    public static let events = AQLFieldCatalogue(database: "events", fields: [
        AQLField("adekey", .string), AQLField("adevalue", .string),
        AQLField("category", .long), AQLField("creEventList", .array), AQLField("credibility", .long),
        AQLField("destinationMAC", .string), AQLField("destinationPort", .long), AQLField("destinationv6", .ip),
        AQLField("destinationaddress", .ip), AQLField("destinationIP", .ip), AQLField("sourceaddress", .ip),
        AQLField("deviceTime", .time), AQLField("deviceType", .long), AQLField("devicegrouplist", .array),
        AQLField("domainID", .long), AQLField("duration", .long), AQLField("endTime", .time),
        AQLField("eventCount", .long), AQLField("eventDirection", .string),
        AQLField("geographiclocation", .string), AQLField("sourcegeographiclocation", .string),
        AQLField("destinationgeographiclocation", .string),
        AQLField("hasIdentity", .bool), AQLField("hasOffense", .bool), AQLField("highLevelCategory", .long),
        AQLField("identityhostname", .string), AQLField("identityip", .ip), AQLField("identityusername", .string),
        AQLField("isduplicate", .bool), AQLField("isCREEvent", .bool), AQLField("logsourceid", .long),
        AQLField("magnitude", .long), AQLField("pcappacket", .binary), AQLField("partialMatchList", .array),
        AQLField("partialorMatchList", .array), AQLField("payload", .binary),
        AQLField("postNatDestinationIP", .ip), AQLField("postNatDestinationPort", .long),
        AQLField("postNatSourceIP", .ip), AQLField("postNatSourcePort", .long),
        AQLField("preNatDestinationIP", .ip), AQLField("preNatDestinationPort", .long),
        AQLField("preNatSourceIP", .ip), AQLField("preNatSourcePort", .long),
        AQLField("protocolid", .long), AQLField("qid", .long), AQLField("relevance", .long),
        AQLField("severity", .long), AQLField("sourceIP", .ip), AQLField("sourceMAC", .string),
        AQLField("sourcePort", .long), AQLField("sourcev6", .ip), AQLField("startTime", .time),
        AQLField("userName", .string),
        AQLField("collectorid", .long), AQLField("hastlv", .bool), AQLField("islogonly", .bool),
        AQLField("istruncated", .bool), AQLField("isunparsed", .bool), AQLField("logsourceidentifier", .string),
        AQLField("processorid", .long), AQLField("protocolconfigid", .long), AQLField("qideventcategory", .string),
        AQLField("qideventid", .string), AQLField("storedforperformance", .bool), AQLField("tlvs", .string),
    ])

    /// QRadar's flow fields (the columns real clients select from consoles).
    public static let flows = AQLFieldCatalogue(database: "flows", fields: [
        AQLField("applicationid", .long), AQLField("category", .long), AQLField("credibility", .long),
        AQLField("destinationasn", .string), AQLField("destinationbytes", .long), AQLField("destinationdscp", .long),
        AQLField("destinationflags", .string), AQLField("destinationifindex", .long), AQLField("destinationip", .ip),
        AQLField("destinationpackets", .long), AQLField("destinationpayload", .binary), AQLField("destinationport", .long),
        AQLField("destinationprecedence", .long), AQLField("destinationv6", .ip), AQLField("domainid", .long),
        AQLField("firstpackettime", .time), AQLField("lastpackettime", .time), AQLField("starttime", .time),
        AQLField("endtime", .time), AQLField("flowbias", .string), AQLField("flowdirection", .string),
        AQLField("flowid", .long), AQLField("flowinterface", .string), AQLField("flowinterfaceid", .long),
        AQLField("flowsource", .string), AQLField("flowtype", .long), AQLField("fullmatchlist", .array),
        AQLField("partialmatchlist", .array), AQLField("partialormatchlist", .array), AQLField("geographic", .string),
        AQLField("hasdestinationpayload", .bool), AQLField("hassourcepayload", .bool), AQLField("hasoffense", .bool),
        AQLField("hastlv", .bool), AQLField("icmpcode", .long), AQLField("icmptype", .long), AQLField("intervalid", .long),
        AQLField("isduplicate", .bool), AQLField("processorid", .long), AQLField("protocolid", .long), AQLField("qid", .long),
        AQLField("relevance", .long), AQLField("retentionbucket", .string), AQLField("severity", .long),
        AQLField("sourceasn", .string), AQLField("sourcebytes", .long), AQLField("sourcedscp", .long),
        AQLField("sourceflags", .string), AQLField("sourceifindex", .long), AQLField("sourceip", .ip),
        AQLField("sourcepackets", .long), AQLField("sourcepayload", .binary), AQLField("sourceport", .long),
        AQLField("sourceprecedence", .long), AQLField("sourcev6", .ip), AQLField("tlvs", .string),
        AQLField("viewobjectpair", .string),
    ])

    /// The simulated-arc database (Risk Manager); its columns are not catalogued, so any name is accepted.
    public static let simarc = AQLFieldCatalogue(database: "simarc", fields: [], isOpen: true)
}
