import VigilCore

/// Connections that are never beacon candidates: update services, monitoring, known SaaS, a scanner's pair.
public struct BeaconAllowlist: Sendable, Hashable {
    /// Destination names matched by suffix on a label boundary: `"windowsupdate.com"` matches
    /// `"fe2.update.windowsupdate.com"` but not `"evilwindowsupdate.com"`. Case-insensitive.
    public var destinationSuffixes: [String]
    /// Exact destination names or addresses.
    public var destinations: Set<String>
    /// Destination networks.
    public var destinationNetworks: [IPv4Network]
    /// Sources (host names or addresses) whose connections are all allowed (a vulnerability scanner).
    public var sources: Set<String>
    /// Individual pairs, written `"source->destination"`.
    public var pairs: Set<String>

    public init(destinationSuffixes: [String] = [], destinations: Set<String> = [], destinationNetworks: [IPv4Network] = [],
                sources: Set<String> = [], pairs: Set<String> = []) {
        self.destinationSuffixes = destinationSuffixes.map { $0.lowercased() }
        self.destinations = Set(destinations.map { $0.lowercased() })
        self.destinationNetworks = destinationNetworks
        self.sources = Set(sources.map { $0.lowercased() })
        self.pairs = Set(pairs.map { $0.lowercased() })
    }

    /// Whether nothing is listed (the common fast path).
    public var isEmpty: Bool {
        destinationSuffixes.isEmpty && destinations.isEmpty && destinationNetworks.isEmpty && sources.isEmpty && pairs.isEmpty
    }

    /// Whether a connection from `source` to `destination` (address `destinationIP`) is allowed.
    public func allows(source: String, destination: String, destinationIP: String?) -> Bool {
        if isEmpty { return false }
        let s = source.lowercased(), d = destination.lowercased()
        if sources.contains(s) || destinations.contains(d) { return true }
        if let ip = destinationIP?.lowercased(), destinations.contains(ip) { return true }
        if !pairs.isEmpty, pairs.contains(s + "->" + d) { return true }
        for suffix in destinationSuffixes where d == suffix || d.hasSuffix("." + suffix) { return true }
        if !destinationNetworks.isEmpty {
            for net in destinationNetworks {
                if net.contains(destination) { return true }
                if let ip = destinationIP, net.contains(ip) { return true }
            }
        }
        return false
    }
}

/// How much each part of the beacon evidence counts in the score.
public struct BeaconWeights: Sendable, Hashable {
    /// Regularity of the time between callbacks.
    public var interval: Double
    /// Regularity of the bytes sent per callback.
    public var size: Double
    /// Evenness of the callbacks over the hours in which the pair is active.
    public var hourConsistency: Double
    /// How much of the observed time the pair spans.
    public var coverage: Double

    public init(interval: Double = 0.45, size: Double = 0.2, hourConsistency: Double = 0.15, coverage: Double = 0.2) {
        self.interval = interval
        self.size = size
        self.hourConsistency = hourConsistency
        self.coverage = coverage
    }
}

/// Settings of ``BeaconDetector``. The defaults are meant for a mid-sized enterprise's proxy and flow logs.
public struct BeaconConfiguration: Sendable {
    /// Callbacks (after bursts are merged) a pair needs before it is scored. Twelve callbacks at a 15-minute period
    /// is three hours.
    public var minimumCallbacks: Int = 12
    /// Connections closer together than this are one callback: retries after a failed handshake, or an implant
    /// opening several connections per check-in, otherwise produce near-zero intervals that fake regularity.
    public var burstGap: Int64 = 2_000
    /// Median periods below this are not beacons but streaming or keep-alives.
    public var minimumPeriod: Int64 = 10_000
    /// Median periods above this are too slow to judge within the history kept.
    public var maximumPeriod: Int64 = 6 * 3_600_000
    /// Intervals and sizes kept per pair (a ring): memory per pair is about 8 bytes per entry.
    public var historySize: Int = 64
    /// Pairs tracked at most; the least recently active is evicted beyond this.
    public var maximumPairs: Int = 200_000
    /// Destinations whose prevalence is tracked at most.
    public var maximumDestinations: Int = 100_000
    /// Pairs silent for longer than this are forgotten.
    public var idleTimeout: Int64 = 26 * 3_600_000
    /// Score at or above which a signal is raised.
    public var threshold: Double = 0.7
    /// A pair that alerted is not raised again for this long.
    public var realertAfter: Int64 = 24 * 3_600_000
    /// A pair is re-scored after this many new callbacks.
    public var evaluateEvery: Int = 4
    /// A destination contacted by at least this share of all active sources is popular and never a beacon signal…
    public var popularFraction: Double = 0.1
    /// … provided it also has at least this many distinct sources (small networks).
    public var popularMinimumSources: Int = 10
    /// Whether connections to internal addresses are scored (off: internal heartbeats and agents are many and are
    /// rarely command and control).
    public var includeInternalDestinations: Bool = false
    /// Destination name suffixes that count as internal (`"corp.example"`).
    public var internalSuffixes: [String] = []
    /// Sources whose connections are ignored. Web proxies need not be listed: they are learned from the proxy
    /// records' log source names, and their flows to destinations the proxy log shows are skipped (the proxy log
    /// names the real client).
    public var ignoredSources: Set<String> = []
    /// Hours the pair should be active in a row for full coverage credit.
    public var idealActiveHours: Int = 6
    /// Connections never scored.
    public var allowlist: BeaconAllowlist = BeaconAllowlist()
    /// Weights of the score's parts.
    public var weights: BeaconWeights = BeaconWeights()
    /// Whether a flow's destination port is part of the pair key when the destination is an address.
    public var keyByPort: Bool = true
    /// Evidence event ids kept per pair.
    public var evidenceKept: Int = 8

    public init() {}
}
