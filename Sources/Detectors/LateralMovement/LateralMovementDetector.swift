import VigilCore

/// A detector that holds findings back for a short while (to merge related events) and can hand them over at the
/// end of the input. ``Replay`` calls ``drain()`` after the last event; a live pipeline gets them through
/// ``Detector/advance(to:)`` as time passes.
public protocol DrainableDetector: Detector {
    /// Returns every held finding now, whatever its due time.
    mutating func drain() -> [Signal]
}

/// Counters of the lateral-movement detector.
public struct LateralMovementStatistics: Sendable, Hashable {
    public var eventsSeen = 0
    public var remoteAccesses = 0
    public var edgesLearned = 0
    public var newEdges = 0
    public var hostsEvicted = 0
    public var edgeSignals = 0
    public var fanOutSignals = 0
    public var chainSignals = 0
    /// New edges folded into a fan-out signal raised for the same source.
    public var edgesFoldedIntoFanOut = 0
}

/// Finds lateral movement in a graph of host-to-host remote administration: SMB (admin shares), RDP, WinRM and
/// WMI/DCOM flows, network (3) and remote-interactive (10) logons, explicit-credential logons (4648), NTLM where
/// the destination normally sees Kerberos, and NewCredentials (type 9) logons before a hop.
///
/// It raises three kinds of signal: a **new edge** measured against the source host's own history and its peer
/// group's (with the account used), a **fan-out** burst of destinations from one source, and a **chain** A→B→C
/// within a window with the account at each hop. The first ``LateralMovementConfiguration/learningPeriod`` of
/// input is history only.
public struct LateralMovementDetector: DrainableDetector {
    public let id = "lateral-movement"
    public var configuration: LateralMovementConfiguration
    public private(set) var statistics = LateralMovementStatistics()

    private var hosts: BoundedLRU<UInt64, HostState>
    private var groups: [String: GroupState] = [:]
    private var addressNames: BoundedLRU<String, String>
    private var pending: [PendingEdge] = []
    private var emittedChains: BoundedLRU<UInt64, Int64>
    private var start: Int64?
    private var now: Int64 = Int64.min

    public init(configuration: LateralMovementConfiguration = LateralMovementConfiguration()) {
        self.configuration = configuration
        hosts = BoundedLRU(capacity: configuration.maximumHosts)
        addressNames = BoundedLRU(capacity: configuration.maximumAddressNames)
        emittedChains = BoundedLRU(capacity: 10_000)
    }

    /// Hosts currently tracked.
    public var trackedHosts: Int { hosts.count }

    /// Estimated bytes per host with `edges` remembered destinations, `inbound` remembered hops into it and
    /// `recent` destinations in its fan-out ring, from the data structure sizes: the host value in the LRU slab, key
    /// and links, dictionary entry, the edge set (8-byte hashes at ≤ 75 % load), up to 16 account hashes, the hop
    /// and recent rings (their strings inline).
    public static func estimatedBytesPerHost(edges: Int = 16, accounts: Int = 1, inbound: Int = 8, recent: Int = 32) -> Int {
        let header = 32
        let slot = MemoryLayout<HostState?>.stride + MemoryLayout<UInt64?>.stride + 8 + 2 * 12
        var capacity = 1
        while Double(capacity) * 0.75 < Double(edges) { capacity *= 2 }
        let set = header + 16 + capacity * 8 + capacity / 8
        let accountBytes = header + max(1, accounts) * 8
        let inboundBytes = inbound > 0 ? header + inbound * MemoryLayout<Hop>.stride : 0
        let recentBytes = recent > 0 ? header + recent * MemoryLayout<RecentDestination>.stride : 0
        return slot + set + accountBytes + inboundBytes + recentBytes
    }

    /// Whether the detector is still learning at `time`.
    public func isLearning(at time: Int64) -> Bool {
        guard let start else { return true }
        return time < start + configuration.learningPeriod
    }

