/// Lookups behind QRadar's data functions (QIDNAME, LOGSOURCENAME, REFERENCESETCONTAINS, GEO::LOOKUP, …).
/// Every method has a default returning nil/false/null, so an implementation provides only what it needs.
public protocol AQLLookups: Sendable {
    func qidName(_ qid: Int64) -> String?
    func qidDescription(_ qid: Int64) -> String?
    func categoryName(_ category: Int64) -> String?
    func logSourceName(_ id: Int64) -> String?
    func logSourceTypeName(_ typeID: Int64) -> String?
    func logSourceGroupNames(_ id: Int64) -> [String]
    func protocolName(_ id: Int64) -> String?
    func applicationName(_ id: Int64) -> String?
    func referenceSetContains(_ set: String, _ value: AQLValue) -> Bool
    func referenceMapValue(_ map: String, _ key: AQLValue) -> AQLValue
    func referenceTableValue(_ table: String, _ column: String, _ key: AQLValue) -> AQLValue
    func assetHostname(_ ip: String) -> String?
    func networkName(_ ip: String) -> String?
    func ruleName(_ id: Int64) -> String?
    func domainName(_ id: Int64) -> String?
    func geoLookup(_ ip: String, _ attribute: String) -> AQLValue
    /// Whether the row with this QID/start time belongs to an offense (`INOFFENSE(id)`); the evaluator passes
    /// the row's values so an implementation can match on them. Default: false.
    func inOffense(_ offenseID: Int64, row: AQLRowAccess) -> Bool
    /// Whether a value is in a reference map of sets under a key (`REFERENCEMAPSETCONTAINS`).
    func referenceMapSetContains(_ map: String, _ key: AQLValue, _ value: AQLValue) -> Bool
}

/// Read access to the current row, handed to lookups that need more than their arguments.
public struct AQLRowAccess {
    let fetch: (String) -> AQLValue
    /// The value of a column by name (case-insensitive), `.null` if the table has no such column.
    public func value(_ column: String) -> AQLValue { fetch(column) }
    public init(_ fetch: @escaping (String) -> AQLValue) { self.fetch = fetch }
}

extension AQLLookups {
    public func qidName(_ qid: Int64) -> String? { nil }
    public func qidDescription(_ qid: Int64) -> String? { nil }
    public func categoryName(_ category: Int64) -> String? { nil }
    public func logSourceName(_ id: Int64) -> String? { nil }
    public func logSourceTypeName(_ typeID: Int64) -> String? { nil }
    public func logSourceGroupNames(_ id: Int64) -> [String] { [] }
    /// IANA protocol names for the common numbers, as QRadar's PROTOCOLNAME shows them.
    public func protocolName(_ id: Int64) -> String? { AQLDefaultLookups.ianaProtocolName(id) }
    public func applicationName(_ id: Int64) -> String? { nil }
    public func referenceSetContains(_ set: String, _ value: AQLValue) -> Bool { false }
    public func referenceMapValue(_ map: String, _ key: AQLValue) -> AQLValue { .null }
    public func referenceTableValue(_ table: String, _ column: String, _ key: AQLValue) -> AQLValue { .null }
    public func assetHostname(_ ip: String) -> String? { nil }
    public func networkName(_ ip: String) -> String? { nil }
    public func ruleName(_ id: Int64) -> String? { nil }
    public func domainName(_ id: Int64) -> String? { id == 0 ? "Default Domain" : nil }
    public func geoLookup(_ ip: String, _ attribute: String) -> AQLValue { .null }
    public func inOffense(_ offenseID: Int64, row: AQLRowAccess) -> Bool { false }
    public func referenceMapSetContains(_ map: String, _ key: AQLValue, _ value: AQLValue) -> Bool { false }
}

/// Lookups that know nothing beyond the protocol defaults (protocol numbers, the default domain).
public struct AQLDefaultLookups: AQLLookups {
    public init() {}

    /// QRadar shows protocol names as `TCP`, `UDP`, `ICMP`, … for the IANA numbers.
    public static func ianaProtocolName(_ id: Int64) -> String? {
        switch id {
        case 0: return "HOPOPT"
        case 1: return "ICMP"
        case 2: return "IGMP"
        case 4: return "IPv4"
        case 6: return "TCP"
        case 8: return "EGP"
        case 17: return "UDP"
        case 41: return "IPv6"
        case 43: return "IPv6-Route"
        case 44: return "IPv6-Frag"
        case 47: return "GRE"
        case 50: return "ESP"
        case 51: return "AH"
        case 58: return "IPv6-ICMP"
        case 59: return "IPv6-NoNxt"
        case 60: return "IPv6-Opts"
        case 88: return "EIGRP"
        case 89: return "OSPFIGP"
        case 103: return "PIM"
        case 112: return "VRRP"
        case 132: return "SCTP"
        case 255: return "Reserved"
        default: return nil
        }
    }
}
