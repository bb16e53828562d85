import Simulation
import VigilCore

/// How one campaign fared with one system.
public struct CampaignResult: Sendable, Hashable {
    public var id: String
    public var kind: String
    /// At least one finding detects one of its steps (under the window it was scored with).
    public var detected: Bool
    /// Stages in order, with whether each was detected.
    public var stages: [StageResult]
    /// Signed hours from the campaign's first malicious event to the first finding that detects it. Findings about
    /// the victim before the attack that detect nothing are not counted here (see ``preAttackFindings``); the value
    /// is negative only when a labelled step (a logging gap, say) precedes the first malicious event and a finding
    /// detects that step.
    public var hoursToDetect: Double?
    /// Signed hours from the first malicious event to the first finding that detects the campaign's last stage (the
    /// moment the whole story, up to its final stage, has been seen); `nil` when the last stage was never detected.
    public var hoursToCompleteStory: Double?
    /// Findings about one of the campaign's entities in the ``SystemMetrics/preAttackDays`` days before its first
    /// malicious event that detect none of its steps: suspicious (the victim was already odd), not a success.
    public var preAttackFindings: Int = 0
    /// Findings that detect one of its steps.
    public var findings: Int = 0
}

public struct StageResult: Sendable, Hashable {
    public var stage: String
    public var detected: Bool
}

/// Precision when the analysts only look at the top findings each day.
public struct BudgetResult: Sendable, Hashable {
    /// Findings per day per 1,000 users.
    public var budget: Double
    public var alerts: Int
    public var truePositives: Int
    public var precision: Double
    public var campaignsDetected: Int
}

/// The figures that depend on the matching window, scored with the lenient window (1 h before to 24 h after) for
/// comparison beside the strict ones.
public struct LenientMetrics: Sendable, Hashable {
    public var truePositives: Int = 0
    public var falsePositives: Int = 0
    public var falsePerDayPer1000: Double = 0
    public var precision: Double = 1
    public var campaigns: [CampaignResult] = []
    public var lookalikeAlerts: [String: Int] = [:]
    public var budgets: [BudgetResult] = []

    public var campaignRecall: Double { CampaignResult.recall(campaigns) }
    public var stageRecall: Double { CampaignResult.stageRecall(campaigns) }
}

extension CampaignResult {
    static func recall(_ cs: [CampaignResult]) -> Double {
        cs.isEmpty ? 1 : Double(cs.filter(\.detected).count) / Double(cs.count)
    }

    static func stageRecall(_ cs: [CampaignResult]) -> Double {
        let all = cs.flatMap(\.stages)
        return all.isEmpty ? 1 : Double(all.filter(\.detected).count) / Double(all.count)
    }
}

/// One system's findings on one seed, scored against the labels (strict matching; see ``MatchWindow``).
public struct SystemMetrics: Sendable, Hashable {
    /// How many days before a campaign's first malicious event a finding about one of its entities counts as a
    /// pre-attack finding.
    public static let preAttackDays = 7

    public var alerts: Int
    public var truePositives: Int
    public var falsePositives: Int
    public var alertsPerDayPer1000: Double
    public var falsePerDayPer1000: Double
    public var precision: Double
    public var campaigns: [CampaignResult]
    /// False findings raised on benign look-alikes, by kind.
    public var lookalikeAlerts: [String: Int]
    /// False findings on ordinary behaviour (no label).
    public var unlabelledFalseAlerts: Int
    public var budgets: [BudgetResult]
    /// Findings by the detector or rule that contributed (a finding with several counts for each).
    public var alertsBySource: [String: Int]
    /// The same findings scored with the lenient window, for comparison only.
    public var lenient = LenientMetrics()

    /// Findings per day per 1,000 users (the same figure as ``alertsPerDayPer1000``, under the product's name).
    public var findingsPerDayPer1000: Double { alertsPerDayPer1000 }

    public var campaignRecall: Double { CampaignResult.recall(campaigns) }

    public var stageRecall: Double { CampaignResult.stageRecall(campaigns) }

    /// Pre-attack findings over all campaigns.
    public var preAttackFindings: Int { campaigns.reduce(0) { $0 + $1.preAttackFindings } }

    /// For each item (a Vigil campaign) that detects a true campaign, the share of its users and hosts that belong
    /// to that campaign; averaged. `nil` when nothing was detected.
    public var purities: [Double] = []
    /// For each detected true campaign, the share of its users and hosts that the items detecting it name.
    public var entityCoverages: [Double] = []
    /// Finding emissions (a campaign's raise and each growth reported), of which ``alerts`` are distinct items.
    public var emissions: Int = 0

