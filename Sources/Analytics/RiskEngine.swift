import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One signal's part in an entity's composite risk.
public struct RiskContribution: Sendable, Hashable {
    public var signal: Signal
    public var family: SignalFamily
    /// Risk points the signal added when it arrived.
    public var points: Double

    public init(signal: Signal, family: SignalFamily, points: Double) {
        self.signal = signal
        self.family = family
        self.points = points
    }
}

/// An alert: an entity's composite risk crossed its dynamic threshold. At most one per entity per day.
public struct RiskAlert: Sendable, Hashable, Identifiable {
    public var id: String
    public var entity: EntityRef
    public var time: EpochMillis
    /// Composite risk when the alert was raised (points; see ``RiskEngine``).
    public var risk: Double
    /// The entity's threshold at that time.
    public var threshold: Double
    /// The signals that carry the risk, strongest first (points decayed to the alert time).
    public var contributions: [RiskContribution]
    /// Evidence event ids of the contributing signals.
    public var evidence: [String]
    /// One-line explanation in numbers.
    public var summary: String

    public init(id: String, entity: EntityRef, time: EpochMillis, risk: Double, threshold: Double, contributions: [RiskContribution],
                evidence: [String], summary: String) {
        self.id = id
        self.entity = entity
        self.time = time
        self.risk = risk
        self.threshold = threshold
        self.contributions = contributions
        self.evidence = evidence
        self.summary = summary
    }

    /// The alert as a VigilCore signal (detector `risk`): the composite risk against its threshold, followed by
    /// the strongest deviations of the contributing signals.
    public var signal: Signal {
        var deviations = [FeatureDeviation(feature: "composite_risk", observed: risk, baseline: threshold, unit: "points",
                                           detail: "Composite risk \(Format.decimal(risk)) crossed the entity's threshold \(Format.decimal(threshold))")]
        for c in contributions.prefix(6) {
            if let d = c.signal.deviations.first { deviations.append(d) }
        }
        return Signal(id: id, detector: "risk", entity: entity, time: time, score: min(1, risk / (2 * max(threshold, 1e-9))),
                      title: summary, deviations: deviations, evidence: evidence,
                      technique: contributions.first?.signal.technique)
    }
}

/// Composite risk per entity: signals add points that decay with a half-life, and an alert is raised when the sum
/// crosses a dynamic threshold.
///
/// **Scale.** A signal with calibrated evidence `E` (−log10 of how rare the deviation is among all recent events)
/// adds `w_family × m_feedback × (E − background)` points, with background 2.5: one point is one order of
/// magnitude of rarity beyond "one event in ~300". Risk halves every ``AnalyticsConfiguration/riskHalfLifeHours``
/// (24 h by default, i.e. ×0.9715 per hour, where QRadar UBA subtracts a fixed decay from its sense values each
/// hour). Repeats of the same deviation within a day add only their increase, so a burst of identical events is
/// one piece of evidence. For QRadar UBA users: multiply points by 5 to land on its sense-value scale.
///
/// **Threshold.** `max(floor, m + k·s)` where `m`, `s` track the entity's own daily risk peaks (EWMA over about
/// two weeks): entities that routinely carry some risk (on-call admins) need more to alert.
public struct RiskEngine: Sendable {
    struct State: Sendable {
        var risk: Double = 0
        var time: EpochMillis = 0
        var contributions: [RiskContribution] = []
        var seen: [(key: UInt64, time: EpochMillis, points: Double)] = []
        var peakToday: Double = 0
        var peakMean: Double = 0
        var peakVar: Double = 0
        var days: Double = 0
        var lastAlertDay: Int = .min
        var alerts = 0
    }

    public let halfLifeHours: Double
    public let floor: Double
    public let selfSigma: Double
    public let dedupeMillis: Int64
    private(set) var states: [EntityRef: State] = [:]
    /// Alerts raised so far.
    public private(set) var alertCount = 0

    public init(configuration c: AnalyticsConfiguration) {
        halfLifeHours = c.riskHalfLifeHours
        floor = c.riskFloor
        selfSigma = c.riskSelfSigma
        dedupeMillis = Int64(c.dedupeHours * 3_600_000)
    }

    @inline(__always)
    private func decayed(_ value: Double, from: EpochMillis, to: EpochMillis) -> Double {
        guard to > from else { return value }
        return value * pow(0.5, Double(to - from) / (halfLifeHours * 3_600_000))
    }

    /// The entity's current composite risk at `time`.
    public func risk(of entity: EntityRef, at time: EpochMillis) -> Double {
        guard let s = states[entity] else { return 0 }
        return decayed(s.risk, from: s.time, to: time)
    }

    /// The entity's current alert threshold.
    public func threshold(of entity: EntityRef) -> Double {
        guard let s = states[entity] else { return floor }
        return threshold(s)
    }

