import Analytics
import Simulation
import VigilCore

/// The results of one seed of one scenario.
public struct SeedResult: Sendable {
    public var scenario: String
    public var seed: UInt64
    public var users: Int
    public var events: Int
    public var evaluatedDays: Double
    public var vigil: SystemMetrics
    /// Vigil with the simulated analyst's feedback (when enabled).
    public var vigilWithFeedback: SystemMetrics?
    public var rules: SystemMetrics
    /// The rules after a week of tuning: routine after-hours accounts and known large movers allow-listed.
    public var rulesTuned: SystemMetrics
    public var signalsByDetector: [String: Int]
    public var feedbackApplied: Int
    public var suppressedSignals: Int
    public var peerGroups: PeerGroupReport?
    public var exampleAlerts: [String]
    /// The peers' simple correlation rules over the same signals (see ``PeerRuleMetrics``).
    public var peerRules: [PeerRuleMetrics] = []
}

/// One of the peers' simple correlation rules, run over Vigil's own signals on the same run, and scored like Vigil:
/// `entity_risk_24h` (an entity's composite risk over its threshold, at most once per entity per day — what Vigil
/// raised as findings before campaigns) and `tactics_3_in_7d` (three distinct ATT&CK tactics on one entity within
/// 7 days).
public struct PeerRuleMetrics: Sendable {
    public var name: String
    public var metrics: SystemMetrics
}

/// Everything `vigil eval` measured, as text (Markdown tables) and JSON.
public struct EvaluationReport: Sendable {
    public var config: EvaluationConfig
    public var results: [SeedResult]

    /// Seeds of a scenario.
    func results(for scenario: String) -> [SeedResult] { results.filter { $0.scenario == scenario } }

    /// The false-positive reduction of `vigil` against the rules: 1 − false findings of Vigil / false findings of the
    /// rules, pooled over seeds (strict matching).
    static func reduction(_ vigil: [SystemMetrics], _ rules: [SystemMetrics]) -> Double {
        reduction(vigil.reduce(0) { $0 + $1.falsePositives }, rules.reduce(0) { $0 + $1.falsePositives })
    }

    /// The same reduction with the lenient window, for comparison only.
    static func lenientReduction(_ vigil: [SystemMetrics], _ rules: [SystemMetrics]) -> Double {
        reduction(vigil.reduce(0) { $0 + $1.lenient.falsePositives }, rules.reduce(0) { $0 + $1.lenient.falsePositives })
    }

    private static func reduction(_ v: Int, _ r: Int) -> Double { r > 0 ? 1 - Double(v) / Double(r) : 0 }

    /// How the recall of `vigil` compares with the rules' on the same runs, pooled over seeds: campaigns and stages
    /// detected by each.
    struct RecallComparison: Sendable {
        var campaigns: Int, campaignsDetected: Int, baseCampaignsDetected: Int
        var stages: Int, stagesDetected: Int, baseStagesDetected: Int

        /// Vigil detects at least as many campaigns and at least as many stages as the rules: only then is a
        /// false-positive reduction "at equal or better recall".
        var atEqualRecall: Bool { campaignsDetected >= baseCampaignsDetected && stagesDetected >= baseStagesDetected }
    }

    static func compareRecall(_ vigil: [SystemMetrics], _ rules: [SystemMetrics]) -> RecallComparison {
        func count(_ ms: [SystemMetrics]) -> (Int, Int, Int, Int) {
            let cs = ms.flatMap(\.campaigns), st = cs.flatMap(\.stages)
            return (cs.count, cs.filter(\.detected).count, st.count, st.filter(\.detected).count)
        }
        let v = count(vigil), r = count(rules)
        return RecallComparison(campaigns: v.0, campaignsDetected: v.1, baseCampaignsDetected: r.1,
                                stages: v.2, stagesDetected: v.3, baseStagesDetected: r.3)
    }

