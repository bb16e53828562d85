/// What an asset is.
public enum AssetKind: String, Sendable, Hashable, Codable, CaseIterable {
    case workstation
    case laptop
    case fileServer = "file-server"
    case databaseServer = "database-server"
    case applicationServer = "application-server"
    case domainController = "domain-controller"
    case jumpHost = "jump-host"
    case vpnConcentrator = "vpn-concentrator"
    case webProxy = "web-proxy"
    case backupServer = "backup-server"
    case flowCollector = "flow-collector"

    /// Whether the asset is an end-user device.
    public var isEndpoint: Bool { self == .workstation || self == .laptop }
}

/// The network segment an asset sits in.
public enum NetworkZone: String, Sendable, Hashable, Codable {
    case userLAN = "user-lan"
    case datacenter
    case management
    case dmz
}

/// How much the business depends on an asset.
public enum Criticality: String, Sendable, Hashable, Codable, Comparable {
    case low, medium, high, critical

    var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Criticality, rhs: Criticality) -> Bool { lhs.rank < rhs.rank }

    /// QRadar's asset "Weight" (0–10) for this criticality.
    var qradarWeight: Int {
        switch self {
        case .low: 2
        case .medium: 5
        case .high: 8
        case .critical: 10
        }
    }
}

/// Operating-system family, which decides the log source type and the vulnerabilities that apply.
public enum Platform: String, Sendable, Hashable, Codable {
    case windowsClient = "windows-client"
    case windowsServer = "windows-server"
    case linux
    case appliance
}

/// A host in the CMDB.
public struct Asset: Sendable, Hashable, Codable {
    /// Position in ``Enterprise/assets``; also the CMDB id.
    public var index: Int
    public var hostname: String
    public var ip: String
    public var mac: String
    public var kind: AssetKind
    public var platform: Platform
    /// Operating-system product name.
    public var os: String
    /// The person who owns it (endpoints) or its technical owner (servers), by person index.
    public var ownerIndex: Int?
    public var department: Department?
    public var criticality: Criticality
    public var zone: NetworkZone
    /// The office whose LAN an endpoint lives on; nil for data-centre assets.
    public var officeIndex: Int?
    /// Public address, for DMZ assets that face the Internet.
    public var publicIP: String?
    /// What runs on it (`"Payroll"`, `"Microsoft SQL Server 2019"`), for servers.
    public var services: [String]
    /// Known vulnerabilities, as indices into ``VulnerabilityCatalog/entries``.
    public var vulnerabilities: [Int]
    /// The log source for the host's own OS log (Windows security log or Linux syslog).
    public var logSource: Int
    /// A second log source the asset carries: the application log, the database audit or file auditing.
    public var serviceLogSource: Int?
    /// Date the asset entered the CMDB (epoch day).
    public var commissionedDay: Int
}
