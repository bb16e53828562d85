/// One hop into a host, remembered for chain detection.
struct Hop: Sendable {
    var source: String
    var sourceKey: UInt64
    var account: String?
    var protocolName: String
    var time: Int64
    var eventID: String
    var novel: Bool
    var ntlm: Bool
}

/// A destination reached recently from a host, for the fan-out count.
struct RecentDestination: Sendable {
    var time: Int64
    var destination: UInt64
    var name: String
    var novel: Bool
}

/// What the lateral-movement detector remembers about one host.
struct HostState: Sendable {
    var display: String
    var group: String
    var role: HostRole
    /// Destinations reached over remote-administration paths (hashes of upper-cased names), capped.
    var edges: Set<UInt64> = []
    var edgesFull = false
    /// Accounts seen authenticating from this host, capped at 16.
    var accounts: [UInt64] = []
    /// Remote protocols used from this host.
    var protocols: UInt8 = 0
    /// Network logons this host received, by package.
    var kerberosIn: UInt32 = 0
    var ntlmIn: UInt32 = 0
    /// Latest hops into this host (ring of 8).
    var inbound: [Hop] = []
    var inboundPos: Int = 0
    /// Destinations reached within the fan-out window (ring of 32).
    var recent: [RecentDestination] = []
    var recentPos: Int = 0
    /// Largest number of distinct destinations within one window while learning.
    var learnedFanOut: Int = 0
    /// Latest NewCredentials (type 9) logon on this host.
    var type9Time: Int64 = Int64.min
    var type9Account: String?
    var type9Event: String?
    var lastFanOutAlert: Int64 = Int64.min
    /// Latest new-edge or chain signal raised from this host.
    var lastSignal: Int64 = Int64.min
    var lastSignalTitle: String?
    var lastSeen: Int64

    init(display: String, group: String, role: HostRole, time: Int64) {
        self.display = display
        self.group = group
        self.role = role
        lastSeen = time
    }

    mutating func pushInbound(_ hop: Hop) {
        if inbound.count < 8 { inbound.append(hop) } else { inbound[inboundPos] = hop; inboundPos = (inboundPos + 1) % 8 }
    }

    mutating func pushRecent(_ r: RecentDestination) {
        if recent.count < 32 { recent.append(r) } else { recent[recentPos] = r; recentPos = (recentPos + 1) % 32 }
    }

    /// Distinct destinations reached in `(from, to]`, with how many were new, and their names.
    func distinctRecent(since from: Int64) -> (count: Int, novel: Int, names: [String]) {
        var seen = Set<UInt64>()
        var novel = 0
        var names: [String] = []
        for r in recent where r.time > from {
            if seen.insert(r.destination).inserted {
                names.append(r.name)
                if r.novel { novel += 1 }
            }
        }
        return (seen.count, novel, names)
    }

    /// Adds an account seen from this host; returns whether it was new.
    mutating func addAccount(_ hash: UInt64) -> Bool {
        if accounts.contains(hash) { return false }
        if accounts.count < 16 { accounts.append(hash) }
        return true
    }
}

/// What a peer group as a whole has done.
struct GroupState: Sendable {
    var destinations: Set<UInt64> = []
    var destinationGroups: Set<UInt64> = []
    var protocols: UInt8 = 0
    var members = 0
}

/// A new edge waiting out the coalescing window so that the flow, logon and share access of one hop become
/// one signal.
struct PendingEdge: Sendable {
    var key: UInt64
    var sourceHash: UInt64
    var deadline: Int64
    var first: RemoteAccess
    var time: Int64
    var accounts: [String] = []
    var protocols: [String] = []
    var evidence: [String] = []
    var ntlm = false
    var adminShare = false
    // Facts fixed when the edge was first seen.
    var sourceEdgeCount: Int
    var peerKnows: Bool
    var peerDestinationCount: Int
    var groupPairNovel: Bool
    var sourceGroup: String
    var sourceRole: HostRole
    var destinationGroup: String
    var destinationRole: HostRole
    var accountNovel = false
    var accountHistory: Int
    var protocolNovelForGroup = false
    var hub: Bool
    var destinationKerberos: UInt32
    var destinationNTLM: UInt32
    var type9Minutes: Double?
    var type9Account: String?
    var type9Event: String?
    /// Hours since this source last raised a signal, when within the suspect memory.
    var suspectHours: Double?
    var suspectTitle: String?

    mutating func add(_ a: RemoteAccess) {
        if let acct = a.account, !accounts.contains(acct) { accounts.append(acct) }
        if !protocols.contains(a.protocolName) { protocols.append(a.protocolName) }
        if evidence.count < 16, !evidence.contains(a.eventID) { evidence.append(a.eventID) }
        ntlm = ntlm || a.isNTLM
        adminShare = adminShare || a.adminShare
        time = max(time, a.time)
    }
}