    public var text: String {
        var s = "# Vigil evaluation\n\n"
        s += "Scenario(s) \(config.scenarios.joined(separator: ", ")); seeds \(config.seeds.map(String.init).joined(separator: ",")); "
        s += "\(config.users) users; \(config.days) days, the first \(config.warmupDays) learning (findings counted afterwards); "
        s += "stealth \(Analytics.Format.decimal(config.stealth, 2)), intensity \(Analytics.Format.decimal(config.intensity, 2)).\n"
        s += "Vigil runs as `vigil serve` does: its triage core from the sidecar configuration (\(config.sidecar == nil ? "built-in, shadow mode" : "given"))"
        s += ", pseudonymised, \(config.useDirectory ? "with the directory file the simulated HR system exports" : "without a directory file")"
        s += ", one batch per simulated hour. "
        s += "Finding: what the product records (an entity's composite risk crossing its dynamic threshold, at most one per entity per day); rules: any rule firing, "
        s += "one per entity per day. A finding detects a campaign step when its evidence cites one of the step's events, or when it is "
        s += "about one of the step's entities within the step's own span (first to last event) plus at most 1 h after: strict matching, "
        s += "used by every figure not labelled lenient. A false finding is attributed to a benign look-alike by the same rule. "
        s += "Hours to detect are signed, from the campaign's first malicious event to the first finding that detects it; findings about "
        s += "a campaign's entities in the \(SystemMetrics.preAttackDays) days before its first malicious event that detect nothing are "
        s += "not detections: they are counted apart as pre-attack findings (suspicious, not a success). Hours to the complete story: to "
        s += "the first finding that detects the campaign's last stage. A false-positive reduction is stated with whether Vigil's campaign "
        s += "and stage recall are at least the rules' (at equal recall) or below them. Spread: mean ± sd over seeds (hours: over "
        s += "detected campaigns). Lenient figures (\(MatchWindow.lenient.definition)) are printed beside, for comparison only.\n\n"
        for scenario in config.scenarios {
            let rs = results(for: scenario)
            guard !rs.isEmpty else { continue }
            s += "## \(scenario)\n\n"
            s += table(rs)
            s += "\n"
            s += lenientTable(rs)
            s += "\n"
            s += stageTable(rs)
            s += "\n"
            s += lookalikeTable(rs)
            s += "\n"
            s += sourceTable(rs)
            s += "\n"
        }
        if config.scenarios.count > 1 {
            s += "## All scenarios pooled\n\n" + table(results) + "\n" + lenientTable(results) + "\n" + lookalikeTable(results) + "\n"
            s += peerRuleTable(results)
        }
        if let example = results.first?.exampleAlerts.first {
            s += "Example finding: \(example)\n"
        }
        return s
    }

    private func fmt(_ x: Spread, _ places: Int = 2, percent: Bool = false) -> String {
        if percent {
            return Analytics.Format.decimal(x.mean * 100, 0) + "% ± " + Analytics.Format.decimal(x.sd * 100, 0)
        }
        return Analytics.Format.decimal(x.mean, places) + " ± " + Analytics.Format.decimal(x.sd, places)
    }

    private func systems(_ rs: [SeedResult]) -> [(String, [SystemMetrics])] {
        var systems: [(String, [SystemMetrics])] = [("QRadar-style rules", rs.map(\.rules)),
                                                    ("QRadar-style rules, tuned on the warm-up", rs.map(\.rulesTuned)), ("Vigil", rs.map(\.vigil))]
        let fb = rs.compactMap(\.vigilWithFeedback)
        if fb.count == rs.count, !fb.isEmpty { systems.append(("Vigil + analyst feedback", fb)) }
        return systems
    }

    /// Vigil's campaigns beside the peers' simple correlation rules over the same signals.
    private func peerRuleTable(_ rs: [SeedResult]) -> String {
        guard let names = rs.first?.peerRules.map(\.name), !names.isEmpty else { return "" }
        var s = "Campaign correlation against the peers' simple rules over the same signals:\n\n"
        s += "| system | campaign recall | stage recall | items/day/1k users | false items/day/1k users | items per detected campaign | purity |\n"
        s += "|---|---|---|---|---|---|---|\n"
        var rows: [(String, [SystemMetrics])] = [("Vigil campaigns", rs.map(\.vigil))]
        for n in names { rows.append((n, rs.compactMap { $0.peerRules.first { $0.name == n }?.metrics })) }
        for (name, ms) in rows {
            let frag = ms.compactMap(\.campaignFragmentation), purity = ms.flatMap(\.purities)
            s += "| \(name) | \(fmt(Spread(ms.map(\.campaignRecall)), percent: true)) | \(fmt(Spread(ms.map(\.stageRecall)), percent: true)) | "
            s += "\(fmt(Spread(ms.map(\.findingsPerDayPer1000)))) | \(fmt(Spread(ms.map(\.falsePerDayPer1000)))) | "
            s += (frag.isEmpty ? "—" : fmt(Spread(frag))) + " | " + (purity.isEmpty ? "—" : fmt(Spread(purity))) + " |\n"
        }
        return s + "\n"
    }