    public mutating func process(_ event: Event) -> [Signal] {
        statistics.eventsSeen += 1
        if start == nil { start = event.time }
        now = max(now, event.time)
        var out = flush(upTo: event.time)
        switch event.kind {
        case .authentication, .explicitCredentials, .networkFlow, .shareAccess, .kerberos:
            learnAddresses(event)
        default:
            return out
        }
        if event.kind == .authentication, event.logonType == 9, event.outcome != .failure {
            recordNewCredentials(event)
        }
        let names = addressNames
        guard let access = RemoteAccess.from(event, configuration: configuration, resolve: { names.peek($0) }) else { return out }
        statistics.remoteAccesses += 1
        handle(access, into: &out)
        return out
    }

    public mutating func advance(to time: EpochMillis) -> [Signal] {
        now = max(now, time)
        return flush(upTo: time)
    }

    public mutating func drain() -> [Signal] {
        flush(upTo: Int64.max)
    }

    // MARK: - Learning the graph

    private mutating func learnAddresses(_ e: Event) {
        // Most events repeat a known mapping: a lookup is cheaper than an update.
        if let ip = e.sourceIP, let host = e.sourceHost, ip != host, addressNames.peek(ip) != host {
            addressNames.update(ip, make: { host }) { $0 = host }
        }
        if let ip = e.destinationIP, let host = e.destinationHost, ip != host, addressNames.peek(ip) != host {
            addressNames.update(ip, make: { host }) { $0 = host }
        }
    }

    private mutating func recordNewCredentials(_ e: Event) {
        guard let host = e.destinationHost ?? e.sourceHost ?? e.destinationIP else { return }
        let key = host.uppercased()
        let account = e.properties["Network Account Name"] ?? e.user
        let c = configuration
        hosts.update(stableHash(key), make: { Self.newHost(display: host, key: key, role: nil, zone: nil, time: e.time, classifier: c.classifier) }) { h in
            h.type9Time = e.time
            h.type9Account = account
            h.type9Event = e.id
            h.lastSeen = max(h.lastSeen, e.time)
        }
    }

    static func newHost(display: String, key: String, role: String?, zone: String?, time: Int64, classifier: HostClassifier) -> HostState {
        let group = classifier.group(ofKey: key, assetRole: role, zone: zone)
        return HostState(display: display, group: group, role: classifier.role(ofGroup: group, assetRole: role), time: time)
    }

    /// Facts about one observation, taken before it is added to history.
    private struct HopFacts {
        var novel: Bool
        var edgeCount: Int
        var hub: Bool
        var accountNovel: Bool
        var accountHistory: Int
        var protocolNovelForGroup: Bool
        var peerKnows: Bool
        var peerDestinations: Int
        var groupPairNovel: Bool
        var kerberosIn: UInt32
        var ntlmIn: UInt32
        var type9Minutes: Double?
        var type9Account: String?
        var type9Event: String?
        var suspectHours: Double?
        var suspectTitle: String?
        var sourceGroup: String
        var sourceRole: HostRole
        var destinationGroup: String
        var destinationRole: HostRole
        var fanOut: (count: Int, novel: Int, names: [String])
        var learnedFanOut: Int
        var lastFanOutAlert: Int64
        var inbound: [Hop]
    }

