import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the analytics produced for one event (or one advance of time).
public struct AnalyticsOutput: Sendable {
    /// Deviation signals (one per family that deviated), isolation-forest and peer-group signals.
    public var signals: [Signal] = []
    /// Alerts: entities whose composite risk crossed their threshold.
    public var alerts: [RiskAlert] = []
    /// Signals that matched an analyst suppression and so added no risk.
    public var suppressed: [Signal] = []

    public init() {}

    mutating func append(_ other: AnalyticsOutput) {
        signals += other.signals
        alerts += other.alerts
        suppressed += other.suppressed
    }
}

/// One closed entity-day window: the features the isolation forest sees, with the score it gave.
public struct EntityWindow: Sendable, Hashable {
    public var entity: EntityRef
    /// Epoch day (UTC) of the window.
    public var day: Int
    public var features: [Double]
    /// Isolation-forest score, when a forest was trained.
    public var score: Double?
    /// Events that carried the most evidence in the window.
    public var evidence: [String]
}

/// Memory held by the analytics, measured by summing the capacities of its arrays and tables.
public struct MemoryReport: Sendable, Hashable {
    public var entities: Int
    /// Baseline tables (hour of week, capped value maps, volumes, scalars).
    public var baselineBytes: Int
    /// Entity-name index.
    public var indexBytes: Int
    /// Organisation sketch, calibration histograms, peer groups, names, forest, windows.
    public var sharedBytes: Int
    /// Baseline bytes per entity, as configured (independent of the number of entities).
    public var bytesPerEntity: Int

    public var totalBytes: Int { baselineBytes + indexBytes + sharedBytes }
}

/// Counters for monitoring.
public struct AnalyticsCounters: Sendable, Hashable {
    public var events = 0
    public var scored = 0
    public var signals = 0
    public var alerts = 0
    public var suppressed = 0
    public var peerRecomputations = 0
    public var forestTrainings = 0
}

/// Vigil's behavioural analytics: per-entity baselines in every dimension at once, peer groups learned from
/// behaviour, calibrated deviation signals, an isolation forest over entity-days, and a composite risk with a
/// dynamic threshold. A ``Detector``: feed events in time order; signals and alerts come back.
///
/// ```swift
/// var analytics = BehaviouralAnalytics(configuration: .init(), directory: directory, sites: sites)
/// for event in events {
///     let out = analytics.ingest(event)
///     for alert in out.alerts { print(alert.summary) }
/// }
/// ```
///
/// Everything is deterministic for a configuration and an event sequence: no wall clock, no unseeded randomness,
/// no dictionary-order dependence in what is emitted.
public struct BehaviouralAnalytics: Detector {
    public let id = "behaviour"
    public let configuration: AnalyticsConfiguration
    public var directory: EntityDirectory
    public var sites: SiteMap
    /// Analyst feedback: family recalibration and suppressions.
    public internal(set) var feedback = FeedbackLedger()
    /// The composite risk per entity.
    public internal(set) var risk: RiskEngine
    /// Counters.
    public internal(set) var counters = AnalyticsCounters()
    /// The latest peer-group recomputation.
    public var peerGroupReport: PeerGroupReport? { peers.report }
    /// Closed windows, kept when ``recordWindows`` is on (for the cross-check and for tests).
    public internal(set) var closedWindows: [EntityWindow] = []
    /// Whether to keep every closed window in ``closedWindows``.
    public var recordWindows = false

    var store: EntityStore
    var peers = PeerModel()
    var calibrators: [SurpriseCalibrator]
    var orgUsage = CountMinSketch()
    var orgUsers: Float = 0
    var names = NameRegistry()
    var forest = ForestState()
    let kernel: [Float]
    var firstDay: Int32 = .min
    var currentDay: Int32 = .min
    var now: EpochMillis = .min
    var lastPeerDay: Int32 = .min
    var touched: [Int] = []
    var familyWeights: [Double]
    /// HR context in force per entity (sparse).
    var contexts: [EntityRef: EntityContext] = [:]
    /// Reused buffer for one event's dimension scores (no allocation per event).
    var scratch: [DimensionScore] = []

