import VigilCore

/// Why an analyst decided an alert was benign.
public enum BenignReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A planned change or maintenance window (admins at night, reboots, fan-out).
    case maintenanceWindow = "maintenance-window"
    /// An authorised penetration test or red-team account.
    case penetrationTest = "penetration-test"
    /// Business travel or a new remote location.
    case travel
    /// Other authorised activity (a new project, a role change, a bulk export).
    case authorised
}

/// What an analyst concluded about an alert or a signal.
public enum FeedbackOutcome: Sendable, Hashable, Codable {
    /// Malicious or policy-violating: the detectors were right.
    case truePositive
    /// Nothing happened: the detectors were wrong about this entity.
    case falsePositive
    /// Real but harmless activity, with the reason it is harmless.
    case benign(BenignReason)
}

/// A labelled outcome for an alert (a `risk` signal) or a single detector signal. Later issues feed QRadar
/// offense closures in here (closing reason "False-Positive, Tuned" → `.falsePositive`, and so on).
public struct AnalystFeedback: Sendable, Hashable {
    /// The alert or signal judged.
    public var subject: Signal
    public var outcome: FeedbackOutcome
    /// When the analyst decided (suppressions start here).
    public var time: EpochMillis
    /// How long a suppression lasts; nil takes the default for the outcome.
    public var suppressFor: Int64?
    /// Restrict a maintenance-window suppression to these local hours of the week (Monday 00:00 = 0); nil derives
    /// a window of ±3 hours around the subject's time.
    public var hoursOfWeek: [Int]?
    /// Who decided and why, for the audit trail.
    public var note: String?

    public init(subject: Signal, outcome: FeedbackOutcome, time: EpochMillis, suppressFor: Int64? = nil,
                hoursOfWeek: [Int]? = nil, note: String? = nil) {
        self.subject = subject
        self.outcome = outcome
        self.time = time
        self.suppressFor = suppressFor
        self.hoursOfWeek = hoursOfWeek
        self.note = note
    }
}

/// A scoped, expiring suppression: matching signals are still computed but add no risk.
public struct Suppression: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// Entity the suppression is about; nil for any entity.
    public var entity: EntityRef?
    /// Families suppressed; empty means every family.
    public var families: [SignalFamily]
    /// Local hours of the week (Monday 00:00 = 0) in which it applies; nil for all hours.
    public var hoursOfWeek: [Int]?
    public var from: EpochMillis
    public var until: EpochMillis
    public var reason: String

    public init(id: String, entity: EntityRef?, families: [SignalFamily], hoursOfWeek: [Int]?, from: EpochMillis, until: EpochMillis,
                reason: String) {
        self.id = id
        self.entity = entity
        self.families = families
        self.hoursOfWeek = hoursOfWeek
        self.from = from
        self.until = until
        self.reason = reason
    }

    /// Whether the suppression covers a signal of `family` about `entity` at `time` (local hour `hour`).
    public func matches(entity e: EntityRef, family: SignalFamily, time: EpochMillis, hourOfWeek hour: Int) -> Bool {
        guard time >= from, time < until else { return false }
        if let entity, entity != e { return false }
        if !families.isEmpty, !families.contains(family) { return false }
        if let hoursOfWeek, !hoursOfWeek.contains(hour) { return false }
        return true
    }
}

/// Everything learned from analysts: family weights recalibrated by outcomes, and suppressions.
public struct FeedbackLedger: Sendable {
    /// Outcomes per family: how often a family's contribution ended in a true or a false alert.
    public private(set) var truePositives: [SignalFamily: Double] = [:]
    public private(set) var falsePositives: [SignalFamily: Double] = [:]
    public private(set) var suppressions: [Suppression] = []
    /// Feedback applied so far.
    public private(set) var applied = 0

    /// Default suppression lengths per outcome.
    public static let falsePositiveDays: Int64 = 14
    public static let travelDays: Int64 = 14
    public static let maintenanceDays: Int64 = 90
    public static let penetrationTestDays: Int64 = 30
    public static let authorisedDays: Int64 = 30

    public init() {}

    /// Multiplier of a family's weight in the composite risk: the family's observed precision relative to an even
    /// prior, with one pseudo-outcome each way, bounded to [0.3, 1]. False positives lower a family's weight; true
    /// positives protect it from being lowered (they do not raise it above the default, which on the tuning seeds
    /// only bought more false alerts elsewhere).
    public func multiplier(_ family: SignalFamily) -> Double {
        let tp = truePositives[family] ?? 0, fp = falsePositives[family] ?? 0
        guard tp + fp > 0 else { return 1 }
        let precision = (tp + 1) / (tp + fp + 2)
        return min(1, max(0.3, precision / 0.5))
    }

    /// Applies one feedback: recalibrates the families that contributed and creates the suppression the outcome
    /// calls for. `families` are the contributing families with their share of the alert's points, `hour` the
    /// subject's local hour of the week.
    public mutating func apply(_ f: AnalystFeedback, families: [(SignalFamily, Double)], hour: Int) -> Suppression? {
        applied += 1
        let total = max(1e-9, families.reduce(0) { $0 + $1.1 })
        for (family, points) in families {
            let w = points / total
            switch f.outcome {
            case .truePositive: truePositives[family, default: 0] += w
            case .falsePositive, .benign: falsePositives[family, default: 0] += w
            }
        }
        let day = EpochMillis.day
        let id = stableID("suppression", f.subject.id, String(f.time))
        var s: Suppression
        switch f.outcome {
        case .truePositive:
            return nil
        case .falsePositive:
            // The families that made this alert, for this entity only.
            s = Suppression(id: id, entity: f.subject.entity, families: families.map(\.0), hoursOfWeek: nil, from: f.time,
                            until: f.time + (f.suppressFor ?? Self.falsePositiveDays * day), reason: "false positive")
        case let .benign(reason):
            switch reason {
            case .penetrationTest:
                s = Suppression(id: id, entity: f.subject.entity, families: [], hoursOfWeek: nil, from: f.time,
                                until: f.time + (f.suppressFor ?? Self.penetrationTestDays * day), reason: "penetration test account")
            case .maintenanceWindow:
                let window = f.hoursOfWeek ?? (-3...3).map { (hour + $0 + 168) % 168 }
                s = Suppression(id: id, entity: f.subject.entity, families: [], hoursOfWeek: window, from: f.time,
                                until: f.time + (f.suppressFor ?? Self.maintenanceDays * day), reason: "maintenance window")
            case .travel:
                s = Suppression(id: id, entity: f.subject.entity, families: [.location, .time, .novelty], hoursOfWeek: nil, from: f.time,
                                until: f.time + (f.suppressFor ?? Self.travelDays * day), reason: "business travel")
            case .authorised:
                s = Suppression(id: id, entity: f.subject.entity, families: families.map(\.0), hoursOfWeek: nil, from: f.time,
                                until: f.time + (f.suppressFor ?? Self.authorisedDays * day), reason: "authorised activity")
            }
        }
        suppressions.append(s)
        return s
    }

    /// Adds a suppression directly (a change ticket announcing a maintenance window, a pentest engagement).
    public mutating func add(_ s: Suppression) { suppressions.append(s) }

    /// The suppression covering a signal, if any.
    public func suppression(for entity: EntityRef, family: SignalFamily, time: EpochMillis, hourOfWeek hour: Int) -> Suppression? {
        for s in suppressions where s.matches(entity: entity, family: family, time: time, hourOfWeek: hour) { return s }
        return nil
    }

    /// Drops suppressions that ended before `time`.
    public mutating func expire(before time: EpochMillis) {
        suppressions.removeAll { $0.until <= time }
    }
}
