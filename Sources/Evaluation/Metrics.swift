import Simulation
import VigilCore

/// How one campaign fared with one system.
public struct CampaignResult: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var detected: Bool
    /// Stages in order, with whether each was detected.
    public var stages: [StageResult]
    /// Hours from the campaign's first malicious event to the first alert that detects it.
    public var hoursToDetect: Double?
}

public struct StageResult: Sendable, Hashable {
    public var stage: String
    public var detected: Bool
}

/// Precision when the analysts only look at the top alerts each day.
public struct BudgetResult: Sendable, Hashable {
    /// Alerts per day per 1,000 users.
    public var budget: Double
    public var alerts: Int
    public var truePositives: Int
    public var precision: Double
    public var campaignsDetected: Int
}

/// One system's alerts on one seed, scored against the labels.
public struct SystemMetrics: Sendable, Hashable {
    public var alerts: Int
    public var truePositives: Int
    public var falsePositives: Int
    public var alertsPerDayPer1000: Double
    public var falsePerDayPer1000: Double
    public var precision: Double
    public var campaigns: [CampaignResult]
    /// False alerts raised on benign look-alikes, by kind.
    public var lookalikeAlerts: [String: Int]
    /// False alerts on ordinary behaviour (no label).
    public var unlabelledFalseAlerts: Int
    public var budgets: [BudgetResult]
    /// Alerts by the detector or rule that contributed (an alert with several counts for each).
    public var alertsBySource: [String: Int]

    public var campaignRecall: Double {
        campaigns.isEmpty ? 1 : Double(campaigns.filter(\.detected).count) / Double(campaigns.count)
    }

    public var stageRecall: Double {
        let all = campaigns.flatMap(\.stages)
        return all.isEmpty ? 1 : Double(all.filter(\.detected).count) / Double(all.count)
    }

    static func score(_ alerts: [AlertRecord], run: SeedRun, budgets: [Double]) -> SystemMetrics {
        let evalDays = max(1, Double(run.end - run.evalStart) / Double(EpochMillis.day))
        let per1000 = Double(run.users) / 1000
        var tp = 0
        var detectedSteps = Set<Int>()
        var firstTP = [EpochMillis?](repeating: nil, count: run.campaigns.count)
        var looks: [String: Int] = [:]
        var unlabelled = 0
        var matched: [Bool] = []
        var campaignsOf: [[Int]] = []
        var sources: [String: Int] = [:]
        for a in alerts {
            for s in a.sources { sources[s, default: 0] += 1 }
            let m = Matcher.match(a, truth: run.truth, campaigns: run.campaigns, lookalikes: run.lookalikes)
            matched.append(!m.campaigns.isEmpty)
            campaignsOf.append(m.campaigns)
            if !m.campaigns.isEmpty {
                tp += 1
                for s in m.steps { detectedSteps.insert(s.campaign << 16 | s.step) }
                for c in m.campaigns where firstTP[c].map({ a.time < $0 }) ?? true { firstTP[c] = a.time }
            } else if let l = m.lookalike {
                looks[run.lookalikes[l].kind, default: 0] += 1
            } else {
                unlabelled += 1
            }
        }
        var campaigns: [CampaignResult] = []
        for (c, truth) in run.campaigns.enumerated() {
            var order: [String] = []
            var hit: [String: Bool] = [:]
            for (s, step) in truth.steps.enumerated() where step.events > 0 || step.start <= step.end {
                if !order.contains(step.stage) { order.append(step.stage) }
                if detectedSteps.contains(c << 16 | s) { hit[step.stage] = true }
            }
            let ttd = firstTP[c].map { Double(max(0, $0 - truth.start)) / 3_600_000 }
            campaigns.append(CampaignResult(id: truth.id, kind: truth.kind, detected: firstTP[c] != nil,
                                            stages: order.map { StageResult(stage: $0, detected: hit[$0] ?? false) }, hoursToDetect: ttd))
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
                    if matched[i] { t += 1; for c in campaignsOf[i] { found.insert(c) } }
                }
            }
            results.append(BudgetResult(budget: b, alerts: n, truePositives: t, precision: n > 0 ? Double(t) / Double(n) : 1,
                                        campaignsDetected: found.count))
        }
        let fp = alerts.count - tp
        return SystemMetrics(alerts: alerts.count, truePositives: tp, falsePositives: fp,
                             alertsPerDayPer1000: Double(alerts.count) / evalDays / per1000,
                             falsePerDayPer1000: Double(fp) / evalDays / per1000,
                             precision: alerts.isEmpty ? 1 : Double(tp) / Double(alerts.count), campaigns: campaigns,
                             lookalikeAlerts: looks, unlabelledFalseAlerts: unlabelled, budgets: results, alertsBySource: sources)
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