    private mutating func handle(_ a: RemoteAccess, into out: inout [Signal]) {
        let c = configuration
        let learning = isLearning(at: a.time)
        let sourceHash = stableHash(a.sourceKey), destinationHash = stableHash(a.destinationKey)

        // The destination: its logon packages (read before this logon counts) and its group.
        let dst = hosts.update(destinationHash, make: {
            Self.newHost(display: a.destination, key: a.destinationKey, role: a.destinationAssetRole, zone: a.destinationZone, time: a.time,
                         classifier: c.classifier)
        }) { d -> (UInt32, UInt32, String, HostRole) in
            let before = (d.kerberosIn, d.ntlmIn, d.group, d.role)
            if a.logonType == 3 {
                if a.isNTLM { d.ntlmIn &+= 1 } else if a.authPackage?.uppercased().contains("KERBEROS") ?? false { d.kerberosIn &+= 1 }
            }
            d.lastSeen = max(d.lastSeen, a.time)
            return before
        }
        if dst.evicted != nil { statistics.hostsEvicted += 1 }
        let (kerberosIn, ntlmIn, destinationGroup, destinationRole) = dst.result
        let accountHash = a.account.map { stableHash($0.lowercased()) }

        let src = hosts.update(sourceHash, make: {
            Self.newHost(display: a.source, key: a.sourceKey, role: a.sourceAssetRole, zone: a.sourceZone, time: a.time, classifier: c.classifier)
        }) { s -> HopFacts in
            s.lastSeen = max(s.lastSeen, a.time)
            let novel = !s.edges.contains(destinationHash)
            let edgeCount = s.edges.count
            if novel {
                if s.edges.count < c.maximumEdgesPerHost { s.edges.insert(destinationHash) } else { s.edgesFull = true }
            }
            let accountHistory = s.accounts.count
            let accountNovel = accountHash.map { s.addAccount($0) } ?? false
            s.protocols |= a.protocolBit
            var type9Minutes: Double?
            if s.type9Time != Int64.min, a.time >= s.type9Time, a.time - s.type9Time <= c.type9Window {
                type9Minutes = Double(a.time - s.type9Time) / 60_000
            }
            var suspectHours: Double?
            if s.lastSignal != Int64.min, a.time >= s.lastSignal, a.time - s.lastSignal <= c.suspectMemory {
                suspectHours = Double(a.time - s.lastSignal) / 3_600_000
            }
            // The window's distinct count changes only when a destination not already in it arrives.
            let since = a.time - c.fanOutWindow
            let inWindow = s.recent.contains { $0.destination == destinationHash && $0.time > since }
            s.pushRecent(RecentDestination(time: a.time, destination: destinationHash, name: a.destination, novel: novel && !learning))
            let window = inWindow ? (count: 0, novel: 0, names: [String]()) : s.distinctRecent(since: since)
            if learning { s.learnedFanOut = max(s.learnedFanOut, window.count) }
            return HopFacts(
                novel: novel, edgeCount: edgeCount, hub: s.edgesFull, accountNovel: accountNovel, accountHistory: accountHistory,
                protocolNovelForGroup: false, peerKnows: false, peerDestinations: 0, groupPairNovel: false, kerberosIn: kerberosIn,
                ntlmIn: ntlmIn, type9Minutes: type9Minutes, type9Account: s.type9Account, type9Event: s.type9Event,
                suspectHours: suspectHours, suspectTitle: s.lastSignalTitle, sourceGroup: s.group,
                sourceRole: s.role, destinationGroup: destinationGroup, destinationRole: destinationRole, fanOut: window,
                learnedFanOut: s.learnedFanOut, lastFanOutAlert: s.lastFanOutAlert, inbound: s.inbound)
        }
        if src.evicted != nil { statistics.hostsEvicted += 1 }
        var facts = src.result

        // The peer group's view, then this hop joins it.
        let groupKey = groups[facts.sourceGroup] != nil || groups.count < c.maximumGroups ? facts.sourceGroup : "(other)"
        var group = groups[groupKey] ?? GroupState()
        facts.peerKnows = group.destinations.contains(destinationHash)
        facts.peerDestinations = group.destinations.count
        let destinationGroupHash = stableHash(destinationGroup)
        facts.groupPairNovel = !group.destinationGroups.contains(destinationGroupHash)
        facts.protocolNovelForGroup = group.protocols & a.protocolBit == 0
        if group.destinations.count < c.maximumDestinationsPerGroup { group.destinations.insert(destinationHash) }
        if group.destinationGroups.count < 4096 { group.destinationGroups.insert(destinationGroupHash) }
        group.protocols |= a.protocolBit
        groups[groupKey] = group

        // The hop becomes an inbound hop of the destination (one per burst of events).
        let hop = Hop(source: a.source, sourceKey: sourceHash, account: a.account, protocolName: a.protocolName, time: a.time,
                      eventID: a.eventID, novel: facts.novel && !learning, ntlm: a.isNTLM)
        hosts.modifyIfPresent(destinationHash) { d in
            if let last = d.inbound.indices.last(where: { d.inbound[$0].sourceKey == sourceHash && a.time - d.inbound[$0].time <= c.coalesceWindow }) {
                d.inbound[last].novel = d.inbound[last].novel || hop.novel
                d.inbound[last].ntlm = d.inbound[last].ntlm || hop.ntlm
                if d.inbound[last].account == nil { d.inbound[last].account = hop.account }
            } else {
                d.pushInbound(hop)
            }
        }

        if learning {
            if facts.novel { statistics.edgesLearned += 1 }
            return
        }
        if facts.novel { statistics.newEdges += 1 }

        mergeOrOpenPending(a, facts: facts, sourceHash: sourceHash, destinationHash: destinationHash)
        if let s = fanOutSignal(a, facts: facts, sourceHash: sourceHash) { out.append(s) }
        if let s = chainSignal(a, facts: facts, sourceHash: sourceHash, destinationHash: destinationHash) { out.append(s) }
    }

