import VigilCore
import AQL

/// One column of an Ariel database as the emulator stores and describes it.
struct ArielColumnSpec: Sendable {
    /// Where a column's values come from.
    enum Storage: Sendable, Hashable {
        /// A 64-bit integer slot (`Int64.min` is null).
        case long(Int)
        /// A 0/1 integer slot read as a boolean.
        case bool(Int)
        /// An interned-text slot.
        case text(Int)
        /// A packed-bytes slot (payloads).
        case bytes(Int)
        /// The rules that matched the row (`creEventList`).
        case ruleList
        /// The offenses the row contributed to (hidden; behind `INOFFENSE`).
        case offenseList
        /// `hasOffense`: whether the row contributed to an offense.
        case hasOffense
        /// `endTime - startTime`.
        case duration
        /// Whether a text slot is set (`hasIdentity`).
        case textIsSet(Int)
        /// Whether a bytes slot is set (`hasSourcePayload`).
        case bytesIsSet(Int)
        /// The same value for every row (fields the emulator does not model, with QRadar's defaults).
        case constant(AQLValue)
        /// The device event id of the row's QID (`qideventid`), from the QID map.
        case qidEventID
        /// The device event category of the row's QID (`qideventcategory`), from the QID map.
        case qidEventCategory
    }

    /// The canonical spelling (used for `SELECT *` and `/ariel/databases/{name}`).
    let name: String
    let storage: Storage
    /// QRadar's `object_value_type` (Long, Integer, Host, Port, String, Boolean, …).
    let valueType: String
    let indexable: Bool
    let nullable: Bool
    /// Hidden columns resolve by name but are not listed.
    let hidden: Bool

    init(_ name: String, _ storage: Storage, _ valueType: String, indexable: Bool = false, nullable: Bool = true, hidden: Bool = false) {
        self.name = name
        self.storage = storage
        self.valueType = valueType
        self.indexable = indexable
        self.nullable = nullable
        self.hidden = hidden
    }

    /// The `/ariel/databases/{name}` column object.
    var json: JSONValue {
        [
            "argument_type": .string(argumentType),
            "indexable": .bool(indexable),
            "name": .string(name),
            "nullable": .bool(nullable),
            "object_value_type": .string(valueType),
            "provider_name": "ariel",
        ]
    }

    private var argumentType: String {
        switch valueType {
        case "Long", "Integer", "Short", "Byte", "UnsignedInt", "UnsignedShort", "UnsignedByte", "Port", "BigInteger": return "NUMERIC"
        case "Host", "HostV4V6", "HostV6": return "IP"
        case "Boolean": return "BOOLEAN"
        case "Binary", "ByteArray": return "BINARY"
        case "STRUCT": return "ARRAY"
        default: return "STRING"
        }
    }
}

/// The column layout of the events or flows database.
struct ArielSchema: Sendable {
    let database: String
    let columns: [ArielColumnSpec]
    /// Lower-cased name (and accepted synonym) → column index.
    let index: [String: Int]
    let longCount: Int
    let textCount: Int
    let bytesCount: Int
    /// The long slot holding `starttime`.
    let startTimeSlot: Int
    /// The long slot holding the QID (for columns derived from the QID map).
    let qidSlot: Int
    /// Custom properties a stock QRadar console defines out of the box (DSM content), queryable even before any
    /// event carries them — third-party clients such as stix-shifter select them by default.
    var stockProperties: [String] = []

    init(database: String, columns: [ArielColumnSpec], synonyms: [String: String], startTimeSlot: Int, stockProperties: [String] = []) {
        self.stockProperties = stockProperties
        self.database = database
        self.columns = columns
        var index: [String: Int] = [:]
        var longs = 0, texts = 0, bytes = 0
        for (i, c) in columns.enumerated() {
            index[c.name.lowercased()] = i
            switch c.storage {
            case .long(let s), .bool(let s): longs = max(longs, s + 1)
            case .text(let s): texts = max(texts, s + 1)
            case .bytes(let s): bytes = max(bytes, s + 1)
            default: break
            }
        }
        for (alias, target) in synonyms {
            if let i = index[target.lowercased()] { index[alias.lowercased()] = i }
        }
        self.index = index
        self.longCount = longs
        self.textCount = texts
        self.bytesCount = bytes
        self.startTimeSlot = startTimeSlot
        var qid = -1
        if let i = index["qid"], case .long(let slot) = columns[i].storage { qid = slot }
        self.qidSlot = qid
    }