    public init(configuration: AnalyticsConfiguration = AnalyticsConfiguration(), directory: EntityDirectory = EntityDirectory(),
                sites: SiteMap = SiteMap()) {
        self.configuration = configuration
        self.directory = directory
        self.sites = sites
        store = EntityStore(configuration: configuration)
        risk = RiskEngine(configuration: configuration)
        calibrators = Array(repeating: SurpriseCalibrator(), count: Dimension.allCases.count)
        var k = configuration.hourKernel.map { Float($0) }
        if k.isEmpty { k = [1] }
        let sum = k[0] + 2 * k.dropFirst().reduce(0, +)
        kernel = k.map { $0 / max(sum, 1e-6) }
        familyWeights = SignalFamily.allCases.map { configuration.familyWeights[$0.rawValue] ?? 1 }
    }

    /// Names of the isolation forest's entity-day features, in order (``EntityWindow/features``).
    public static var windowFeatureNames: [String] { ForestState.featureNames }

    /// Which entity an event's behaviour is attributed to (the acting account, or the host for machine activity).
    public static func entity(of event: Event) -> EntityRef? { EventView.entity(of: event) }

    // MARK: Detector

    public mutating func process(_ event: Event) -> [Signal] {
        let out = ingest(event)
        return out.signals + out.alerts.map(\.signal)
    }

    public mutating func advance(to time: EpochMillis) -> [Signal] {
        let out = advanceTime(to: time)
        return out.signals + out.alerts.map(\.signal)
    }

    // MARK: Ingest

    /// Takes one event; returns the signals and alerts it completes (and those due from a day that ended).
    public mutating func ingest(_ event: Event) -> AnalyticsOutput {
        var out = advanceTime(to: event.time)
        counters.events += 1
        let view = EventView(event, sites: sites)
        guard let entity = view.entity else { return out }
        let t = event.time
        let day = Int32(CivilCalendar.floorDiv(t, EpochMillis.day))
        let e: Int
        if let known = store.slot(of: entity) {
            e = known
        } else {
            // Directory and HR group are looked up once, when the entity is first seen.
            let attrs = directory.attributes(of: entity)
            let hr = peers.hrGroup(named: attrs?.hrGroup ?? (entity.kind == .host ? "hosts" : "unassigned"))
            e = store.slot(for: entity, day: day, rule: attrs?.timeZone, hrGroup: hr).slot
            if entity.kind == .user { orgUsers += 1 }
        }
        store.decay(e, to: day, halfLifeDays: configuration.baselineHalfLifeDays)
        if store.activeDay[e] != day || store.lifetimeEvents[e] == 0 {
            store.activeDay[e] = day
            touched.append(e)
        }

        var offset = store.offsetMinutes(e, at: t, fallback: directory.defaultTimeZone)
        if let tz = event.properties["tz"], let o = TimeZoneRule.parseOffset(tz) { offset = o }
        let local = t + EpochMillis(offset) * EpochMillis.minute
        let localHours = CivilCalendar.floorDiv(local, EpochMillis.hour)
        let hourOfWeek = ((localHours / 24 + 3) % 7 + 7) % 7 * 24 + (localHours % 24 + 24) % 24

        let learning = day < firstDay + Int32(configuration.learningDays)
        let calibrating = day >= firstDay + Int32(configuration.calibrationStartDay)
        let group = peers.ref(of: e, store: store)

        var scores = scratch
        scratch = []
        defer { scratch = scores }
        scoreEvent(e, view: view, event: event, hourOfWeek: hourOfWeek, localHours: localHours, group: group, into: &scores)
        if calibrating {
            counters.scored += 1
            // Calibration learns how surprising established entities' events are; an entity in its first days
            // (everything new) is judged against that but does not shape it.
            let mature = store.activeDays[e] >= 3
            for i in scores.indices {
                let d = scores[i].dimension.rawValue
                scores[i].evidence = scores[i].bits > 0 ? calibrators[d].evidence(scores[i].bits) : 0
                if mature { calibrators[d].record(scores[i].bits) }
            }
        }
        update(e, view: view, event: event, hourOfWeek: hourOfWeek, localHours: localHours, scores: scores)
        if calibrating { forest.accumulate(e, scores: scores, eventID: event.id, store: store) }
        if !learning, calibrating {
            out.append(emit(e, entity: entity, event: event, scores: scores, hourOfWeek: hourOfWeek, group: group))
        }
        return out
    }