    private func percent(_ n: Int, _ d: Int) -> String { d > 0 ? Analytics.Format.decimal(Double(n) * 100 / Double(d), 0) + "%" : "—" }

    private func table(_ rs: [SeedResult]) -> String {
        var s = "| system | campaign recall | stage recall | hours to detect (signed) | hours to complete story | pre-attack findings per seed | "
        s += "findings/day/1k users | false findings/day/1k users | precision |"
        for b in config.budgets { s += " precision @\(Analytics.Format.decimal(b, 0))/day/1k |" }
        s += " FP reduction vs rules | vs tuned rules |\n|---|---|---|---|---|---|---|---|---|"
        for _ in config.budgets { s += "---|" }
        s += "---|---|\n"
        for (name, ms) in systems(rs) {
            let ttd = ms.flatMap { $0.campaigns.compactMap(\.hoursToDetect) }
            let story = ms.flatMap { $0.campaigns.compactMap(\.hoursToCompleteStory) }
            s += "| \(name) | \(fmt(Spread(ms.map(\.campaignRecall)), percent: true)) | \(fmt(Spread(ms.map(\.stageRecall)), percent: true)) | "
            s += ttd.isEmpty ? "— | " : "\(fmt(Spread(ttd), 1)) | "
            s += story.isEmpty ? "— | " : "\(fmt(Spread(story), 1)) | "
            s += "\(fmt(Spread(ms.map { Double($0.preAttackFindings) }), 1)) | "
            s += "\(fmt(Spread(ms.map(\.findingsPerDayPer1000)))) | \(fmt(Spread(ms.map(\.falsePerDayPer1000)))) | "
            s += "\(fmt(Spread(ms.map(\.precision)), percent: true)) |"
            for (i, _) in config.budgets.enumerated() {
                s += " \(fmt(Spread(ms.map { $0.budgets[i].precision }), percent: true)) |"
            }
            if name.hasPrefix("QRadar") {
                s += " — | — |\n"
            } else {
                for base in [rs.map(\.rules), rs.map(\.rulesTuned)] {
                    let per = zip(ms, base).map { v, r in r.falsePositives > 0 ? 1 - Double(v.falsePositives) / Double(r.falsePositives) : 0 }
                    s += " \(Analytics.Format.decimal(Self.reduction(ms, base) * 100, 1))% (per seed \(fmt(Spread(per), percent: true))); "
                    let cmp = Self.compareRecall(ms, base)
                    if cmp.atEqualRecall {
                        s += "at equal or better recall |"
                    } else {
                        s += "**recall below theirs** (campaigns \(percent(cmp.campaignsDetected, cmp.campaigns)) vs "
                        s += "\(percent(cmp.baseCampaignsDetected, cmp.campaigns)), stages \(percent(cmp.stagesDetected, cmp.stages)) vs "
                        s += "\(percent(cmp.baseStagesDetected, cmp.stages))) |"
                    }
                }
                s += "\n"
            }
        }
        return s
    }

