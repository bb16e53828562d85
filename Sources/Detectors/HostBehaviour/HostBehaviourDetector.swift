import VigilCore

/// Settings of ``HostBehaviourDetector``.
public struct HostBehaviourConfiguration: Sendable, Hashable {
    /// A behaviour seen on this many hosts or more is the estate's routine: its score is quartered.
    public var commonHosts: Int = 10
    /// Behaviour keys whose prevalence is remembered at most (least recently seen are forgotten).
    public var maximumKeys: Int = 100_000
    /// Hosts remembered per behaviour key (enough to tell rare from common).
    public var hostsPerKey: Int = 16

    public init() {}
}

/// Counters of the host-behaviour detector.
public struct HostBehaviourStatistics: Sendable, Hashable {
    public var matched = 0
    public var signals = 0
    /// Matches not raised again: the same behaviour and key on the same host the same day.
    public var repeats = 0
}

/// ATT&CK host behaviours (``HostBehaviourCatalog``: log clearing, audit-policy changes, new services and tasks,
/// privileged group changes, DCSync, LSASS access, autostart registry writes, admin-share executables, LOLBins and
/// offensive tooling in command lines and script blocks, suspicious parent → child pairs, Linux credential access and
/// reverse shells) scored by how unusual they are here, not by their names alone.
///
/// Each match has a strength of its own (the catalog's `base`); the signal's score is that strength times the
/// behaviour's rarity across the estate: first seen anywhere ×1, on fewer than three hosts ×0.75, fewer than
/// ``HostBehaviourConfiguration/commonHosts`` ×0.5, more ×0.25 — and ×0.5 when this host did it before. So IT's own
/// routine use of `certutil` or `schtasks` on many machines fades, while one host doing several rare things within
/// minutes adds up: every behaviour is its own risk feature, so the composite risk of the host crosses its threshold
/// on a few diverse observations, and many of one kind (first Sysmon data of a new host) count once a day.
///
/// Signals name the host (the event's device, else its source host) as entity and the acting account as related
/// entity, unless the account is the host's own (SYSTEM, `HOST$`).
public struct HostBehaviourDetector: Detector {
    public let id = "host-behaviour"
    public var configuration: HostBehaviourConfiguration
    public private(set) var statistics = HostBehaviourStatistics()

    struct Prevalence: Sendable {
        var hosts: [String] = []
        var moreHosts = 0
        var count: Int { hosts.count + moreHosts }
    }
    private var prevalence: BoundedLRU<String, Prevalence>
    /// (host, behaviour, key) → the day last raised.
    private var raised: BoundedLRU<String, Int>

    public init(configuration: HostBehaviourConfiguration = HostBehaviourConfiguration()) {
        self.configuration = configuration
        prevalence = BoundedLRU(capacity: max(1, configuration.maximumKeys))
        raised = BoundedLRU(capacity: max(1, configuration.maximumKeys))
    }

    public mutating func process(_ event: Event) -> [Signal] {
        let matches = HostBehaviourCatalog.matches(event)
        guard !matches.isEmpty, let host = event.device ?? event.sourceHost ?? event.destinationHost, !host.isEmpty else { return [] }
        let day = UTCTime.epochDay(event.time)
        var out: [Signal] = []
        for m in matches {
            statistics.matched += 1
            let prevalenceKey = m.behaviour + "|" + m.key
            let limit = configuration.hostsPerKey
            let (before, onThisHost) = prevalence.update(prevalenceKey, make: { Prevalence() }) { p -> (Int, Bool) in
                let seen = p.hosts.contains(host)
                let count = p.count
                if !seen {
                    if p.hosts.count < limit { p.hosts.append(host) } else { p.moreHosts += 1 }
                }
                return (seen ? count - 1 : count, seen)
            }.result
            let raisedKey = host + "|" + prevalenceKey
            if raised.peek(raisedKey) == day {
                statistics.repeats += 1
                continue
            }
            _ = raised.update(raisedKey, make: { day }) { $0 = day }
            let rarity: Double = before == 0 ? 1 : before < 3 ? 0.75 : before < configuration.commonHosts ? 0.5 : 0.25
            let score = m.base * rarity * (onThisHost ? 0.5 : 1)
            let prevalenceText = before == 0 ? "first seen on any host" : "seen on \(before) other host\(before == 1 ? "" : "s")"
            let detail = m.detail + "; " + prevalenceText + (onThisHost ? ", and on this host before" : "")
            var related: [EntityRef] = []
            if let user = event.user, !user.isEmpty, !event.isHostAccountActivity { related.append(EntityRef(.user, user)) }
            statistics.signals += 1
            out.append(Signal(
                id: stableID("host-behaviour", host, prevalenceKey, String(day)), detector: id, entity: EntityRef(.host, host), related: related,
                time: event.time, score: score, title: "\(m.behaviour) on \(host): \(HostBehaviourCatalog.clip(m.detail, 160))",
                deviations: [FeatureDeviation(feature: m.behaviour, observed: Double(before), baseline: nil, unit: "other hosts",
                                              detail: detail)],
                evidence: [event.id], technique: m.technique))
        }
        return out
    }
}
