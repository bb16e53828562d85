/// Settings of ``LateralMovementDetector``.
public struct LateralMovementConfiguration: Sendable {
    /// Edges seen during this first period of the input are history: nothing is raised while it lasts.
    public var learningPeriod: Int64 = 3 * 86_400_000
    /// Destination ports of remote-administration protocols in flows.
    public var adminPorts: [Int: String] = [445: "SMB", 139: "SMB", 3389: "RDP", 5985: "WinRM", 5986: "WinRM", 135: "WMI/DCOM"]
    /// Application or protocol names (upper case) that mark a flow or logon as remote administration.
    public var adminApplications: [String: String] = [
        "SMB": "SMB", "CIFS": "SMB", "RDP": "RDP", "WINRM": "WinRM", "WMI": "WMI/DCOM", "DCOM": "WMI/DCOM", "DCE_RPC": "WMI/DCOM",
        "MS-RPC": "WMI/DCOM", "PSEXEC": "SMB",
    ]
    /// Logon types that are remote access to the logging host (3 network, 10 remote interactive).
    public var remoteLogonTypes: Set<Int> = [3, 10]
    /// Accounts never considered (upper case). Machine accounts (ending in `$`) are always skipped.
    public var ignoredAccounts: Set<String> = ["ANONYMOUS LOGON", "-", "SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE"]
    /// Hosts never considered as sources (upper case), such as vulnerability scanners.
    public var ignoredSources: Set<String> = []
    /// Peer groups and roles.
    public var classifier = HostClassifier()

    /// Score at or above which a new edge is raised.
    public var threshold: Double = 0.6
    /// Observations of the same new edge within this time are one signal (the flow, the 4624, the 4672 and the
    /// share access of one SMB hop).
    public var coalesceWindow: Int64 = 10_000

    /// Window of the fan-out count.
    public var fanOutWindow: Int64 = 3_600_000
    /// Distinct destinations within the window that make a fan-out, for workstations and servers…
    public var fanOutThreshold: Int = 4
    /// … and for admin stations (jump hosts), whose job is to reach many servers.
    public var adminFanOutThreshold: Int = 15
    /// A fan-out must also exceed this multiple of the largest fan-out the host showed while learning.
    public var fanOutLearnedFactor: Double = 2
    /// New (never seen) destinations a fan-out needs.
    public var fanOutMinimumNew: Int = 2

    /// Two hops A→B and B→C make a chain when B→C follows A→B within this time.
    public var chainWindow: Int64 = 2 * 3_600_000
    /// A NewCredentials (type 9) logon on a host boosts edges from it for this long (an attacker's stolen-hash
    /// session on a host lasts the working day).
    public var type9Window: Int64 = 12 * 3_600_000
    /// A host that raised a new-edge or chain signal stays suspect this long: its further new edges score higher.
    public var suspectMemory: Int64 = 3 * 86_400_000
    /// A destination is "Kerberos-normal" when it saw at least this many Kerberos network logons…
    public var kerberosNormalMinimum: Int = 10
    /// … and NTLM made up at most this share of them.
    public var kerberosNormalMaximumNTLMShare: Double = 0.05

    /// Hosts tracked at most (LRU beyond).
    public var maximumHosts: Int = 100_000
    /// Destinations remembered per host; a host beyond it is a hub whose new edges weigh less.
    public var maximumEdgesPerHost: Int = 512
    /// Destinations remembered per peer group.
    public var maximumDestinationsPerGroup: Int = 16_384
    /// Peer groups tracked at most; further groups share one overflow group.
    public var maximumGroups: Int = 10_000
    /// Address → host name mappings learned from events, at most.
    public var maximumAddressNames: Int = 200_000

    public init() {}
}