    /// Names for `SELECT *`.
    var visibleNames: [String] { columns.filter { !$0.hidden }.map(\.name) }

    /// The spec of a column by name, case-insensitively.
    func column(named name: String) -> ArielColumnSpec? {
        index[name.lowercased()].map { columns[$0] }
    }

    /// The long slot of a named stored column.
    func longSlot(_ name: String) -> Int? {
        guard let c = column(named: name) else { return nil }
        switch c.storage {
        case .long(let s), .bool(let s): return s
        default: return nil
        }
    }

    /// The text slot of a named stored column.
    func textSlot(_ name: String) -> Int? {
        guard let c = column(named: name), case .text(let s) = c.storage else { return nil }
        return s
    }
}

/// Slots of the events database.
enum EV {
    static let startTime = 0, endTime = 1, deviceTime = 2, qid = 3, logSourceID = 4, deviceType = 5, category = 6
    static let highLevelCategory = 7, magnitude = 8, severity = 9, credibility = 10, relevance = 11, protocolID = 12
    static let eventCount = 13, domainID = 14, sourcePort = 15, destinationPort = 16, isCREEvent = 17
    // text
    static let username = 0, sourceIP = 1, destinationIP = 2, eventDirection = 3, identityIP = 4, sourceMAC = 5
    static let destinationMAC = 6, identityHostName = 7
    // bytes
    static let payload = 0
}

/// Slots of the flows database.
enum FL {
    static let startTime = 0, endTime = 1, firstPacketTime = 2, lastPacketTime = 3, qid = 4, protocolID = 5
    static let sourcePort = 6, destinationPort = 7, sourceBytes = 8, destinationBytes = 9, sourcePackets = 10
    static let destinationPackets = 11, applicationID = 12, flowID = 13, flowType = 14, category = 15
    static let credibility = 16, relevance = 17, severity = 18, domainID = 19, magnitude = 20, icmpType = 21
    static let icmpCode = 22, sourceDSCP = 23, destinationDSCP = 24, sourceFlags = 25, destinationFlags = 26
    static let highLevelCategory = 27
    // text
    static let sourceIP = 0, destinationIP = 1, flowDirection = 2, geographic = 3, flowSource = 4, flowInterface = 5
    static let flowBias = 6
    // bytes
    static let sourcePayload = 0, destinationPayload = 1
}