    /// Feeds a signal from another detector (beaconing, lateral movement, log-source health) into the composite
    /// risk: it adds ``AnalyticsConfiguration/externalPointsPerScore`` × score points (weighted by the `external`
    /// family weight and analyst feedback), once per detector and feature per day.
    public mutating func ingest(external signal: Signal) -> AnalyticsOutput {
        var out = advanceTime(to: signal.time)
        let family = SignalFamily.of(detector: signal.detector) ?? .external
        let hour = hourOfWeek(of: signal.entity, at: signal.time)
        if let s = feedback.suppression(for: signal.entity, family: family, time: signal.time, hourOfWeek: hour) {
            _ = s
            counters.suppressed += 1
            out.suppressed.append(signal)
            return out
        }
        let points = familyWeights[SignalFamily.allCases.firstIndex(of: family)!] * feedback.multiplier(family)
            * configuration.externalPointsPerScore * signal.score * riskScale(signal.entity, at: signal.time)
        let key = FeatureHash.hash(signal.detector + "|" + (signal.deviations.first?.feature ?? signal.title), seed: 77)
        let dayKey = key ^ UInt64(CivilCalendar.floorDiv(signal.time, EpochMillis.day))
        if let alert = risk.add(signal, family: family, points: points, key: dayKey).alert {
            counters.alerts += 1
            out.alerts.append(alert)
        }
        // The acting account carries the host's behaviour too (see AnalyticsConfiguration.actorDetectors).
        if configuration.actorDetectors.contains(signal.detector), signal.score >= configuration.actorMinimumScore, signal.entity.kind != .user,
           let actor = signal.related.first(where: { $0.kind == .user && !$0.id.isEmpty }) {
            var charged = signal
            charged.entity = actor
            charged.related = [signal.entity] + signal.related.filter { $0 != actor }
            if let alert = risk.add(charged, family: family, points: points, key: dayKey ^ 0xAC70).alert {
                counters.alerts += 1
                out.alerts.append(alert)
            }
        }
        return out
    }

    /// Moves time forward: closes days (isolation-forest windows, daily baselines, thresholds) and recomputes peer
    /// groups when due.
    public mutating func advanceTime(to time: EpochMillis) -> AnalyticsOutput {
        var out = AnalyticsOutput()
        guard time > now else { return out }
        now = time
        let day = Int32(CivilCalendar.floorDiv(time, EpochMillis.day))
        if firstDay == .min {
            firstDay = day
            currentDay = day
            return out
        }
        while currentDay < day {
            out.append(closeDay(currentDay))
            currentDay += 1
        }
        return out
    }

    /// The local hour of the week of an instant for an entity (its time zone from the directory).
    public func hourOfWeek(of entity: EntityRef, at t: EpochMillis) -> Int {
        let rule = directory.attributes(of: entity)?.timeZone ?? directory.defaultTimeZone
        let local = t + EpochMillis(rule.offsetMinutes(at: t)) * EpochMillis.minute
        let h = CivilCalendar.floorDiv(local, EpochMillis.hour)
        return ((h / 24 + 3) % 7 + 7) % 7 * 24 + (h % 24 + 24) % 24
    }

    // MARK: Feedback

    /// Applies an analyst's verdict on an alert or signal: recalibrates the contributing families and creates the
    /// scoped, expiring suppression the outcome calls for.
    @discardableResult
    public mutating func apply(_ f: AnalystFeedback) -> Suppression? {
        var families: [(SignalFamily, Double)] = []
        if f.subject.detector == "risk" {
            // The alert's deviations after the first are its contributions' leading deviations; recover the
            // families from the contributing signals kept by the risk engine when possible.
            let contributions = risk.states[f.subject.entity]?.contributions ?? []
            for c in contributions where f.subject.time - c.signal.time <= 3 * EpochMillis.day && c.signal.time <= f.subject.time {
                if let i = families.firstIndex(where: { $0.0 == c.family }) {
                    families[i].1 += c.points
                } else {
                    families.append((c.family, c.points))
                }
            }
        } else if let fam = SignalFamily.of(detector: f.subject.detector) {
            families = [(fam, 1)]
        }
        if families.isEmpty { families = [(.external, 1)] }
        let hour = hourOfWeek(of: f.subject.entity, at: f.subject.time)
        return feedback.apply(f, families: families, hour: hour)
    }

