import Detectors
import VigilCore

/// Settings of ``SigmaDetector``.
public struct SigmaDetectorConfiguration: Sendable, Hashable {
    /// Signal score by rule level. Kept low on purpose: one match adds at most a few risk points (the risk floor
    /// is 8 points, ``externalPointsPerScore`` 10), so a Sigma match is an observation that adds to an entity's
    /// risk and to campaigns, never an alert on its own; several distinct rules on one host within hours are.
    public var scores: [SigmaLevel: Double] = [.informational: 0.02, .low: 0.05, .medium: 0.12, .high: 0.2, .critical: 0.3]
    /// Rule/entity pairs remembered for the once-a-day limit.
    public var maximumRaised: Int = 200_000
    /// A rule matching on this many entities or more is the estate's routine (IT's PsExec, a management agent's
    /// PowerShell): its score is quartered, as ``HostBehaviourConfiguration/commonHosts`` does for host behaviours.
    public var commonEntities: Int = 10
    /// Entities remembered per rule (enough to tell rare from common).
    public var entitiesPerRule: Int = 16

    public init() {}
}

/// Counters of the Sigma detector.
public struct SigmaStatistics: Sendable, Hashable {
    /// Events that had at least one matching rule.
    public var eventsMatched = 0
    /// Rule evaluations the prefilter let through (the rest were skipped as unable to match).
    public var rulesEvaluated = 0
    public var matches = 0
    public var signals = 0
    /// Matches not raised again: the same rule on the same entity the same day.
    public var repeats = 0
    /// Matches on events with no host or user to attach them to.
    public var unattributed = 0
    /// Matches per rule id.
    public var matchesByRule: [String: Int] = [:]
}

/// The entities a rule has matched on, bounded.
struct SigmaPrevalence: Sendable {
    var entities: [String] = []
    var more = 0
    var count: Int { entities.count + more }
}

/// Evaluates Sigma rules on the event stream and turns matches into low-severity risk observations: each a
/// signal on the host (the event's device, else its source host) or, for events with no host, the account; with
/// the rule's level, ATT&CK techniques and the fields it matched.
///
/// A match is scored by its rule's level times how unusual the rule is here, as host behaviours are: first match on
/// any entity ×1, on fewer than 3 others ×0.75, fewer than ``SigmaDetectorConfiguration/commonEntities`` ×0.5,
/// more ×0.25, and ×0.5 when this entity matched it before — so a rule that IT's routine trips everywhere fades.
/// A rule raises at most once per entity per day: the first match carries the evidence, the repeats are counted.
public struct SigmaDetector: Detector {
    public let id = "sigma"
    public let ruleSet: SigmaRuleSet
    public var configuration: SigmaDetectorConfiguration
    public private(set) var statistics = SigmaStatistics()
    private var raised: BoundedLRU<String, Int>
    private var prevalence: [String: SigmaPrevalence] = [:]

    public init(ruleSet: SigmaRuleSet, configuration: SigmaDetectorConfiguration = SigmaDetectorConfiguration()) {
        self.ruleSet = ruleSet
        self.configuration = configuration
        raised = BoundedLRU(capacity: max(1, configuration.maximumRaised))
    }

    public mutating func process(_ event: Event) -> [Signal] {
        var hits: [Int] = []
        statistics.rulesEvaluated += ruleSet.evaluate(event) { hits.append($0) }
        guard !hits.isEmpty else { return [] }
        statistics.eventsMatched += 1
        let host = event.device ?? event.sourceHost ?? event.destinationHost
        let user = event.user.flatMap { $0.isEmpty ? nil : $0 }
        let entity: EntityRef
        if let host, !host.isEmpty {
            entity = EntityRef(.host, host)
        } else if let user, !event.isHostAccountActivity {
            entity = EntityRef(.user, user)
        } else {
            statistics.unattributed += hits.count
            return []
        }
        let day = UTCTime.epochDay(event.time)
        var out: [Signal] = []
        for i in hits {
            let rule = ruleSet.rules[i]
            statistics.matches += 1
            statistics.matchesByRule[rule.id, default: 0] += 1
            let key = entity.id + "|" + rule.id
            var p = prevalence[rule.id] ?? SigmaPrevalence()
            let before: Int
            let onThisEntity = p.entities.contains(entity.id)
            if onThisEntity {
                before = p.count - 1
            } else {
                before = p.count
                if p.entities.count < configuration.entitiesPerRule { p.entities.append(entity.id) } else { p.more += 1 }
                prevalence[rule.id] = p
            }
            if raised.peek(key) == day {
                statistics.repeats += 1
                continue
            }
            _ = raised.update(key, make: { day }) { $0 = day }
            let rarity: Double = before == 0 ? 1 : before < 3 ? 0.75 : before < configuration.commonEntities ? 0.5 : 0.25
            let score = (configuration.scores[rule.level] ?? 0.05) * rarity * (onThisEntity ? 0.5 : 1)
            let prevalenceText = before == 0 ? "first match on any entity" : "matched on \(before) other entit\(before == 1 ? "y" : "ies")"
            var related: [EntityRef] = []
            if entity.kind == .host, let user, !event.isHostAccountActivity { related.append(EntityRef(.user, user)) }
            let tags = rule.techniques.isEmpty ? "" : "; ATT&CK " + rule.techniques.joined(separator: ", ")
            statistics.signals += 1
            out.append(Signal(
                id: stableID("sigma", entity.id, rule.id, String(day)), detector: id, entity: entity, related: related, time: event.time,
                score: score,
                title: "Sigma (\(rule.level.rawValue)): \(rule.title) on \(entity.id)",
                deviations: [FeatureDeviation(
                    feature: "sigma." + rule.id, observed: Double(before), baseline: nil, unit: "other entities",
                    detail: "Sigma rule \"\(rule.title)\" (\(rule.level.rawValue)\(tags)) matched\(Self.matchedText(event)); \(prevalenceText)\(onThisEntity ? ", and here before" : "")")],
                evidence: [event.id], technique: rule.techniques.first))
        }
        return out
    }

    /// What the analyst needs to see of the matched event: its process and command line, clipped.
    static func matchedText(_ e: Event) -> String {
        var parts: [String] = []
        if let image = e.properties["Process Path"] { parts.append("process \(clip(image, 120))") }
        if let command = e.command { parts.append("command \(clip(command, 200))") }
        if let key = e.properties["Registry Key"] { parts.append("registry \(clip(key, 160))") }
        if let service = e.properties["Service Name"] { parts.append("service \(clip(service, 80))") }
        return parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")
    }

    static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n)) + "…" }
}
