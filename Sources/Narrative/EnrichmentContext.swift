import VigilCore

/// One known vulnerability on an asset (from a scanner or QRadar Vulnerability Manager).
public struct Vulnerability: Sendable, Hashable, Codable {
    /// CVE id (`"CVE-2024-3400"`).
    public var cve: String
    /// CVSS base score, 0...10.
    public var cvss: Double
    /// Listed as exploited in the wild (CISA KEV or a vendor feed).
    public var knownExploited: Bool

    public init(cve: String, cvss: Double, knownExploited: Bool = false) {
        self.cve = cve
        self.cvss = cvss.isFinite ? min(10, max(0, cvss)) : 0
        self.knownExploited = knownExploited
    }

    /// Critical (CVSS ≥ 9) or known to be exploited: what raises a finding's severity.
    public var isSevere: Bool { knownExploited || cvss >= 9 }
}

/// What threat intelligence says about an indicator (an address or a domain).
public struct ThreatIntelHit: Sendable, Hashable, Codable {
    /// Plain-language description (`"Cobalt Strike team server (abuse.ch)"`).
    public var description: String
    /// The feed's confidence, 0...1.
    public var confidence: Double

    public init(description: String, confidence: Double) {
        self.description = description
        self.confidence = confidence.isFinite ? min(1, max(0, confidence)) : 0
    }
}

/// HR context of a person (keyed by the user's pseudonym; the manager is a pseudonym too).
public struct HRContext: Sendable, Hashable, Codable {
    public var department: String?
    public var title: String?
    /// The manager's user id (pseudonymised like every user id).
    public var manager: String?
    /// Resigned or under notice.
    public var isLeaving: Bool
    /// Last working day, when known.
    public var leavingDate: EpochMillis?
    /// Joined recently (new joiners legitimately do many things for the first time).
    public var isNewJoiner: Bool

    public init(department: String? = nil, title: String? = nil, manager: String? = nil, isLeaving: Bool = false,
                leavingDate: EpochMillis? = nil, isNewJoiner: Bool = false) {
        self.department = department
        self.title = title
        self.manager = manager
        self.isLeaving = isLeaving
        self.leavingDate = leavingDate
        self.isNewJoiner = isNewJoiner
    }
}

/// Context that explains and weighs a risk alert: CMDB, vulnerability, threat-intelligence and HR lookups, all
/// keyed by the entity id text exactly as it appears in alerts — a pseudonym (`u_v1_…`, `h_v1_…`, `ip_v1_…`) when
/// pseudonymisation is on, so the sidecar must pseudonymise the keys of its feeds with the same key ring.
/// Every lookup is empty by default; a missing entry means "unknown", never "benign".
public struct EnrichmentContext: Sendable, Hashable, Codable {
    /// Asset criticality from the CMDB, 1 (lab) ... 10 (crown jewels); values outside are clamped when read.
    public var assetCriticality: [String: Int]
    /// Owner (team or person) of an asset.
    public var assetOwner: [String: String]
    /// Assets marked as test or lab systems in the CMDB.
    public var testAssets: Set<String>
    /// Open vulnerabilities per asset.
    public var vulnerabilities: [String: [Vulnerability]]
    /// Threat-intelligence hits per indicator (address or domain).
    public var threatIntel: [String: ThreatIntelHit]
    /// HR context per user.
    public var hr: [String: HRContext]
    /// Peer-group name per entity (used when a deviation does not name its group).
    public var peerGroup: [String: String]
    /// Members per peer group, to say "3 of 40 peers" instead of "7.5 % of peers".
    public var peerGroupSize: [String: Int]

    public init(assetCriticality: [String: Int] = [:], assetOwner: [String: String] = [:], testAssets: Set<String> = [],
                vulnerabilities: [String: [Vulnerability]] = [:], threatIntel: [String: ThreatIntelHit] = [:],
                hr: [String: HRContext] = [:], peerGroup: [String: String] = [:], peerGroupSize: [String: Int] = [:]) {
        self.assetCriticality = assetCriticality
        self.assetOwner = assetOwner
        self.testAssets = testAssets
        self.vulnerabilities = vulnerabilities
        self.threatIntel = threatIntel
        self.hr = hr
        self.peerGroup = peerGroup
        self.peerGroupSize = peerGroupSize
    }

    /// No context at all.
    public static let empty = EnrichmentContext()

    /// Criticality of an asset clamped to 1...10, `nil` when the CMDB does not know it.
    public func criticality(of id: String) -> Int? {
        assetCriticality[id].map { min(10, max(1, $0)) }
    }

    /// This context with `other` laid over it: `other` wins for single values (criticality, owner, threat intel,
    /// HR, peer group), test-asset marks are united, and vulnerability lists are united by CVE (`other`'s entry
    /// wins for a CVE in both, so a rescan updates scores).
    public func merging(_ other: EnrichmentContext) -> EnrichmentContext {
        var m = self
        m.assetCriticality.merge(other.assetCriticality) { _, new in new }
        m.assetOwner.merge(other.assetOwner) { _, new in new }
        m.testAssets.formUnion(other.testAssets)
        for (asset, vulns) in other.vulnerabilities {
            var list = m.vulnerabilities[asset] ?? []
            for v in vulns {
                if let i = list.firstIndex(where: { $0.cve == v.cve }) { list[i] = v } else { list.append(v) }
            }
            m.vulnerabilities[asset] = list
        }
        m.threatIntel.merge(other.threatIntel) { _, new in new }
        m.hr.merge(other.hr) { _, new in new }
        m.peerGroup.merge(other.peerGroup) { _, new in new }
        m.peerGroupSize.merge(other.peerGroupSize) { _, new in new }
        return m
    }
}