    /// Adds a suppression announced ahead of time (a change ticket, a pentest engagement).
    public mutating func addSuppression(_ s: Suppression) { feedback.add(s) }

    // MARK: Introspection

    /// Memory held, measured by summing capacities.
    public var memory: MemoryReport {
        var shared = orgUsage.memoryBytes + names.memoryBytes + forest.memoryBytes
        for c in calibrators { shared += c.memoryBytes }
        for s in peers.hrStats { shared += s.memoryBytes }
        for s in peers.learnedStats { shared += s.memoryBytes }
        shared += peers.centroids.capacity * 4
        return MemoryReport(entities: store.count, baselineBytes: store.tableBytes, indexBytes: store.indexBytes,
                            sharedBytes: shared, bytesPerEntity: EntityStore.bytesPerEntity(configuration))
    }

    /// Entities with a baseline.
    public var entityCount: Int { store.count }

    /// Reserves room for about `entities` entities (from the directory's size), so that baseline arrays are
    /// allocated once instead of growing by doubling.
    public mutating func reserveCapacity(entities: Int) {
        store.reserve(entities: max(0, entities))
        forest.reserve(entities: max(0, entities))
    }

    /// The name of an entity's current peer group.
    public func peerGroupName(of entity: EntityRef) -> String? {
        guard let e = store.slot(of: entity) else { return nil }
        return peers.group(of: e, store: store)?.name
    }

    /// Recomputes peer groups now, learned ones included even before ``AnalyticsConfiguration/peerFirstDay``
    /// (normally this happens daily at midnight, stream time).
    @discardableResult
    public mutating func recomputePeerGroups() -> AnalyticsOutput {
        recomputePeers(day: currentDay == .min ? 0 : currentDay, time: now == .min ? 0 : now, force: true)
    }
}

/// How one event scores in one dimension (for consoles and debugging: "why was this, or was this not, raised?").
public struct DimensionScoreSummary: Sendable, Hashable {
    public var dimension: Dimension
    /// Surprise in bits under the entity's (and its peers') model.
    public var bits: Double
    /// Calibrated evidence (−log10 of the organisation-wide tail probability).
    public var evidence: Double
    public var isNew: Bool
}

extension BehaviouralAnalytics {
    /// Scores an event against the current baselines without learning from it.
    public func dimensionScores(of event: Event) -> [DimensionScoreSummary] {
        let view = EventView(event, sites: sites)
        guard let entity = view.entity, let e = store.slot(of: entity) else { return [] }
        var offset = (store.tzRule[e] ?? directory.defaultTimeZone).offsetMinutes(at: event.time)
        if let tz = event.properties["tz"], let o = TimeZoneRule.parseOffset(tz) { offset = o }
        let local = event.time + EpochMillis(offset) * EpochMillis.minute
        let localHours = CivilCalendar.floorDiv(local, EpochMillis.hour)
        let hourOfWeek = ((localHours / 24 + 3) % 7 + 7) % 7 * 24 + (localHours % 24 + 24) % 24
        var scores: [DimensionScore] = []
        scoreEvent(e, view: view, event: event, hourOfWeek: hourOfWeek, localHours: localHours, group: peers.ref(of: e, store: store),
                   into: &scores)
        return scores.map {
            var calibrator = calibrators[$0.dimension.rawValue]
            return DimensionScoreSummary(dimension: $0.dimension, bits: $0.bits, evidence: $0.bits > 0 ? calibrator.evidence($0.bits) : 0,
                                         isNew: $0.isNew)
        }
    }
}