    /// The window-dependent figures again with the lenient window, clearly labelled, for comparison only.
    private func lenientTable(_ rs: [SeedResult]) -> String {
        var s = "Lenient matching (\(MatchWindow.lenient.definition)), for comparison only; the figures above are the strict ones:\n\n"
        s += "| system | campaign recall (lenient) | stage recall (lenient) | hours to detect (lenient) | false findings/day/1k users (lenient) | "
        s += "precision (lenient) | FP reduction vs rules (lenient) | vs tuned rules (lenient) |\n|---|---|---|---|---|---|---|---|\n"
        for (name, ms) in systems(rs) {
            let ttd = ms.flatMap { $0.lenient.campaigns.compactMap(\.hoursToDetect) }
            s += "| \(name) | \(fmt(Spread(ms.map(\.lenient.campaignRecall)), percent: true)) | "
            s += "\(fmt(Spread(ms.map(\.lenient.stageRecall)), percent: true)) | "
            s += ttd.isEmpty ? "— | " : "\(fmt(Spread(ttd), 1)) | "
            s += "\(fmt(Spread(ms.map(\.lenient.falsePerDayPer1000)))) | \(fmt(Spread(ms.map(\.lenient.precision)), percent: true)) |"
            if name.hasPrefix("QRadar") {
                s += " — | — |\n"
            } else {
                s += " \(Analytics.Format.decimal(Self.lenientReduction(ms, rs.map(\.rules)) * 100, 1))% |"
                s += " \(Analytics.Format.decimal(Self.lenientReduction(ms, rs.map(\.rulesTuned)) * 100, 1))% |\n"
            }
        }
        return s
    }

    private func stageTable(_ rs: [SeedResult]) -> String {
        var stages: [String] = []
        for r in rs { for c in r.vigil.campaigns { for st in c.stages where !stages.contains(st.stage) { stages.append(st.stage) } } }
        guard !stages.isEmpty else { return "" }
        var s = "| stage | rules | tuned rules | Vigil |\n|---|---|---|---|\n"
        for st in stages {
            func recall(_ ms: [SystemMetrics]) -> String {
                let all = ms.flatMap { $0.campaigns.flatMap { $0.stages.filter { $0.stage == st } } }
                guard !all.isEmpty else { return "—" }
                return "\(all.filter(\.detected).count)/\(all.count)"
            }
            s += "| \(st) | \(recall(rs.map(\.rules))) | \(recall(rs.map(\.rulesTuned))) | \(recall(rs.map(\.vigil))) |\n"
        }
        return s
    }

    private func lookalikeTable(_ rs: [SeedResult]) -> String {
        var kinds: [String] = []
        for r in rs {
            for k in r.rules.lookalikeAlerts.keys where !kinds.contains(k) { kinds.append(k) }
            for k in r.rulesTuned.lookalikeAlerts.keys where !kinds.contains(k) { kinds.append(k) }
            for k in r.vigil.lookalikeAlerts.keys where !kinds.contains(k) { kinds.append(k) }
        }
        kinds.sort()
        let withFeedback = rs.allSatisfy { $0.vigilWithFeedback != nil }
        var s = "| false findings on | rules | tuned rules | Vigil |" + (withFeedback ? " Vigil + feedback |" : "") + "\n|---|---|---|---|"
            + (withFeedback ? "---|" : "") + "\n"
        func mean(_ f: (SeedResult) -> Int) -> String { Analytics.Format.decimal(Double(rs.reduce(0) { $0 + f($1) }) / Double(max(1, rs.count)), 1) }
        for k in kinds {
            s += "| \(k) | \(mean { $0.rules.lookalikeAlerts[k] ?? 0 }) | \(mean { $0.rulesTuned.lookalikeAlerts[k] ?? 0 }) | \(mean { $0.vigil.lookalikeAlerts[k] ?? 0 }) |"
            if withFeedback { s += " \(mean { $0.vigilWithFeedback?.lookalikeAlerts[k] ?? 0 }) |" }
            s += "\n"
        }
        s += "| ordinary behaviour (no label) | \(mean { $0.rules.unlabelledFalseAlerts }) | \(mean { $0.rulesTuned.unlabelledFalseAlerts }) | \(mean { $0.vigil.unlabelledFalseAlerts }) |"
        if withFeedback { s += " \(mean { $0.vigilWithFeedback?.unlabelledFalseAlerts ?? 0 }) |" }
        s += "\n(mean per seed)\n"
        return s
    }