extension ArielSchema {
    /// QRadar's events fields (QRADAR.md §4.5), spelled as IBM's field table spells them.
    static let events = ArielSchema(
        database: "events",
        columns: [
            .init("startTime", .long(EV.startTime), "Long", indexable: true, nullable: false),
            .init("endTime", .long(EV.endTime), "Long", nullable: false),
            .init("deviceTime", .long(EV.deviceTime), "Long"),
            .init("qid", .long(EV.qid), "Integer", indexable: true, nullable: false),
            .init("username", .text(EV.username), "String", indexable: true),
            .init("sourceip", .text(EV.sourceIP), "Host", indexable: true, nullable: false),
            .init("destinationip", .text(EV.destinationIP), "Host", indexable: true, nullable: false),
            .init("sourcePort", .long(EV.sourcePort), "Port", indexable: true),
            .init("destinationPort", .long(EV.destinationPort), "Port", indexable: true),
            .init("logsourceid", .long(EV.logSourceID), "Integer", indexable: true, nullable: false),
            .init("deviceType", .long(EV.deviceType), "Integer", indexable: true, nullable: false),
            .init("category", .long(EV.category), "Integer", indexable: true, nullable: false),
            .init("highLevelCategory", .long(EV.highLevelCategory), "Integer", indexable: true, nullable: false),
            .init("magnitude", .long(EV.magnitude), "Integer", nullable: false),
            .init("severity", .long(EV.severity), "Integer", nullable: false),
            .init("credibility", .long(EV.credibility), "Integer", nullable: false),
            .init("relevance", .long(EV.relevance), "Integer", nullable: false),
            .init("protocolid", .long(EV.protocolID), "Integer", indexable: true, nullable: false),
            .init("eventCount", .long(EV.eventCount), "Integer", nullable: false),
            .init("payload", .bytes(EV.payload), "Binary"),
            .init("eventDirection", .text(EV.eventDirection), "String", nullable: false),
            .init("hasOffense", .hasOffense, "Boolean", nullable: false),
            .init("domainID", .long(EV.domainID), "Integer", nullable: false),
            .init("creEventList", .ruleList, "STRUCT"),
            .init("identityip", .text(EV.identityIP), "Host"),
            .init("identityhostname", .text(EV.identityHostName), "String"),
            .init("hasIdentity", .textIsSet(EV.identityIP), "Boolean", nullable: false),
            .init("sourceMAC", .text(EV.sourceMAC), "MACAddress"),
            .init("destinationMAC", .text(EV.destinationMAC), "MACAddress"),
            .init("isCREEvent", .bool(EV.isCREEvent), "Boolean", nullable: false),
            .init("duration", .duration, "Long", nullable: false),
            .init("isduplicate", .constant(.bool(false)), "Boolean", nullable: false),
            .init("sourcev6", .constant(.string("0:0:0:0:0:0:0:0")), "HostV6"),
            .init("destinationv6", .constant(.string("0:0:0:0:0:0:0:0")), "HostV6"),
            .init("preNatSourceIP", .constant(.string("0.0.0.0")), "Host"),
            .init("preNatDestinationIP", .constant(.string("0.0.0.0")), "Host"),
            .init("postNatSourceIP", .constant(.string("0.0.0.0")), "Host"),
            .init("postNatDestinationIP", .constant(.string("0.0.0.0")), "Host"),
            .init("preNatSourcePort", .constant(.long(0)), "Port"),
            .init("preNatDestinationPort", .constant(.long(0)), "Port"),
            .init("postNatSourcePort", .constant(.long(0)), "Port"),
            .init("postNatDestinationPort", .constant(.long(0)), "Port"),
            .init("sourcegeographiclocation", .constant(.string("other")), "String"),
            .init("destinationgeographiclocation", .constant(.string("other")), "String"),
            .init("geographiclocation", .constant(.string("other")), "String"),
            .init("partialmatchlist", .constant(.null), "STRUCT"),
            .init("partialormatchlist", .constant(.null), "STRUCT"),
            .init("processorid", .constant(.long(8)), "Integer"),
            .init("collectorid", .constant(.long(8)), "Integer"),
            .init("isunparsed", .constant(.bool(false)), "Boolean", nullable: false),
            .init("istruncated", .constant(.bool(false)), "Boolean", nullable: false),
            .init("qideventid", .qidEventID, "String"),
            .init("qideventcategory", .qidEventCategory, "String"),
            .init("__offenseids", .offenseList, "STRUCT", hidden: true),
        ],
        // Synonyms QRadar accepts for the same data.
        synonyms: ["sourceaddress": "sourceip", "destinationaddress": "destinationip"],
        startTimeSlot: EV.startTime,
        stockProperties: [
            "URL", "URL Host", "Filename", "File Hash", "File Path", "MD5 Hash", "SHA1 Hash", "SHA256 Hash", "IMP Hash",
            "CRE Name", "CRE Description", "DNS Request Domain", "EventID", "Event ID", "Message", "ObjectName",
            "Process Path", "Process Name", "Process ID", "Process Guid", "Process CommandLine", "Parent Process Path",
            "Parent Process ID", "Parent Command", "Target Process Path", "Registry Key", "Registry Value Name",
            "Service Filename", "Machine Identifier", "Account Security ID", "Logon Type",
            // The Windows properties Vigil's default mapping selects (docs/INGESTION.md "Windows properties").
            "Parent Process CommandLine", "Target Username", "Group Name", "Service Name", "Service File Name", "Task Name",
            "Task Content", "Registry Value", "Access Mask", "Properties", "Ticket Encryption Type", "Ticket Options",
            "Status", "Granted Access", "Image Loaded", "Query Name", "Attribute Name", "Attribute Value",
        ]
    )

