import Analytics
import Governance
import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a risk alert and its enrichment context into a ``FindingReport``: dynamic severity, confidence, owner,
/// a plain-language narrative, recommended hunts and proposed response actions. Pure and deterministic: the same
/// alert and context always give the same report, byte for byte (dictionaries are never iterated unsorted).
public struct NarrativeBuilder: Sendable {
    public var settings: NarrativeSettings

    public init(settings: NarrativeSettings = NarrativeSettings()) {
        self.settings = settings
    }

    /// Detectors whose signals mean an account's credentials may be in the wrong hands.
    public static let credentialMisuseDetectors: Set<String> = [
        "behaviour.location", "behaviour.identity", "behaviour.failure", "lateral-movement",
    ]
    /// Techniques that mean the same, whichever detector reported them.
    public static let credentialMisuseTechniques: Set<String> = ["T1078", "T1110", "T1550.002"]

    /// Confidence in `0...1` from risk over threshold `r`: `floor + (1 − floor)·(1 − e^(−k·(r − 1)))`, capped at the
    /// ceiling. At the threshold it is the floor (0.5 by default: the alert is as likely noise as not), and each
    /// further threshold-multiple closes the gap to 1 by a factor `e^−k` (k = 1: r = 2 → 0.82, r = 3 → 0.93).
    /// Monotone in `r`. Below the threshold (not an alert) it falls linearly from the floor to 0; a non-positive or
    /// non-finite threshold or risk counts as `r = 1`.
    public func confidence(risk: Double, threshold: Double) -> Double {
        let r = riskRatio(risk: risk, threshold: threshold)
        let floor = min(1, max(0, settings.confidenceFloor))
        let value: Double
        if r < 1 {
            value = floor * max(0, r)
        } else {
            value = floor + (1 - floor) * (1 - exp(-max(0, settings.confidenceRate) * (r - 1)))
        }
        return min(settings.confidenceCeiling, max(0, value))
    }

    /// Risk over threshold, guarded against bad numbers.
    public func riskRatio(risk: Double, threshold: Double) -> Double {
        guard risk.isFinite, threshold.isFinite, threshold > 0, risk >= 0 else { return 1 }
        return risk / threshold
    }

    /// The report for one alert.
    public func report(for alert: RiskAlert, context: EnrichmentContext) -> FindingReport {
        let contributions = alert.contributions.sorted {
            if $0.points != $1.points { return $0.points > $1.points }
            if $0.signal.time != $1.signal.time { return $0.signal.time < $1.signal.time }
            return $0.signal.id < $1.signal.id
        }
        // Points per detector: the use case is the detector that carries the most risk.
        var pointsByDetector: [String: Double] = [:]
        for c in contributions { pointsByDetector[c.signal.detector, default: 0] += max(0, c.points.isFinite ? c.points : 0) }
        let detectors = pointsByDetector.keys.sorted {
            let a = pointsByDetector[$0] ?? 0, b = pointsByDetector[$1] ?? 0
            return a != b ? a > b : $0 < $1
        }
        let useCase = detectors.first ?? "risk"

        var related: [EntityRef] = []
        for c in contributions {
            for e in [c.signal.entity] + c.signal.related where e != alert.entity && !e.id.isEmpty && !related.contains(e) && related.count < 40 {
                related.append(e)
            }
        }
        var evidence: [String] = []
        for e in alert.evidence where !evidence.contains(e) { evidence.append(e) }
        if evidence.isEmpty {
            for c in contributions { for e in c.signal.evidence where !evidence.contains(e) && evidence.count < 24 { evidence.append(e) } }
        }
        var techniques: [String] = []
        for c in contributions { if let t = c.signal.technique, !techniques.contains(t) { techniques.append(t) } }
        var deviations: [FeatureDeviation] = []
        for c in contributions { deviations.append(contentsOf: c.signal.deviations.prefix(3)) }
        deviations = Array(deviations.prefix(12))

        let ratio = riskRatio(risk: alert.risk, threshold: alert.threshold)
        let confidence = confidence(risk: alert.risk, threshold: alert.threshold)
        let assessment = severity(entity: alert.entity, related: related, ratio: ratio, context: context)
        let owner = owner(entity: alert.entity, related: related, context: context)
        // Repeated signals (the same hop in two chains) say the same thing: each sentence once.
        var phrases: [DeviationPhrase] = []
        for c in contributions.prefix(6) {
            for d in c.signal.deviations.prefix(3) {
                let p = DeviationPhrasing.phrase(d, detector: c.signal.detector, entity: alert.entity, context: context)
                if !phrases.contains(where: { $0.sentence == p.sentence }) { phrases.append(p) }
            }
        }
        let peerComparisons = phrases.compactMap(\.peer).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let hunts = HuntQueryBuilder(settings: settings).hunts(useCase: useCase, entity: alert.entity, related: related,
                                                               contributions: contributions, time: alert.time)
        let actions = recommendedActions(entity: alert.entity, contributions: contributions, ratio: ratio, confidence: confidence)
        let title = "\(Self.useCaseLabel(useCase)): \(alert.entity.kind.rawValue) \(alert.entity.id)"

        let narrative = NarrativeComposer(
            alert: alert, contributions: contributions, detectors: detectors, pointsByDetector: pointsByDetector, related: related,
            evidence: evidence, techniques: techniques, ratio: ratio, confidence: confidence, assessment: assessment,
            owner: owner, phrases: phrases, hunts: hunts, actions: actions, context: context
        ).text()

        return FindingReport(
            findingID: stableID("finding", alert.id), time: alert.time, entity: alert.entity, related: related, title: title,
            severity: assessment.severity, confidence: confidence, risk: alert.risk, threshold: alert.threshold, useCase: useCase,
            detectors: detectors, narrative: narrative, deviations: deviations, evidence: evidence, techniques: techniques,
            severityReasons: assessment.reasons, peerComparisons: peerComparisons,
            highlights: phrases.prefix(8).map { "\($0.sentence) [\($0.detector)]" }, huntQueries: hunts, recommendedActions: actions,
            owner: owner)
    }

