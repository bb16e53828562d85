/// One normalized record, whether it came from QRadar's Ariel database, a LEEF line, a Zeek log or the simulator.
///
/// Everything that a detector reads is a field here; anything source-specific that a detector might still want
/// lives in ``properties``. Identifiers (user, host, IP) may already be pseudonymised by the time analytics see them.
public struct Event: Codable, Sendable, Hashable, Identifiable {
    /// Stable identifier: QRadar's event/flow id, or a content hash for sources that have none.
    public var id: String
    /// When the event happened (device time), epoch milliseconds.
    public var time: EpochMillis
    /// What the event describes.
    public var kind: EventKind
    /// The event name as QRadar's QID map names it (`"Logon Success"`), or the source's own name.
    public var name: String?
    /// The source's own event code (Windows event id `"4624"`, a LEEF EventID).
    public var eventCode: String?
    /// The account acting.
    public var user: String?
    /// Source address.
    public var sourceIP: String?
    /// Source host name.
    public var sourceHost: String?
    /// Destination address.
    public var destinationIP: String?
    /// Destination host name.
    public var destinationHost: String?
    /// Source port.
    public var sourcePort: Int?
    /// Destination port.
    public var destinationPort: Int?
    /// Transport or application protocol (`"TCP"`, `"SMB"`, `"RDP"`).
    public var networkProtocol: String?
    /// Application (`"Payroll"`, `"PowerShell"`).
    public var application: String?
    /// The resource touched: a share, a file path, a database table, a URL host.
    public var resource: String?
    /// Bytes received by the source (downloaded).
    public var bytesIn: Int64?
    /// Bytes sent by the source (uploaded).
    public var bytesOut: Int64?
    /// Packets, for flows.
    public var packets: Int64?
    /// Where the source was (VPN logins, external connections).
    public var geo: GeoLocation?
    /// The device used (workstation name or device fingerprint).
    public var device: String?
    /// Whether the action succeeded.
    public var outcome: Outcome
    /// The log source that reported it.
    public var logSource: String?
    /// Windows logon type (2, 3, 7, 9, 10 …) for authentication events.
    public var logonType: Int?
    /// Authentication package (`"Kerberos"`, `"NTLM"`).
    public var authPackage: String?
    /// A command line for process events.
    public var command: String?
    /// Why an action failed (Windows 4625 status text, VPN reason).
    public var failureReason: String?
    /// Severity as the source reported it, 0–10.
    public var severity: Int?
    /// QRadar's low-level category name, or the source's category.
    public var category: String?
    /// Anything else the source said, by property name.
    public var properties: [String: String]

    public init(
        id: String,
        time: EpochMillis,
        kind: EventKind,
        name: String? = nil,
        eventCode: String? = nil,
        user: String? = nil,
        sourceIP: String? = nil,
        sourceHost: String? = nil,
        destinationIP: String? = nil,
        destinationHost: String? = nil,
        sourcePort: Int? = nil,
        destinationPort: Int? = nil,
        networkProtocol: String? = nil,
        application: String? = nil,
        resource: String? = nil,
        bytesIn: Int64? = nil,
        bytesOut: Int64? = nil,
        packets: Int64? = nil,
        geo: GeoLocation? = nil,
        device: String? = nil,
        outcome: Outcome = .success,
        logSource: String? = nil,
        logonType: Int? = nil,
        authPackage: String? = nil,
        command: String? = nil,
        failureReason: String? = nil,
        severity: Int? = nil,
        category: String? = nil,
        properties: [String: String] = [:]
    ) {
        self.id = id
        self.time = time
        self.kind = kind
        self.name = name
        self.eventCode = eventCode
        self.user = user
        self.sourceIP = sourceIP
        self.sourceHost = sourceHost
        self.destinationIP = destinationIP
        self.destinationHost = destinationHost
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.networkProtocol = networkProtocol
        self.application = application
        self.resource = resource
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.packets = packets
        self.geo = geo
        self.device = device
        self.outcome = outcome
        self.logSource = logSource
        self.logonType = logonType
        self.authPackage = authPackage
        self.command = command
        self.failureReason = failureReason
        self.severity = severity
        self.category = category
        self.properties = properties
    }
}

extension Event {
    /// The event property holding the class of the event's account (`machine`, `system`, `service`, `admin`), read
    /// from the clear name before pseudonymisation (absent for a person's ordinary account).
    public static let accountClassProperty = "vigilAccountClass"

    /// Whether the event's account stands for the host itself — a computer account (`WS-12$`) or a built-in
    /// identity (SYSTEM, NETWORK SERVICE, root) — so its activity is the host's, not a user's shared across hosts.
    public var isHostAccountActivity: Bool {
        switch properties[Self.accountClassProperty] {
        case "machine", "system": return true
        default: return false
        }
    }
}