    /// QRadar's flows fields (QRADAR.md §4.6).
    static let flows = ArielSchema(
        database: "flows",
        columns: [
            .init("starttime", .long(FL.startTime), "Long", indexable: true, nullable: false),
            .init("endtime", .long(FL.endTime), "Long", nullable: false),
            .init("firstpackettime", .long(FL.firstPacketTime), "Long", nullable: false),
            .init("lastpackettime", .long(FL.lastPacketTime), "Long", nullable: false),
            .init("qid", .long(FL.qid), "Integer", indexable: true, nullable: false),
            .init("sourceip", .text(FL.sourceIP), "Host", indexable: true, nullable: false),
            .init("destinationip", .text(FL.destinationIP), "Host", indexable: true, nullable: false),
            .init("sourceport", .long(FL.sourcePort), "Port", indexable: true),
            .init("destinationport", .long(FL.destinationPort), "Port", indexable: true),
            .init("protocolid", .long(FL.protocolID), "Integer", indexable: true, nullable: false),
            .init("sourcebytes", .long(FL.sourceBytes), "Long", nullable: false),
            .init("destinationbytes", .long(FL.destinationBytes), "Long", nullable: false),
            .init("sourcepackets", .long(FL.sourcePackets), "Long", nullable: false),
            .init("destinationpackets", .long(FL.destinationPackets), "Long", nullable: false),
            .init("applicationid", .long(FL.applicationID), "Integer", indexable: true, nullable: false),
            .init("flowid", .long(FL.flowID), "Long", nullable: false),
            .init("flowtype", .long(FL.flowType), "Integer", nullable: false),
            .init("flowdirection", .text(FL.flowDirection), "String", nullable: false),
            .init("geographic", .text(FL.geographic), "String"),
            .init("flowsource", .text(FL.flowSource), "String"),
            .init("flowinterface", .text(FL.flowInterface), "String"),
            .init("flowbias", .text(FL.flowBias), "String"),
            .init("category", .long(FL.category), "Integer", indexable: true, nullable: false),
            .init("highlevelcategory", .long(FL.highLevelCategory), "Integer", nullable: false),
            .init("credibility", .long(FL.credibility), "Integer", nullable: false),
            .init("relevance", .long(FL.relevance), "Integer", nullable: false),
            .init("severity", .long(FL.severity), "Integer", nullable: false),
            .init("magnitude", .long(FL.magnitude), "Integer", nullable: false),
            .init("domainid", .long(FL.domainID), "Integer", nullable: false),
            .init("icmptype", .long(FL.icmpType), "Integer"),
            .init("icmpcode", .long(FL.icmpCode), "Integer"),
            .init("sourcedscp", .long(FL.sourceDSCP), "Integer"),
            .init("destinationdscp", .long(FL.destinationDSCP), "Integer"),
            .init("sourceflags", .long(FL.sourceFlags), "Integer"),
            .init("destinationflags", .long(FL.destinationFlags), "Integer"),
            .init("sourcepayload", .bytes(FL.sourcePayload), "Binary"),
            .init("destinationpayload", .bytes(FL.destinationPayload), "Binary"),
            .init("hassourcepayload", .bytesIsSet(FL.sourcePayload), "Boolean", nullable: false),
            .init("hasdestinationpayload", .bytesIsSet(FL.destinationPayload), "Boolean", nullable: false),
            .init("hasoffense", .hasOffense, "Boolean", nullable: false),
            .init("duration", .duration, "Long", nullable: false),
            .init("isduplicate", .constant(.bool(false)), "Boolean", nullable: false),
            .init("sourcev6", .constant(.string("0:0:0:0:0:0:0:0")), "HostV6"),
            .init("destinationv6", .constant(.string("0:0:0:0:0:0:0:0")), "HostV6"),
            .init("sourceasn", .constant(.null), "Integer"),
            .init("destinationasn", .constant(.null), "Integer"),
            .init("fullmatchlist", .ruleList, "STRUCT"),
            .init("partialmatchlist", .constant(.null), "STRUCT"),
            .init("sourceifindex", .constant(.null), "Integer"),
            .init("destinationifindex", .constant(.null), "Integer"),
            .init("sourceprecedence", .constant(.long(0)), "Integer"),
            .init("destinationprecedence", .constant(.long(0)), "Integer"),
            .init("flowinterfaceid", .constant(.null), "Integer"),
            .init("intervalid", .constant(.null), "Long"),
            .init("processorid", .constant(.long(8)), "Integer"),
            .init("retentionbucket", .constant(.null), "String"),
            .init("__offenseids", .offenseList, "STRUCT", hidden: true),
        ],
        synonyms: ["sourceaddress": "sourceip", "destinationaddress": "destinationip", "creeventlist": "fullmatchlist"],
        startTimeSlot: FL.startTime,
        stockProperties: [
            "md5 file hash", "sha1 file hash", "sha256 file hash", "file name", "file size", "file entropy",
            "http host", "http referrer", "http response code", "http server", "http user agent", "http version",
            "dns domain name", "tls server name indication", "tls ja3 hash", "tls ja3s hash",
            "suspect content descriptions", "content type",
        ]
    )
}
