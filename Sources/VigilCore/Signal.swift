/// One dimension in which an entity behaved unusually, stated in numbers.
public struct FeatureDeviation: Codable, Sendable, Hashable {
    /// Feature name (`"bytes_out_night"`, `"country"`, `"hour_of_week"`).
    public var feature: String
    /// What was observed.
    public var observed: Double
    /// The entity's own baseline for the feature, when it has one.
    public var baseline: Double?
    /// The peer group's baseline for the feature, when known.
    public var peerBaseline: Double?
    /// The peer group's name, for explanations ("Finance-Analyst").
    public var peerGroup: String?
    /// Unit for display (`"bytes"`, `"km/h"`, `"events/h"`).
    public var unit: String?
    /// A plain-language statement of the deviation.
    public var detail: String

    public init(feature: String, observed: Double, baseline: Double? = nil, peerBaseline: Double? = nil,
                peerGroup: String? = nil, unit: String? = nil, detail: String) {
        self.feature = feature
        self.observed = observed
        self.baseline = baseline
        self.peerBaseline = peerBaseline
        self.peerGroup = peerGroup
        self.unit = unit
        self.detail = detail
    }

    /// Observed over the entity's baseline (`14` means fourteen times usual), when both are positive.
    public var ratioToBaseline: Double? {
        guard let b = baseline, b > 0 else { return nil }
        return observed / b
    }

    /// Observed over the peer baseline, when both are positive.
    public var ratioToPeers: Double? {
        guard let p = peerBaseline, p > 0 else { return nil }
        return observed / p
    }
}

/// What one detector says about one entity at one time.
public struct Signal: Codable, Sendable, Hashable, Identifiable {
    /// Deterministic id (detector, entity, time and evidence), so a replay produces the same ids.
    public var id: String
    /// The detector that produced it (`"baseline"`, `"beaconing"`, `"lateral-movement"`).
    public var detector: String
    /// The entity the signal is about.
    public var entity: EntityRef
    /// Other entities involved (destination hosts, the account used at each hop).
    public var related: [EntityRef]
    /// When the behaviour happened (time of the latest evidence event).
    public var time: EpochMillis
    /// Anomaly strength in `[0, 1]`, calibrated so detectors are comparable.
    public var score: Double
    /// One-line summary.
    public var title: String
    /// The deviating features with their numbers.
    public var deviations: [FeatureDeviation]
    /// The events that support the signal (QRadar event ids or content hashes).
    public var evidence: [String]
    /// MITRE ATT&CK technique id where one fits (`"T1078"`).
    public var technique: String?

    public init(id: String, detector: String, entity: EntityRef, related: [EntityRef] = [], time: EpochMillis,
                score: Double, title: String, deviations: [FeatureDeviation] = [], evidence: [String] = [],
                technique: String? = nil) {
        self.id = id
        self.detector = detector
        self.entity = entity
        self.related = related
        self.time = time
        self.score = min(1, max(0, score))
        self.title = title
        self.deviations = deviations
        self.evidence = evidence
        self.technique = technique
    }
}