    public var campaignPurity: Double? { purities.isEmpty ? nil : purities.reduce(0, +) / Double(purities.count) }
    public var campaignEntityCoverage: Double? { entityCoverages.isEmpty ? nil : entityCoverages.reduce(0, +) / Double(entityCoverages.count) }

    /// Items per detected campaign (how many pieces a detected attack reaches the analyst in; 1.0 is ideal);
    /// `nil` when no campaign was detected.
    public var campaignFragmentation: Double? {
        let detected = campaigns.filter(\.detected)
        return detected.isEmpty ? nil : Double(detected.reduce(0) { $0 + $1.findings }) / Double(detected.count)
    }

    /// Scores with the strict window and, beside it, the lenient one.
    static func score(_ alerts: [AlertRecord], run: SeedRun, budgets: [Double]) -> SystemMetrics {
        var m = score(alerts, run: run, budgets: budgets, window: .strict)
        let l = score(alerts, run: run, budgets: budgets, window: .lenient)
        m.lenient = LenientMetrics(truePositives: l.truePositives, falsePositives: l.falsePositives, falsePerDayPer1000: l.falsePerDayPer1000,
                                   precision: l.precision, campaigns: l.campaigns, lookalikeAlerts: l.lookalikeAlerts, budgets: l.budgets)
        return m
    }