    private func sourceTable(_ rs: [SeedResult]) -> String {
        var rules: [String: Int] = [:], tuned: [String: Int] = [:], vigil: [String: Int] = [:]
        for r in rs {
            for (k, v) in r.rules.alertsBySource { rules[k, default: 0] += v }
            for (k, v) in r.rulesTuned.alertsBySource { tuned[k, default: 0] += v }
            for (k, v) in r.vigil.alertsBySource { vigil[k, default: 0] += v }
        }
        let n = Double(max(1, rs.count))
        var s = "| rule | alerts per seed | tuned |\n|---|---|---|\n"
        for (k, v) in rules.sorted(by: { $0.key < $1.key }) {
            s += "| \(k) | \(Analytics.Format.decimal(Double(v) / n, 1)) | \(Analytics.Format.decimal(Double(tuned[k] ?? 0) / n, 1)) |\n"
        }
        s += "\n| Vigil detector contributing | alerts per seed |\n|---|---|\n"
        for (k, v) in vigil.sorted(by: { $0.key < $1.key }) { s += "| \(k) | \(Analytics.Format.decimal(Double(v) / n, 1)) |\n" }
        return s
    }

    /// The metrics as JSON.
    public var json: String { jsonValue.prettyText }

    public var jsonValue: JSONValue {
        func spread(_ x: Spread) -> JSONValue {
            .fields([("mean", .double(x.mean)), ("sd", .double(x.sd)), ("min", .double(x.min)), ("max", .double(x.max))])
        }
        /// A spread over campaigns (not seeds), with how many values it is over; its figures are `null` when there are none.
        func spread(counted xs: [Double]) -> JSONValue {
            guard !xs.isEmpty else { return .fields([("mean", .null), ("sd", .null), ("min", .null), ("max", .null), ("n", .double(0))]) }
            let x = Spread(xs)
            return .fields([("mean", .double(x.mean)), ("sd", .double(x.sd)), ("min", .double(x.min)), ("max", .double(x.max)),
                            ("n", .double(Double(xs.count)))])
        }
        func counts(_ d: [String: Int]) -> JSONValue {
            .fields(d.sorted { $0.key < $1.key }.map { ($0.key, .double(Double($0.value))) })
        }
        func campaign(_ c: CampaignResult) -> JSONValue {
            .fields([("id", .string(c.id)), ("kind", .string(c.kind)), ("detected", .bool(c.detected)),
                     ("hours_to_detect", c.hoursToDetect.map { .double($0) } ?? .null),
                     ("hours_to_complete_story", c.hoursToCompleteStory.map { .double($0) } ?? .null),
                     ("pre_attack_findings", .double(Double(c.preAttackFindings))), ("findings", .double(Double(c.findings))),
                     ("stages", .array(c.stages.map { .fields([("stage", .string($0.stage)), ("detected", .bool($0.detected))]) }))])
        }
        func budgets(_ bs: [BudgetResult]) -> JSONValue {
            .array(bs.map { b in
                .fields([("alerts_per_day_per_1000", .double(b.budget)), ("alerts", .double(Double(b.alerts))),
                         ("precision", .double(b.precision)), ("campaigns_detected", .double(Double(b.campaignsDetected)))])
            })
        }
        func system(_ m: SystemMetrics) -> JSONValue {
            .fields([
                ("alerts", .double(Double(m.alerts))), ("true_positives", .double(Double(m.truePositives))),
                ("false_positives", .double(Double(m.falsePositives))), ("alerts_per_day_per_1000", .double(m.alertsPerDayPer1000)),
                ("false_alerts_per_day_per_1000", .double(m.falsePerDayPer1000)), ("precision", .double(m.precision)),
                ("campaign_recall", .double(m.campaignRecall)), ("stage_recall", .double(m.stageRecall)),
                ("findings_per_day_per_1000", .double(m.findingsPerDayPer1000)),
                ("false_findings_per_day_per_1000", .double(m.falsePerDayPer1000)),
                ("pre_attack_findings", .double(Double(m.preAttackFindings))),
                ("campaign_fragmentation", m.campaignFragmentation.map { .double($0) } ?? .null),
                ("campaign_purity", m.campaignPurity.map { .double($0) } ?? .null),
                ("campaign_entity_coverage", m.campaignEntityCoverage.map { .double($0) } ?? .null),
                ("finding_updates", .double(Double(m.emissions - m.alerts))),
                ("campaigns", .array(m.campaigns.map(campaign))),
                ("false_alerts_on_lookalikes", counts(m.lookalikeAlerts)),
                ("false_alerts_unlabelled", .double(Double(m.unlabelledFalseAlerts))),
                ("budgets", budgets(m.budgets)),
                ("alerts_by_source", counts(m.alertsBySource)),
                ("lenient", .fields([
                    ("window", .string(MatchWindow.lenient.definition)),
                    ("true_positives", .double(Double(m.lenient.truePositives))), ("false_positives", .double(Double(m.lenient.falsePositives))),
                    ("false_findings_per_day_per_1000", .double(m.lenient.falsePerDayPer1000)), ("precision", .double(m.lenient.precision)),
                    ("campaign_recall", .double(m.lenient.campaignRecall)), ("stage_recall", .double(m.lenient.stageRecall)),
                    ("campaigns", .array(m.lenient.campaigns.map(campaign))),
                    ("false_findings_on_lookalikes", counts(m.lenient.lookalikeAlerts)),
                    ("budgets", budgets(m.lenient.budgets)),
                ])),
            ])
        }
        func summary(_ rs: [SeedResult]) -> JSONValue {
            var fields: [(String, JSONValue)] = []
            var systems: [(String, [SystemMetrics])] = [("rules", rs.map(\.rules)), ("rules_tuned", rs.map(\.rulesTuned)), ("vigil", rs.map(\.vigil))]
            let fb = rs.compactMap(\.vigilWithFeedback)
            if fb.count == rs.count, !fb.isEmpty { systems.append(("vigil_feedback", fb)) }
            for (name, ms) in systems {
                let isRules = name.hasPrefix("rules")
                var kinds = Set<String>()
                for m in ms { kinds.formUnion(m.lookalikeAlerts.keys) }
                let fragmentation = ms.compactMap(\.campaignFragmentation)
                let purity = ms.flatMap(\.purities)
                let coverage = ms.flatMap(\.entityCoverages)
                func equalRecall(_ base: [SystemMetrics]) -> JSONValue { isRules ? .null : .bool(Self.compareRecall(ms, base).atEqualRecall) }
                fields.append((name, .fields([
                    ("campaign_recall", spread(Spread(ms.map(\.campaignRecall)))),
                    ("stage_recall", spread(Spread(ms.map(\.stageRecall)))),
                    ("campaigns", .double(Double(ms.reduce(0) { $0 + $1.campaigns.count }))),
                    ("campaigns_detected", .double(Double(ms.reduce(0) { $0 + $1.campaigns.filter(\.detected).count }))),
                    ("hours_to_detect", spread(counted: ms.flatMap { $0.campaigns.compactMap(\.hoursToDetect) })),
                    ("hours_to_complete_story", spread(counted: ms.flatMap { $0.campaigns.compactMap(\.hoursToCompleteStory) })),
                    ("pre_attack_findings", spread(Spread(ms.map { Double($0.preAttackFindings) }))),
                    ("alerts_per_day_per_1000", spread(Spread(ms.map(\.alertsPerDayPer1000)))),
                    ("false_alerts_per_day_per_1000", spread(Spread(ms.map(\.falsePerDayPer1000)))),
                    ("findings_per_day_per_1000", spread(Spread(ms.map(\.findingsPerDayPer1000)))),
                    ("false_findings_per_day_per_1000", spread(Spread(ms.map(\.falsePerDayPer1000)))),
                    ("precision", spread(Spread(ms.map(\.precision)))),
                    ("precision_at_budget", .array(config.budgets.enumerated().map { i, b in
                        .fields([("budget", .double(b)), ("precision", spread(Spread(ms.map { $0.budgets[i].precision })))])
                    })),
                    ("false_findings_by_lookalike", .fields(kinds.sorted().map { k in
                        (k, spread(Spread(ms.map { Double($0.lookalikeAlerts[k] ?? 0) })))
                    })),
                    ("false_findings_unlabelled", spread(Spread(ms.map { Double($0.unlabelledFalseAlerts) }))),
                    ("false_positive_reduction_vs_rules", isRules ? .null : .double(Self.reduction(ms, rs.map(\.rules)))),
                    ("false_positive_reduction_vs_rules_at_equal_recall", equalRecall(rs.map(\.rules))),
                    ("false_positive_reduction_vs_tuned_rules", isRules ? .null : .double(Self.reduction(ms, rs.map(\.rulesTuned)))),
                    ("false_positive_reduction_vs_tuned_rules_at_equal_recall", equalRecall(rs.map(\.rulesTuned))),
                    ("campaign_fragmentation", fragmentation.isEmpty ? .null : spread(Spread(fragmentation))),
                    ("campaign_purity", purity.isEmpty ? .null : spread(Spread(purity))),
                    ("peer_correlation", name != "vigil" ? .null : .fields((rs.first?.peerRules.map(\.name) ?? []).map { n in
                        let pm = rs.compactMap { $0.peerRules.first { $0.name == n }?.metrics }
                        let pf = pm.compactMap(\.campaignFragmentation)
                        return (n, .fields([
                            ("campaign_recall", spread(Spread(pm.map(\.campaignRecall)))), ("stage_recall", spread(Spread(pm.map(\.stageRecall)))),
                            ("findings_per_day_per_1000", spread(Spread(pm.map(\.findingsPerDayPer1000)))),
                            ("false_findings_per_day_per_1000", spread(Spread(pm.map(\.falsePerDayPer1000)))),
                            ("campaign_fragmentation", pf.isEmpty ? .null : spread(Spread(pf))),
                            ("precision", spread(Spread(pm.map(\.precision)))),
                        ]))
                    })),
                    ("campaign_entity_coverage", coverage.isEmpty ? .null : spread(Spread(coverage))),
                    ("unrelated_campaigns_per_day_per_1000", spread(Spread(ms.map(\.falsePerDayPer1000)))),
                    ("finding_updates_per_day_per_1000", spread(Spread(ms.map { $0.alerts == 0 ? 0 : $0.alertsPerDayPer1000 * Double($0.emissions - $0.alerts) / Double($0.alerts) }))),
                    ("lenient", .fields([
                        ("window", .string(MatchWindow.lenient.definition)),
                        ("campaign_recall", spread(Spread(ms.map(\.lenient.campaignRecall)))),
                        ("stage_recall", spread(Spread(ms.map(\.lenient.stageRecall)))),
                        ("hours_to_detect", spread(counted: ms.flatMap { $0.lenient.campaigns.compactMap(\.hoursToDetect) })),
                        ("false_findings_per_day_per_1000", spread(Spread(ms.map(\.lenient.falsePerDayPer1000)))),
                        ("precision", spread(Spread(ms.map(\.lenient.precision)))),
                        ("precision_at_budget", .array(config.budgets.enumerated().map { i, b in
                            .fields([("budget", .double(b)), ("precision", spread(Spread(ms.map { $0.lenient.budgets[i].precision })))])
                        })),
                        ("false_positive_reduction_vs_rules", isRules ? .null : .double(Self.lenientReduction(ms, rs.map(\.rules)))),
                        ("false_positive_reduction_vs_tuned_rules", isRules ? .null : .double(Self.lenientReduction(ms, rs.map(\.rulesTuned)))),
                    ])),
                ])))
            }
            return .fields(fields)
        }
        var scenarios: [(String, JSONValue)] = []
        for sc in config.scenarios {
            let rs = results(for: sc)
            scenarios.append((sc, .fields([
                ("summary", summary(rs)),
                ("seeds", .array(rs.map { r in
                    .fields([("seed", .double(Double(r.seed))), ("users", .double(Double(r.users))), ("events", .double(Double(r.events))),
                             ("evaluated_days", .double(r.evaluatedDays)), ("rules", system(r.rules)), ("rules_tuned", system(r.rulesTuned)),
                             ("vigil", system(r.vigil)),
                             ("vigil_feedback", r.vigilWithFeedback.map(system) ?? .null),
                             ("signals_by_detector", .fields(r.signalsByDetector.sorted { $0.key < $1.key }.map { ($0.key, .double(Double($0.value))) })),
                             ("feedback_applied", .double(Double(r.feedbackApplied))),
                             ("peer_groups", r.peerGroups.map { p in
                                 .fields([("groups", .double(Double(p.groups.count))), ("silhouette", .double(p.silhouette)),
                                          ("department_purity", .double(p.departmentPurity)), ("mismatches", .double(Double(p.mismatches.count)))])
                             } ?? .null)])
                })),
            ])))
        }
        return .fields([
            ("config", .fields([
                ("scenarios", .array(config.scenarios.map { .string($0) })), ("seeds", .array(config.seeds.map { .double(Double($0)) })),
                ("users", .double(Double(config.users))), ("days", .double(Double(config.days))),
                ("warmup_days", .double(Double(config.warmupDays))), ("stealth", .double(config.stealth)),
                ("intensity", .double(config.intensity)), ("simulate_feedback", .bool(config.simulateFeedback)),
                ("include_detectors", .bool(config.includeDetectors)), ("directory", .bool(config.useDirectory)),
                ("sidecar_configuration", .string(config.sidecar?.sourceFile ?? (config.sidecar == nil ? "built-in" : "given"))),
                ("alert", .string("finding")),
                ("matching", .string(MatchWindow.strict.rawValue)), ("pre_attack_days", .double(Double(SystemMetrics.preAttackDays))),
            ])),
            ("scenarios", .fields(scenarios)),
            ("all", summary(results)),
        ])
    }
}