    // MARK: - New edges

    private func kerberosNormal(_ kerberos: UInt32, _ ntlm: UInt32) -> Bool {
        let total = Double(kerberos) + Double(ntlm)
        return Int(kerberos) >= configuration.kerberosNormalMinimum && total > 0
            && Double(ntlm) / total <= configuration.kerberosNormalMaximumNTLMShare
    }

    private mutating func mergeOrOpenPending(_ a: RemoteAccess, facts f: HopFacts, sourceHash: UInt64, destinationHash: UInt64) {
        let key = stableHash(sourceHash, destinationHash)
        let unusualNTLM = a.isNTLM && kerberosNormal(f.kerberosIn, f.ntlmIn)
        if let i = pending.firstIndex(where: { $0.key == key }) {
            pending[i].add(a)
            if f.accountNovel && f.accountHistory > 0 { pending[i].accountNovel = true }
            if unusualNTLM { pending[i].destinationKerberos = f.kerberosIn; pending[i].destinationNTLM = f.ntlmIn }
            if pending[i].type9Minutes == nil, let m = f.type9Minutes {
                pending[i].type9Minutes = m; pending[i].type9Account = f.type9Account; pending[i].type9Event = f.type9Event
            }
            pending[i].protocolNovelForGroup = pending[i].protocolNovelForGroup || f.protocolNovelForGroup
            return
        }
        guard f.novel else { return }
        var p = PendingEdge(
            key: key, sourceHash: sourceHash, deadline: a.time + configuration.coalesceWindow, first: a, time: a.time, sourceEdgeCount: f.edgeCount,
            peerKnows: f.peerKnows, peerDestinationCount: f.peerDestinations, groupPairNovel: f.groupPairNovel, sourceGroup: f.sourceGroup,
            sourceRole: f.sourceRole, destinationGroup: f.destinationGroup, destinationRole: f.destinationRole,
            accountNovel: f.accountNovel && f.accountHistory > 0, accountHistory: f.accountHistory,
            protocolNovelForGroup: f.protocolNovelForGroup, hub: f.hub, destinationKerberos: f.kerberosIn, destinationNTLM: f.ntlmIn,
            type9Minutes: f.type9Minutes, type9Account: f.type9Account, type9Event: f.type9Event, suspectHours: f.suspectHours,
            suspectTitle: f.suspectTitle)
        p.add(a)
        pending.append(p)
    }

    private mutating func flush(upTo time: Int64) -> [Signal] {
        guard !pending.isEmpty, pending.contains(where: { $0.deadline <= time }) else { return [] }
        var out: [Signal] = []
        var keep: [PendingEdge] = []
        for p in pending {
            if p.deadline <= time {
                if let s = edgeSignal(p) { out.append(s) }
            } else {
                keep.append(p)
            }
        }
        pending = keep
        return out
    }