    static func score(_ alerts: [AlertRecord], run: SeedRun, budgets: [Double], window: MatchWindow) -> SystemMetrics {
        let evalDays = max(1, Double(run.end - run.evalStart) / Double(EpochMillis.day))
        let per1000 = Double(run.users) / 1000
        let hours = { (t: EpochMillis, start: EpochMillis) in Double(t - start) / 3_600_000 }
        var tp = 0
        var detectedSteps = Set<Int>()
        var firstTP = [EpochMillis?](repeating: nil, count: run.campaigns.count)
        var findings = [Int](repeating: 0, count: run.campaigns.count)
        var looks: [String: Int] = [:]
        var unlabelled = 0
        var matches: [MatchResult] = []
        var sources: [String: Int] = [:]
        // Each campaign's entities, its last stage and the steps of that stage.
        var entities: [Set<EntityRef>] = []
        var lastStageSteps: [Set<Int>] = []
        var firstStory = [EpochMillis?](repeating: nil, count: run.campaigns.count)
        for truth in run.campaigns {
            var es = Set(truth.entities)
            for step in truth.steps { es.formUnion(step.entities) }
            entities.append(es)
            let valid = truth.steps.indices.filter { truth.steps[$0].events > 0 || truth.steps[$0].start <= truth.steps[$0].end }
            let last = valid.last.map { truth.steps[$0].stage }
            lastStageSteps.append(Set(valid.filter { truth.steps[$0].stage == last }))
        }
        // Items: a Vigil campaign (its raise and each growth) is one; every rule alert is its own.
        var itemOf = [Int](repeating: 0, count: alerts.count)
        var itemIndex: [String: Int] = [:]
        var items = 0
        for (i, a) in alerts.enumerated() {
            if let key = a.item {
                if let k = itemIndex[key] { itemOf[i] = k } else { itemIndex[key] = items; itemOf[i] = items; items += 1 }
            } else {
                itemOf[i] = items
                items += 1
            }
        }
        var itemCampaigns = [Set<Int>](repeating: [], count: items)
        var itemLookalike = [String?](repeating: nil, count: items)
        var itemEntities = [[EntityRef]](repeating: [], count: items)
        for (i, a) in alerts.enumerated() {
            for s in a.sources { sources[s, default: 0] += 1 }
            let m = Matcher.match(a, truth: run.truth, campaigns: run.campaigns, lookalikes: run.lookalikes, window: window)
            matches.append(m)
            let k = itemOf[i]
            if !a.entities.isEmpty { itemEntities[k] = a.entities } else if itemEntities[k].isEmpty { itemEntities[k] = [a.entity] }
            if !m.campaigns.isEmpty {
                itemCampaigns[k].formUnion(m.campaigns)
                for s in m.steps {
                    detectedSteps.insert(s.campaign << 16 | s.step)
                    if lastStageSteps[s.campaign].contains(s.step), firstStory[s.campaign].map({ a.time < $0 }) ?? true {
                        firstStory[s.campaign] = a.time
                    }
                }
                for c in m.campaigns where firstTP[c].map({ a.time < $0 }) ?? true { firstTP[c] = a.time }
            } else if let l = m.lookalike, itemLookalike[k] == nil {
                itemLookalike[k] = run.lookalikes[l].kind
            }
        }
        var purities: [Double] = []
        var covered = [Set<EntityRef>](repeating: [], count: run.campaigns.count)
        for k in 0..<items {
            if itemCampaigns[k].isEmpty {
                if let kind = itemLookalike[k] { looks[kind, default: 0] += 1 } else { unlabelled += 1 }
                continue
            }
            tp += 1
            let named = itemEntities[k].filter { $0.kind == .user || $0.kind == .host }
            for c in itemCampaigns[k] {
                findings[c] += 1
                let inside = named.filter { entities[c].contains($0) }
                if !named.isEmpty { purities.append(Double(inside.count) / Double(named.count)) }
                covered[c].formUnion(inside)
            }
        }
        var coverages: [Double] = []
        for c in run.campaigns.indices where firstTP[c] != nil {
            let truthEntities = entities[c].filter { $0.kind == .user || $0.kind == .host }
            if !truthEntities.isEmpty { coverages.append(Double(covered[c].count) / Double(truthEntities.count)) }
        }
        var campaigns: [CampaignResult] = []
        let lookback = EpochMillis(preAttackDays) * EpochMillis.day
        for (c, truth) in run.campaigns.enumerated() {
            var order: [String] = []
            var hit: [String: Bool] = [:]
            for (s, step) in truth.steps.enumerated() where step.events > 0 || step.start <= step.end {
                if !order.contains(step.stage) { order.append(step.stage) }
                if detectedSteps.contains(c << 16 | s) { hit[step.stage] = true }
            }
            var pre = 0
            for (i, a) in alerts.enumerated() where a.time < truth.start && a.time >= truth.start - lookback && entities[c].contains(a.entity) {
                if !matches[i].campaigns.contains(c) { pre += 1 }
            }
            campaigns.append(CampaignResult(id: truth.id, kind: truth.kind, detected: firstTP[c] != nil,
                                            stages: order.map { StageResult(stage: $0, detected: hit[$0] ?? false) },
                                            hoursToDetect: firstTP[c].map { hours($0, truth.start) },
                                            hoursToCompleteStory: firstStory[c].map { hours($0, truth.start) },
                                            preAttackFindings: pre, findings: findings[c]))
        }
        // Budgets: each day the analysts take the highest-ranked alerts only.
        var results: [BudgetResult] = []
        var byDay: [Int64: [Int]] = [:]
        for (i, a) in alerts.enumerated() { byDay[CivilDayKey.day(a.time), default: []].append(i) }
        for b in budgets {
            let take = max(1, Int((b * per1000).rounded(.up)))
            var n = 0, t = 0
            var found = Set<Int>()
            for (_, list) in byDay {
                let ranked = list.sorted { alerts[$0].score != alerts[$1].score ? alerts[$0].score > alerts[$1].score : alerts[$0].time < alerts[$1].time }
                for i in ranked.prefix(take) {
                    n += 1
                    if !matches[i].campaigns.isEmpty { t += 1; for c in matches[i].campaigns { found.insert(c) } }
                }
            }
            results.append(BudgetResult(budget: b, alerts: n, truePositives: t, precision: n > 0 ? Double(t) / Double(n) : 1,
                                        campaignsDetected: found.count))
        }
        let fp = items - tp
        var m = SystemMetrics(alerts: items, truePositives: tp, falsePositives: fp,
                              alertsPerDayPer1000: Double(items) / evalDays / per1000,
                              falsePerDayPer1000: Double(fp) / evalDays / per1000,
                              precision: items == 0 ? 1 : Double(tp) / Double(items), campaigns: campaigns,
                              lookalikeAlerts: looks, unlabelledFalseAlerts: unlabelled, budgets: results, alertsBySource: sources)
        m.purities = purities
        m.entityCoverages = coverages
        m.emissions = alerts.count
        return m
    }
}

/// Mean and sample standard deviation over seeds.
public struct Spread: Sendable, Hashable {
    public var mean: Double
    public var sd: Double
    public var min: Double
    public var max: Double

    init(_ xs: [Double]) {
        let n = Double(xs.count)
        let m = xs.isEmpty ? 0 : xs.reduce(0, +) / n
        mean = m
        sd = xs.count > 1 ? (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot() : 0
        min = xs.min() ?? 0
        max = xs.max() ?? 0
    }
}
