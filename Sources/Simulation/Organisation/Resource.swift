/// What kind of thing a resource is, which decides the telemetry an access produces.
public enum ResourceKind: String, Sendable, Hashable, Codable {
    /// A folder on a file share (5140/5145, file audit, SMB flow).
    case share
    /// A module of an internal business application (application log, HTTPS flow).
    case application
    /// A database table (database audit, SQL flow).
    case database
    /// An external web site through the proxy (proxy log, HTTPS flow, DNS).
    case web
    /// A server administered remotely (RDP, WinRM or SSH session with commands).
    case server
    /// A program run on the person's own device (4688 with a command line).
    case process
}

/// How sensitive the data behind a resource is.
public enum Sensitivity: String, Sendable, Hashable, Codable, Comparable {
    case `public`, `internal`, confidential, restricted

    var rank: Int {
        switch self {
        case .public: 0
        case .internal: 1
        case .confidential: 2
        case .restricted: 3
        }
    }

    public static func < (lhs: Sensitivity, rhs: Sensitivity) -> Bool { lhs.rank < rhs.rank }
}

/// How an administrator reaches a server.
public enum RemoteMethod: String, Sendable, Hashable, Codable {
    case rdp, winrm, ssh
}

/// Something people use: a share folder, an application module, a table, a web site, a server, a program.
public struct Resource: Sendable, Hashable, Codable {
    /// Position in ``Enterprise/resources``.
    public var index: Int
    /// Stable key (`"share:FS-FIN01/Finance/Reports"`).
    public var key: String
    public var kind: ResourceKind
    /// What events carry in ``VigilCore/Event/resource``: a UNC path, `App/Module`, `DB.schema.table`, a host name.
    public var name: String
    /// What events carry in ``VigilCore/Event/application``.
    public var application: String
    /// The internal asset serving it.
    public var assetIndex: Int?
    /// The external destination, for web resources.
    public var destinationIndex: Int?
    public var sensitivity: Sensitivity
    /// The department that owns the data.
    public var department: Department?
    /// Median bytes moved by one access.
    public var medianBytes: Double
    /// Remote-administration method, for servers.
    public var method: RemoteMethod?
    /// Kind-specific variety: file names, actions, SQL statements, commands.
    public var details: [String]
}

/// A web site outside the organisation.
public struct ExternalDestination: Sendable, Hashable, Codable {
    public var domain: String
    public var ip: String
    public var place: Place
    /// Proxy URL category.
    public var category: String
    /// How many people in the world use it; rare sites have low popularity.
    public var popularity: Double
}
