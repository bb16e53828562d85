import Governance
import VigilCore

/// A recommended next search, in AQL that parses and validates with this project's AQL library.
public struct HuntQuery: Sendable, Hashable, Codable {
    /// What the search answers (`"All events for user u_v1_… around the alert"`).
    public var title: String
    /// The query; entity values are single-quoted with quotes doubled.
    public var aql: String

    public init(title: String, aql: String) {
        self.title = title
        self.aql = aql
    }
}

/// A risk alert explained: what happened, how bad it is given the context, who owns it, what to search next and
/// what to do. Entity ids stay as they are in the alert (pseudonyms when pseudonymisation is on); Vigil
/// re-identifies them only when it writes to QRadar.
public struct FindingReport: Sendable, Hashable, Codable {
    /// Deterministic: `stableID("finding", alert.id)`.
    public var findingID: String
    /// Alert time (epoch ms).
    public var time: EpochMillis
    /// The entity whose risk crossed its threshold.
    public var entity: EntityRef
    /// Other entities involved (destinations, hosts touched, accounts used), strongest contribution first.
    public var related: [EntityRef]
    public var title: String
    /// Dynamic severity: from risk over threshold, adjusted by the enrichment (see ``severityReasons``).
    public var severity: Severity
    /// 0...1, monotone in risk over threshold (see ``NarrativeBuilder/confidence(risk:threshold:)``).
    public var confidence: Double
    /// Composite risk points when the alert was raised.
    public var risk: Double
    /// The entity's threshold when the alert was raised.
    public var threshold: Double
    /// The detector that contributed the most points (`"behaviour.volume"`, `"beaconing"`).
    public var useCase: String
    /// Detectors that contributed, most points first.
    public var detectors: [String]
    /// Plain-language explanation in paragraphs separated by blank lines.
    public var narrative: String
    /// The deviations behind the alert, strongest contribution first.
    public var deviations: [FeatureDeviation]
    /// Evidence event ids (QRadar event ids or content hashes).
    public var evidence: [String]
    /// MITRE ATT&CK technique ids.
    public var techniques: [String]
    /// One line per severity adjustment (`"Severity raised to high: host h_v1_… is criticality 9 (CMDB)"`).
    public var severityReasons: [String]
    /// Peer comparisons in words (`"14x the nightly average of the Finance-Analyst peer group"`).
    public var peerComparisons: [String]
    /// The deviations in plain language, one sentence each, strongest contribution first (the narrative's
    /// "How it deviates" lines).
    public var highlights: [String]
    public var huntQueries: [HuntQuery]
    /// Proposed response actions; never executed without approval.
    public var recommendedActions: [ResponseAction]
    /// Who should look at it: the main host's owner (CMDB), else the user's manager (HR).
    public var owner: String?
    /// For a campaign: its timeline, one line per observation, oldest first (nil for older findings).
    public var timeline: [String]?
    /// For a campaign: its revision (1 when raised, one more for each growth reported).
    public var revision: Int?

    public init(findingID: String, time: EpochMillis, entity: EntityRef, related: [EntityRef], title: String, severity: Severity,
                confidence: Double, risk: Double, threshold: Double, useCase: String, detectors: [String], narrative: String,
                deviations: [FeatureDeviation], evidence: [String], techniques: [String], severityReasons: [String],
                peerComparisons: [String], highlights: [String], huntQueries: [HuntQuery], recommendedActions: [ResponseAction], owner: String?) {
        self.findingID = findingID
        self.time = time
        self.entity = entity
        self.related = related
        self.title = title
        self.severity = severity
        self.confidence = confidence
        self.risk = risk
        self.threshold = threshold
        self.useCase = useCase
        self.detectors = detectors
        self.narrative = narrative
        self.deviations = deviations
        self.evidence = evidence
        self.techniques = techniques
        self.severityReasons = severityReasons
        self.peerComparisons = peerComparisons
        self.highlights = highlights
        self.huntQueries = huntQueries
        self.recommendedActions = recommendedActions
        self.owner = owner
    }

    /// The facts the rollout policy decides on. Entities are the alert's entity followed by the related ones.
    public func facts(offenseID: Int?) -> FindingFacts {
        var entities = [entity]
        for e in related where !entities.contains(e) { entities.append(e) }
        return FindingFacts(findingID: findingID, useCase: useCase, confidence: confidence, severity: severity, title: title,
                            entities: entities, offenseID: offenseID, recommendedActions: recommendedActions)
    }

    /// The text of a QRadar offense note: starts with `[Vigil]`, then the finding id, risk, severity, confidence,
    /// owner, severity reasons, the top evidence lines, peer comparisons, a few event ids and one hunt query (on its
    /// own line starting with `AQL: `, see ``NoteReidentification``).
    ///
    /// Never longer than `maxLength` characters (counted as Unicode scalars, which is at least the character count):
    /// whole lines are kept while they fit and, when something had to be left out, a last line `…` says so. A first
    /// line longer than the limit is itself cut and ends with `…`. Limits below 8 give a cut `[Vigil]`.
    public func noteText(maxLength: Int = 4000) -> String {
        var lines: [String] = []
        lines.append("[Vigil] \(title)")
        lines.append("Finding \(findingID) | risk \(NarrativeText.decimal(risk, 1)) (threshold \(NarrativeText.decimal(threshold, 1))) | "
            + "severity \(severity.name) | confidence \(NarrativeText.decimal(confidence, 2)) | use case \(useCase)")
        lines.append("Entity: \(entity.kind.rawValue) \(entity.id) at \(NarrativeText.isoTime(time))" + (owner.map { " | owner \($0)" } ?? ""))
        for r in severityReasons { lines.append(r) }
        for h in highlights.prefix(3) { lines.append("- " + NarrativeText.singleLine(h, limit: 240)) }
        for p in peerComparisons.prefix(2) { lines.append("Peers: " + p) }
        if let timeline, !timeline.isEmpty {
            lines.append("Timeline" + (revision.map { " (revision \($0))" } ?? "") + ":")
            for t in timeline.prefix(8) { lines.append("- " + NarrativeText.singleLine(t, limit: 240)) }
        }
        if !evidence.isEmpty {
            let shown = evidence.prefix(5).joined(separator: ", ")
            lines.append("Events: " + shown + (evidence.count > 5 ? " (+\(evidence.count - 5) more)" : ""))
        }
        if let hunt = huntQueries.first {
            lines.append("Hunt: \(hunt.title)")
            lines.append(NoteReidentification.aqlLinePrefix + hunt.aql)
        }
        if !recommendedActions.isEmpty {
            lines.append("Proposed (needs approval): " + recommendedActions.map { "\($0.kind.rawValue) \($0.target)" }.joined(separator: ", "))
        }
        return NarrativeText.fit(lines, maxLength: maxLength)
    }
}