    /// The score of a new edge and the reasons behind it.
    func edgeScore(_ p: PendingEdge) -> Double {
        var s = 0.3
        s += p.peerKnows ? -0.1 : 0.2
        if p.groupPairNovel { s += 0.1 }
        if p.sourceRole == .server, p.destinationRole == .server, p.sourceGroup != p.destinationGroup { s += 0.15 }
        let administrative = p.adminShare || p.protocols.contains { $0 == "RDP" || $0 == "WinRM" || $0 == "WMI/DCOM" }
        if p.sourceRole == .workstation, p.destinationRole == .server, administrative { s += 0.1 }
        if p.accountNovel { s += 0.15 }
        if p.ntlm && kerberosNormal(p.destinationKerberos, p.destinationNTLM) { s += 0.15 }
        if p.type9Minutes != nil { s += 0.2 }
        if p.suspectHours != nil { s += 0.15 }
        if p.protocolNovelForGroup { s += 0.1 }
        if p.sourceRole == .adminStation { s -= 0.2 }
        if p.hub { s -= 0.1 }
        return min(1, max(0, s))
    }

    private mutating func edgeSignal(_ p: PendingEdge) -> Signal? {
        let score = edgeScore(p)
        guard score >= configuration.threshold else { return nil }
        if let fan = hosts.peek(p.sourceHash)?.lastFanOutAlert, fan != Int64.min, p.time - fan <= configuration.fanOutWindow {
            statistics.edgesFoldedIntoFanOut += 1
            return nil
        }
        statistics.edgeSignals += 1
        let a = p.first
        let title = "New remote-admin connection \(a.source) → \(a.destination) over \(p.protocols.joined(separator: "/")) as "
            + (p.accounts.isEmpty ? "an unknown account" : p.accounts.joined(separator: ", "))
        hosts.modifyIfPresent(p.sourceHash) { h in
            h.lastSignal = max(h.lastSignal, p.time)
            h.lastSignalTitle = title
        }
        let accounts = p.accounts.isEmpty ? "an unknown account" : p.accounts.joined(separator: ", ")
        var deviations: [FeatureDeviation] = [
            FeatureDeviation(
                feature: "host_edge_history", observed: 0, baseline: Double(p.sourceEdgeCount), unit: "prior connections",
                detail: "\(a.source) had reached \(p.sourceEdgeCount) other host(s) over remote-administration paths; \(a.destination) is new."),
            FeatureDeviation(
                feature: "peer_edge_history", observed: p.peerKnows ? 1 : 0, peerBaseline: Double(p.peerDestinationCount),
                peerGroup: p.sourceGroup, unit: "peers reaching destination",
                detail: p.peerKnows
                    ? "Other hosts in peer group \(p.sourceGroup) have reached \(a.destination) before."
                    : "No host in peer group \(p.sourceGroup) has reached \(a.destination) (the group reaches \(p.peerDestinationCount) hosts)"
                        + (p.groupPairNovel ? ", nor any host in group \(p.destinationGroup)." : ".")),
        ]
        if p.accountNovel {
            deviations.append(FeatureDeviation(
                feature: "account_from_host", observed: 0, baseline: Double(p.accountHistory), unit: "prior uses",
                detail: "\(accounts) had never authenticated from \(a.source) (\(p.accountHistory) account(s) seen from it before)."))
        }
        if p.ntlm && kerberosNormal(p.destinationKerberos, p.destinationNTLM) {
            let total = Double(p.destinationKerberos) + Double(p.destinationNTLM)
            deviations.append(FeatureDeviation(
                feature: "ntlm_share", observed: 1, baseline: total > 0 ? Double(p.destinationNTLM) / total : 0, unit: "share of logons",
                detail: "NTLM was used, where \(a.destination) saw \(p.destinationKerberos) Kerberos and \(p.destinationNTLM) NTLM network logons."))
        }
        if let m = p.type9Minutes {
            deviations.append(FeatureDeviation(
                feature: "type9_logon", observed: m, baseline: Double(configuration.type9Window) / 60_000, unit: "minutes before",
                detail: "A NewCredentials (type 9) logon\(p.type9Account.map { " as " + $0 } ?? "") on \(a.source) \(Format.number(m, digits: 1)) min "
                    + "earlier: the pass-the-hash pattern."))
        }
        if p.sourceRole == .server, p.destinationRole == .server, p.sourceGroup != p.destinationGroup {
            deviations.append(FeatureDeviation(
                feature: "server_to_server", observed: 1, baseline: 0, peerGroup: p.sourceGroup, unit: "non-peer server edge",
                detail: "Server-to-server connection between groups \(p.sourceGroup) and \(p.destinationGroup)."))
        }
        if let hours = p.suspectHours {
            deviations.append(FeatureDeviation(
                feature: "source_already_raised", observed: hours, baseline: Double(configuration.suspectMemory) / 3_600_000,
                unit: "hours since",
                detail: "\(a.source) raised lateral movement \(Format.number(hours, digits: 1)) h earlier"
                    + (p.suspectTitle.map { ": \"\($0)\"" } ?? "") + "."))
        }
        if p.protocolNovelForGroup {
            deviations.append(FeatureDeviation(
                feature: "protocol_in_group", observed: 1, baseline: 0, peerGroup: p.sourceGroup, unit: "first use",
                detail: "\(p.first.protocolName) had never been used from any host in group \(p.sourceGroup)."))
        }
        var related = [EntityRef(kind(of: a.destination), a.destination)]
        related += p.accounts.map { EntityRef(.user, $0) }
        var evidence = p.evidence
        if let e = p.type9Event, p.type9Minutes != nil, !evidence.contains(e) { evidence.insert(e, at: 0) }
        let technique = p.ntlm && p.type9Minutes != nil ? "T1550.002" : a.technique
        return Signal(
            id: stableID(id, "edge", a.sourceKey, a.destinationKey, String(a.time)), detector: id,
            entity: EntityRef(kind(of: a.source), a.source), related: related, time: p.time, score: score,
            title: title,
            deviations: deviations, evidence: evidence, technique: technique)
    }