    private func threshold(_ s: State) -> Double {
        guard s.days >= 3 else { return floor }
        return max(floor, s.peakMean + selfSigma * s.peakVar.squareRoot())
    }

    /// What adding a signal did.
    public struct Outcome: Sendable {
        /// Points added after deduplication (0 when the same deviation was already counted today).
        public var points: Double
        /// The alert, when the risk crossed the threshold.
        public var alert: RiskAlert?
    }

    /// Adds a signal worth `points` (before deduplication) and returns an alert if the risk crosses the threshold.
    /// `key` identifies the deviation (family, feature and value) for deduplication.
    public mutating func add(_ signal: Signal, family: SignalFamily, points raw: Double, key: UInt64) -> Outcome {
        guard raw > 0 else { return Outcome(points: 0, alert: nil) }
        let t = signal.time
        var s = states[signal.entity] ?? State()
        s.risk = decayed(s.risk, from: s.time, to: t)
        s.time = max(s.time, t)
        var points = raw
        s.seen.removeAll { t - $0.time > dedupeMillis }
        if let i = s.seen.firstIndex(where: { $0.key == key }) {
            points = max(0, raw - s.seen[i].points)
            s.seen[i].points = max(s.seen[i].points, raw)
        } else {
            if s.seen.count >= 32 { s.seen.removeFirst() }
            s.seen.append((key, t, raw))
        }
        guard points > 0 else {
            states[signal.entity] = s
            return Outcome(points: 0, alert: nil)
        }
        s.risk += points
        s.peakToday = max(s.peakToday, s.risk)
        s.contributions.append(RiskContribution(signal: signal, family: family, points: points))
        if s.contributions.count > 24 {
            // Keep the strongest contributions that have not decayed away.
            s.contributions.sort { decayed($0.points, from: $0.signal.time, to: t) > decayed($1.points, from: $1.signal.time, to: t) }
            s.contributions.removeLast(s.contributions.count - 16)
        }
        let day = Int(CivilCalendar.floorDiv(t, EpochMillis.day))
        let limit = threshold(s)
        var alert: RiskAlert?
        if s.risk >= limit, s.lastAlertDay != day {
            s.lastAlertDay = day
            s.alerts += 1
            alertCount += 1
            alert = makeAlert(signal.entity, s, at: t, threshold: limit)
        }
        states[signal.entity] = s
        return Outcome(points: points, alert: alert)
    }

    private func makeAlert(_ entity: EntityRef, _ s: State, at t: EpochMillis, threshold: Double) -> RiskAlert {
        var contributions = s.contributions.map { c -> RiskContribution in
            var d = c
            d.points = decayed(c.points, from: c.signal.time, to: t)
            return d
        }.filter { $0.points >= 0.05 }
        contributions.sort { $0.points != $1.points ? $0.points > $1.points : $0.signal.time < $1.signal.time }
        var evidence: [String] = []
        for c in contributions {
            for e in c.signal.evidence where !evidence.contains(e) && evidence.count < 24 { evidence.append(e) }
        }
        let parts = contributions.prefix(3).map { c -> String in
            "\(c.signal.title) (+\(Format.decimal(c.points)))"
        }
        let summary = "\(entity) risk \(Format.decimal(s.risk)) ≥ threshold \(Format.decimal(threshold)): " + parts.joined(separator: "; ")
        return RiskAlert(id: stableID("risk", entity.description, String(t)), entity: entity, time: t, risk: s.risk,
                         threshold: threshold, contributions: Array(contributions.prefix(8)), evidence: evidence, summary: summary)
    }

    /// Ends a day: each entity's peak joins its threshold statistics (winsorised at the threshold so one attack
    /// does not teach the entity to tolerate the next), and entities whose risk has decayed away are forgotten.
    public mutating func closeDay(at time: EpochMillis) {
        var drop: [EntityRef] = []
        for (entity, var s) in states {
            let limit = threshold(s)
            let peak = min(s.peakToday, limit)
            s.days += 1
            let a = 1 / min(s.days, 14)
            let d = peak - s.peakMean
            s.peakMean += a * d
            s.peakVar = (1 - a) * (s.peakVar + a * d * d)
            s.risk = decayed(s.risk, from: s.time, to: time)
            s.time = max(s.time, time)
            s.peakToday = s.risk
            s.contributions.removeAll { decayed($0.points, from: $0.signal.time, to: time) < 0.05 }
            if s.risk < 0.01, s.peakMean < 0.01, s.contributions.isEmpty, s.alerts == 0 {
                drop.append(entity)
            } else {
                states[entity] = s
            }
        }
        for e in drop { states[e] = nil }
    }

    /// Entities currently carrying risk.
    public var trackedEntities: Int { states.count }
}