    // MARK: - Owner

    /// The owner of the main host (the alert's entity when it is a host or an address, else the first related
    /// host, else the first related address) from the CMDB; else the manager of the user (the alert's entity when
    /// it is a user, else the first related user) from HR; else `nil`.
    public func owner(entity: EntityRef, related: [EntityRef], context: EnrichmentContext) -> String? {
        let mainHost: EntityRef?
        if entity.kind == .host || entity.kind == .ip {
            mainHost = entity
        } else {
            mainHost = related.first { $0.kind == .host } ?? related.first { $0.kind == .ip }
        }
        if let h = mainHost, let owner = context.assetOwner[h.id], !owner.isEmpty { return owner }
        let user = entity.kind == .user ? entity : related.first { $0.kind == .user }
        if let u = user, let manager = context.hr[u.id]?.manager, !manager.isEmpty { return manager }
        return nil
    }

    // MARK: - Actions

    /// Proposed response actions (always subject to approval):
    /// * `blockIP` for each address a `beaconing` signal points at (its related `ip` entities: the destination),
    ///   only when confidence ≥ ``NarrativeSettings/blockIPMinimumConfidence``;
    /// * `disableAccount` for the alert's user when risk ≥ ``NarrativeSettings/disableAccountRiskRatio`` × threshold
    ///   and a credential-misuse detector (``credentialMisuseDetectors``) or technique contributed.
    /// Nothing otherwise.
    func recommendedActions(entity: EntityRef, contributions: [RiskContribution], ratio: Double, confidence: Double) -> [ResponseAction] {
        var actions: [ResponseAction] = []
        if confidence >= settings.blockIPMinimumConfidence {
            for c in contributions where c.signal.detector == "beaconing" {
                for e in c.signal.related where e.kind == .ip && e != entity && !e.id.isEmpty {
                    let a = ResponseAction(kind: .blockIP, target: e.id)
                    if !actions.contains(a) { actions.append(a) }
                }
            }
        }
        if entity.kind == .user, !entity.id.isEmpty, ratio >= settings.disableAccountRiskRatio,
           contributions.contains(where: {
               Self.credentialMisuseDetectors.contains($0.signal.detector)
                   || $0.signal.technique.map(Self.credentialMisuseTechniques.contains) == true
           }) {
            actions.append(ResponseAction(kind: .disableAccount, target: entity.id))
        }
        return actions
    }

    // MARK: - Labels

    /// A use case in words.
    public static func useCaseLabel(_ detector: String) -> String {
        switch detector {
        case "beaconing": "Possible command-and-control beaconing"
        case "lateral-movement": "Possible lateral movement"
        case "privileged-sequence": "Rare privileged command sequence"
        case "log-source-health": "Log source health problem"
        case "behaviour.location": "Unusual login location"
        case "behaviour.identity": "Unusual device or action for the account"
        case "behaviour.failure": "Burst of failed logins"
        case "behaviour.access": "Unusual access to resources"
        case "behaviour.volume": "Unusual data volume (possible exfiltration)"
        case "behaviour.time": "Activity at an unusual time"
        case "behaviour.novelty": "Burst of first-time activity"
        case "isolation-forest": "Outlier day across many behaviours"
        case "peer-groups": "Behaviour differs from the HR peer group"
        case "risk": "Composite risk over threshold"
        default: "Risk from \(detector)"
        }
    }

    /// MITRE ATT&CK technique names for the ids Vigil's detectors report.
    public static func techniqueName(_ id: String) -> String? {
        switch id {
        case "T1078": "Valid Accounts"
        case "T1110": "Brute Force"
        case "T1567": "Exfiltration Over Web Service"
        case "T1213": "Data from Information Repositories"
        case "T1071": "Application Layer Protocol"
        case "T1071.001": "Application Layer Protocol: Web Protocols"
        case "T1021": "Remote Services"
        case "T1021.001": "Remote Services: Remote Desktop Protocol"
        case "T1021.002": "Remote Services: SMB/Windows Admin Shares"
        case "T1021.003": "Remote Services: Distributed Component Object Model"
        case "T1021.006": "Remote Services: Windows Remote Management"
        case "T1550.002": "Use Alternate Authentication Material: Pass the Hash"
        case "T1059": "Command and Scripting Interpreter"
        case "T1562.002": "Impair Defenses: Disable Windows Event Logging"
        case "T1562.006": "Impair Defenses: Indicator Blocking"
        default: nil
        }
    }
}