    private func kind(of host: String) -> EntityKind { NetworkAddress.isAddress(host) ? .ip : .host }

    // MARK: - Fan-out and chains

    private mutating func fanOutSignal(_ a: RemoteAccess, facts f: HopFacts, sourceHash: UInt64) -> Signal? {
        let c = configuration
        let base = f.sourceRole == .adminStation ? c.adminFanOutThreshold : c.fanOutThreshold
        let needed = max(base, Int((c.fanOutLearnedFactor * Double(f.learnedFanOut)).rounded(.up)))
        guard f.fanOut.count >= needed, f.fanOut.novel >= c.fanOutMinimumNew,
              f.lastFanOutAlert == Int64.min || a.time - f.lastFanOutAlert >= c.fanOutWindow
        else { return nil }
        hosts.modifyIfPresent(sourceHash) { $0.lastFanOutAlert = a.time }
        statistics.fanOutSignals += 1
        let score = min(1, 0.55 + 0.05 * Double(f.fanOut.count - needed) + 0.05 * Double(f.fanOut.novel))
        let minutes = Format.number(Double(c.fanOutWindow) / 60_000, digits: 0)
        let names = f.fanOut.names.prefix(12).joined(separator: ", ")
        var related = f.fanOut.names.prefix(32).map { EntityRef(kind(of: $0), $0) }
        if let acct = a.account { related.append(EntityRef(.user, acct)) }
        return Signal(
            id: stableID(id, "fanout", a.sourceKey, String(a.time)), detector: id, entity: EntityRef(kind(of: a.source), a.source),
            related: related, time: a.time, score: score,
            title: "Fan-out: \(a.source) reached \(f.fanOut.count) hosts over remote-admin protocols within \(minutes) min (\(f.fanOut.novel) new)",
            deviations: [
                FeatureDeviation(
                    feature: "destinations_per_window", observed: Double(f.fanOut.count), baseline: Double(f.learnedFanOut),
                    unit: "hosts per \(minutes) min",
                    detail: "\(a.source) reached \(f.fanOut.count) distinct hosts (\(names)); its largest burst while learning was "
                        + "\(f.learnedFanOut), the threshold for a \(f.sourceRole.rawValue) is \(needed)."),
                FeatureDeviation(
                    feature: "new_destinations", observed: Double(f.fanOut.novel), baseline: 0, unit: "hosts",
                    detail: "\(f.fanOut.novel) of them had never been reached from \(a.source)."),
            ],
            evidence: [a.eventID], technique: "T1021")
    }