/// `vigil eval`: simulate, replay through Vigil and the rule baseline, score against the labels.
public enum Evaluation {
    /// Runs every scenario and seed of the configuration. `progress` is called after each seed.
    public static func run(config: EvaluationConfig, progress: ((String) -> Void)? = nil) throws(EvaluationError) -> EvaluationReport {
        guard !config.seeds.isEmpty else { throw .invalid("no seeds") }
        guard config.warmupDays >= 1, config.warmupDays < config.days else {
            throw .invalid("warm-up days must be between 1 and days - 1")
        }
        for s in config.scenarios where ScenarioRegistry.scenario(named: s) == nil {
            throw .invalid("unknown scenario \(s); available: \(ScenarioRegistry.names.joined(separator: ", ")), all")
        }
        var results: [SeedResult] = []
        for scenario in config.scenarios {
            for seed in config.seeds {
                let run = try Replay.run(scenario: scenario, seed: seed, config: config)
                let vigil = SystemMetrics.score(run.vigil, run: run, budgets: config.budgets)
                let rules = SystemMetrics.score(run.rules, run: run, budgets: config.budgets)
                let tuned = SystemMetrics.score(run.rulesTuned, run: run, budgets: config.budgets)
                let fb = run.vigilFeedback.map { SystemMetrics.score($0, run: run, budgets: config.budgets) }
                results.append(SeedResult(scenario: scenario, seed: seed, users: run.users, events: run.events,
                                          evaluatedDays: Double(run.end - run.evalStart) / Double(EpochMillis.day), vigil: vigil,
                                          vigilWithFeedback: fb, rules: rules, rulesTuned: tuned, signalsByDetector: run.signalsByDetector,
                                          feedbackApplied: run.feedbackApplied, suppressedSignals: run.suppressed,
                                          peerGroups: run.peerReport, exampleAlerts: run.firstAlertExamples,
                                          peerRules: run.peerRules.map { PeerRuleMetrics(name: $0.name, metrics: SystemMetrics.score($0.alerts, run: run, budgets: config.budgets)) }))
                progress?("\(scenario) seed \(seed): Vigil \(vigil.alerts) alerts (\(vigil.truePositives) true), recall \(Analytics.Format.percent(vigil.campaignRecall)); rules \(rules.alerts) alerts (\(rules.truePositives) true), recall \(Analytics.Format.percent(rules.campaignRecall)); tuned rules \(tuned.alerts) alerts (\(tuned.truePositives) true), recall \(Analytics.Format.percent(tuned.campaignRecall))")
            }
        }
        return EvaluationReport(config: config, results: results)
    }
}