    private mutating func chainSignal(_ a: RemoteAccess, facts f: HopFacts, sourceHash: UInt64, destinationHash: UInt64) -> Signal? {
        let c = configuration
        // A chain needs a new second hop, or the first hop's account reused on a known one: B's routine traffic
        // under its own accounts after someone reached B is not movement.
        guard let first = f.inbound.filter({
            $0.time <= a.time && a.time - $0.time <= c.chainWindow && $0.sourceKey != destinationHash && $0.sourceKey != sourceHash
                && (f.novel || ($0.novel && $0.account != nil && $0.account?.lowercased() == a.account?.lowercased()))
        }).max(by: { $0.time < $1.time }) else { return nil }
        let chainKey = stableHash(stableHash(first.sourceKey, sourceHash), destinationHash)
        if let last = emittedChains.peek(chainKey), a.time - last <= c.chainWindow { return nil }
        var score = 0.55
        let novelHops = (first.novel ? 1 : 0) + (f.novel ? 1 : 0)
        score += 0.15 * Double(novelHops)
        if first.ntlm || a.isNTLM { score += 0.1 }
        let sameAccount = first.account != nil && first.account?.lowercased() == a.account?.lowercased()
        if sameAccount { score += 0.1 }
        if f.sourceRole == .adminStation { score -= 0.25 }
        guard score >= c.threshold else { return nil }
        emittedChains.update(chainKey, make: { a.time }) { $0 = a.time }
        statistics.chainSignals += 1
        hosts.modifyIfPresent(first.sourceKey) { h in
            h.lastSignal = max(h.lastSignal, a.time)
            h.lastSignalTitle = "chain through \(a.source) to \(a.destination)"
        }
        let firstAccount = first.account ?? "unknown account"
        let secondAccount = a.account ?? "unknown account"
        let minutes = Double(a.time - first.time) / 60_000
        var related = [EntityRef(kind(of: a.source), a.source), EntityRef(kind(of: a.destination), a.destination)]
        for acct in [first.account, a.account].compactMap({ $0 }) where !related.contains(EntityRef(.user, acct)) {
            related.append(EntityRef(.user, acct))
        }
        return Signal(
            id: stableID(id, "chain", first.source.uppercased(), a.sourceKey, a.destinationKey, String(a.time)), detector: id,
            entity: EntityRef(kind(of: first.source), first.source), related: related, time: a.time, score: min(1, score),
            title: "Chain \(first.source) →[\(firstAccount), \(first.protocolName)] \(a.source) →[\(secondAccount), \(a.protocolName)] "
                + "\(a.destination) within \(Format.number(minutes, digits: 0)) min",
            deviations: [
                FeatureDeviation(
                    feature: "hop1", observed: first.novel ? 1 : 0, baseline: 0, unit: "new edge",
                    detail: "\(first.source) → \(a.source) as \(firstAccount) over \(first.protocolName) at \(Format.timestamp(first.time))"
                        + (first.novel ? " (never seen before)" : " (known edge)") + (first.ntlm ? ", NTLM" : "") + "."),
                FeatureDeviation(
                    feature: "hop2", observed: f.novel ? 1 : 0, baseline: 0, unit: "new edge",
                    detail: "\(a.source) → \(a.destination) as \(secondAccount) over \(a.protocolName) at \(Format.timestamp(a.time))"
                        + (f.novel ? " (never seen before)" : " (known edge)") + (a.isNTLM ? ", NTLM" : "") + "."),
                FeatureDeviation(
                    feature: "hop_gap", observed: minutes, baseline: Double(c.chainWindow) / 60_000, unit: "minutes",
                    detail: "The second hop followed the first within \(Format.number(minutes, digits: 1)) min"
                        + (sameAccount ? ", with the same account." : ".")),
            ],
            evidence: [first.eventID, a.eventID], technique: "T1021")
    }
}
