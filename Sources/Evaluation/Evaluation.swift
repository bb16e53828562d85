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
}

/// Everything `vigil eval` measured, as text (Markdown tables) and JSON.
public struct EvaluationReport: Sendable {
    public var config: EvaluationConfig
    public var results: [SeedResult]

    /// Seeds of a scenario.
    func results(for scenario: String) -> [SeedResult] { results.filter { $0.scenario == scenario } }

    /// The false-positive reduction of `vigil` against the rules: 1 − false alerts of Vigil / false alerts of rules,
    /// pooled over seeds.
    static func reduction(_ vigil: [SystemMetrics], _ rules: [SystemMetrics]) -> Double {
        let v = vigil.reduce(0) { $0 + $1.falsePositives }, r = rules.reduce(0) { $0 + $1.falsePositives }
        return r > 0 ? 1 - Double(v) / Double(r) : 0
    }

    public var text: String {
        var s = "# Vigil evaluation\n\n"
        s += "Scenario(s) \(config.scenarios.joined(separator: ", ")); seeds \(config.seeds.map(String.init).joined(separator: ",")); "
        s += "\(config.users) users; \(config.days) days, the first \(config.warmupDays) learning (alerts counted afterwards); "
        s += "stealth \(Analytics.Format.decimal(config.stealth, 2)), intensity \(Analytics.Format.decimal(config.intensity, 2)).\n"
        s += "Alert: an entity's composite risk crossing its dynamic threshold, at most one per entity per day (rules: any rule firing, "
        s += "one per entity per day). An alert detects a campaign step when its evidence includes the step's events or it is about one of "
        s += "the step's entities between 1 h before and 24 h after the step.\n\n"
        for scenario in config.scenarios {
            let rs = results(for: scenario)
            guard !rs.isEmpty else { continue }
            s += "## \(scenario)\n\n"
            s += table(rs)
            s += "\n"
            s += stageTable(rs)
            s += "\n"
            s += lookalikeTable(rs)
            s += "\n"
            s += sourceTable(rs)
            s += "\n"
        }
        if config.scenarios.count > 1 {
            s += "## All scenarios pooled\n\n" + table(results) + "\n"
        }
        if let example = results.first?.exampleAlerts.first {
            s += "Example alert: \(example)\n"
        }
        return s
    }

    private func fmt(_ x: Spread, _ places: Int = 2, percent: Bool = false) -> String {
        if percent {
            return Analytics.Format.decimal(x.mean * 100, 0) + "% ± " + Analytics.Format.decimal(x.sd * 100, 0)
        }
        return Analytics.Format.decimal(x.mean, places) + " ± " + Analytics.Format.decimal(x.sd, places)
    }

    private func table(_ rs: [SeedResult]) -> String {
        var systems: [(String, [SystemMetrics])] = [("QRadar-style rules", rs.map(\.rules)),
                                                    ("QRadar-style rules, tuned on the warm-up", rs.map(\.rulesTuned)), ("Vigil", rs.map(\.vigil))]
        let fb = rs.compactMap(\.vigilWithFeedback)
        if fb.count == rs.count, !fb.isEmpty { systems.append(("Vigil + analyst feedback", fb)) }
        var s = "| system | campaign recall | stage recall | hours to detect | alerts/day/1k users | false alerts/day/1k users | precision |"
        for b in config.budgets { s += " precision @\(Analytics.Format.decimal(b, 0))/day/1k |" }
        s += " FP reduction vs rules | vs tuned rules |\n|---|---|---|---|---|---|---|"
        for _ in config.budgets { s += "---|" }
        s += "---|---|\n"
        for (name, ms) in systems {
            let ttd = ms.flatMap { $0.campaigns.compactMap(\.hoursToDetect) }
            s += "| \(name) | \(fmt(Spread(ms.map(\.campaignRecall)), percent: true)) | \(fmt(Spread(ms.map(\.stageRecall)), percent: true)) | "
            s += ttd.isEmpty ? "— | " : "\(fmt(Spread(ttd), 1)) | "
            s += "\(fmt(Spread(ms.map(\.alertsPerDayPer1000)))) | \(fmt(Spread(ms.map(\.falsePerDayPer1000)))) | "
            s += "\(fmt(Spread(ms.map(\.precision)), percent: true)) |"
            for (i, _) in config.budgets.enumerated() {
                s += " \(fmt(Spread(ms.map { $0.budgets[i].precision }), percent: true)) |"
            }
            if name.hasPrefix("QRadar") {
                s += " — | — |\n"
            } else {
                for base in [rs.map(\.rules), rs.map(\.rulesTuned)] {
                    let per = zip(ms, base).map { v, r in r.falsePositives > 0 ? 1 - Double(v.falsePositives) / Double(r.falsePositives) : 0 }
                    s += " \(Analytics.Format.decimal(Self.reduction(ms, base) * 100, 1))% (per seed \(fmt(Spread(per), percent: true))) |"
                }
                s += "\n"
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
        var s = "| false alerts on | rules | tuned rules | Vigil |" + (withFeedback ? " Vigil + feedback |" : "") + "\n|---|---|---|---|"
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
    public var json: String { jsonValue.serialized() }

    public var jsonValue: JSONValue {
        func spread(_ x: Spread) -> JSONValue {
            .object([("mean", .number(x.mean)), ("sd", .number(x.sd)), ("min", .number(x.min)), ("max", .number(x.max))])
        }
        func system(_ m: SystemMetrics) -> JSONValue {
            .object([
                ("alerts", .number(Double(m.alerts))), ("true_positives", .number(Double(m.truePositives))),
                ("false_positives", .number(Double(m.falsePositives))), ("alerts_per_day_per_1000", .number(m.alertsPerDayPer1000)),
                ("false_alerts_per_day_per_1000", .number(m.falsePerDayPer1000)), ("precision", .number(m.precision)),
                ("campaign_recall", .number(m.campaignRecall)), ("stage_recall", .number(m.stageRecall)),
                ("campaigns", .array(m.campaigns.map { c in
                    .object([("id", .string(c.id)), ("kind", .string(c.kind)), ("detected", .bool(c.detected)),
                             ("hours_to_detect", c.hoursToDetect.map { .number($0) } ?? .null),
                             ("stages", .array(c.stages.map { .object([("stage", .string($0.stage)), ("detected", .bool($0.detected))]) }))])
                })),
                ("false_alerts_on_lookalikes", .object(m.lookalikeAlerts.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
                ("false_alerts_unlabelled", .number(Double(m.unlabelledFalseAlerts))),
                ("budgets", .array(m.budgets.map { b in
                    .object([("alerts_per_day_per_1000", .number(b.budget)), ("alerts", .number(Double(b.alerts))),
                             ("precision", .number(b.precision)), ("campaigns_detected", .number(Double(b.campaignsDetected)))])
                })),
                ("alerts_by_source", .object(m.alertsBySource.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
            ])
        }
        func summary(_ rs: [SeedResult]) -> JSONValue {
            var fields: [(String, JSONValue)] = []
            var systems: [(String, [SystemMetrics])] = [("rules", rs.map(\.rules)), ("rules_tuned", rs.map(\.rulesTuned)), ("vigil", rs.map(\.vigil))]
            let fb = rs.compactMap(\.vigilWithFeedback)
            if fb.count == rs.count, !fb.isEmpty { systems.append(("vigil_feedback", fb)) }
            for (name, ms) in systems {
                fields.append((name, .object([
                    ("campaign_recall", spread(Spread(ms.map(\.campaignRecall)))),
                    ("stage_recall", spread(Spread(ms.map(\.stageRecall)))),
                    ("hours_to_detect", spread(Spread(ms.flatMap { $0.campaigns.compactMap(\.hoursToDetect) }))),
                    ("alerts_per_day_per_1000", spread(Spread(ms.map(\.alertsPerDayPer1000)))),
                    ("false_alerts_per_day_per_1000", spread(Spread(ms.map(\.falsePerDayPer1000)))),
                    ("precision", spread(Spread(ms.map(\.precision)))),
                    ("precision_at_budget", .array(config.budgets.enumerated().map { i, b in
                        .object([("budget", .number(b)), ("precision", spread(Spread(ms.map { $0.budgets[i].precision })))])
                    })),
                    ("false_positive_reduction_vs_rules", name.hasPrefix("rules") ? .null : .number(Self.reduction(ms, rs.map(\.rules)))),
                    ("false_positive_reduction_vs_tuned_rules", name.hasPrefix("rules") ? .null : .number(Self.reduction(ms, rs.map(\.rulesTuned)))),
                ])))
            }
            return .object(fields)
        }
        var scenarios: [(String, JSONValue)] = []
        for sc in config.scenarios {
            let rs = results(for: sc)
            scenarios.append((sc, .object([
                ("summary", summary(rs)),
                ("seeds", .array(rs.map { r in
                    .object([("seed", .number(Double(r.seed))), ("users", .number(Double(r.users))), ("events", .number(Double(r.events))),
                             ("evaluated_days", .number(r.evaluatedDays)), ("rules", system(r.rules)), ("rules_tuned", system(r.rulesTuned)),
                             ("vigil", system(r.vigil)),
                             ("vigil_feedback", r.vigilWithFeedback.map(system) ?? .null),
                             ("signals_by_detector", .object(r.signalsByDetector.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
                             ("feedback_applied", .number(Double(r.feedbackApplied))),
                             ("peer_groups", r.peerGroups.map { p in
                                 .object([("groups", .number(Double(p.groups.count))), ("silhouette", .number(p.silhouette)),
                                          ("department_purity", .number(p.departmentPurity)), ("mismatches", .number(Double(p.mismatches.count)))])
                             } ?? .null)])
                })),
            ])))
        }
        return .object([
            ("config", .object([
                ("scenarios", .array(config.scenarios.map { .string($0) })), ("seeds", .array(config.seeds.map { .number(Double($0)) })),
                ("users", .number(Double(config.users))), ("days", .number(Double(config.days))),
                ("warmup_days", .number(Double(config.warmupDays))), ("stealth", .number(config.stealth)),
                ("intensity", .number(config.intensity)), ("simulate_feedback", .bool(config.simulateFeedback)),
                ("include_detectors", .bool(config.includeDetectors)),
            ])),
            ("scenarios", .object(scenarios)),
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
                                          peerGroups: run.peerReport, exampleAlerts: run.firstAlertExamples))
                progress?("\(scenario) seed \(seed): Vigil \(vigil.alerts) alerts (\(vigil.truePositives) true), recall \(Analytics.Format.percent(vigil.campaignRecall)); rules \(rules.alerts) alerts (\(rules.truePositives) true), recall \(Analytics.Format.percent(rules.campaignRecall)); tuned rules \(tuned.alerts) alerts (\(tuned.truePositives) true), recall \(Analytics.Format.percent(tuned.campaignRecall))")
            }
        }
        return EvaluationReport(config: config, results: results)
    }
}

extension Evaluation {
    /// Replays one seed and returns every Vigil signal and alert about the given entities (or about the campaign's
    /// entities when `entities` is empty), with the labels of their evidence: a debugging aid for tuning.
    public static func trace(scenario: String, seed: UInt64, config: EvaluationConfig, entities: [EntityRef] = [], lookalikeKind: String? = nil, verbose: Bool = false) throws(EvaluationError) -> [String] {
        let simConfig = SimulationConfig(users: config.users, days: config.days, seed: seed, scenario: scenario,
                                         intensity: config.intensity, stealth: config.stealth, outputs: [])
        let sim: Simulator
        do {
            sim = try Simulator(config: simConfig)
        } catch {
            throw .simulation(error.description)
        }
        var hr = config.useHRContext ? try HRFeed.facts(for: simConfig) : []
        var analyticsConfig = config.analytics
        analyticsConfig.learningDays = config.warmupDays
        var analytics = BehaviouralAnalytics(configuration: analyticsConfig, directory: SimulationContext.directory(sim.enterprise),
                                             sites: SimulationContext.sites(sim.enterprise))
        var watch = Set(entities)
        if let kind = lookalikeKind {
            for l in sim.plannedLabels.lookalikes where l.kind.rawValue == kind { for e in l.entities { watch.insert(e) } }
        } else if watch.isEmpty {
            for c in sim.plannedLabels.campaigns { for e in c.entities { watch.insert(e) }; for s in c.steps { for e in s.entities { watch.insert(e) } } }
        }
        var lines: [String] = []
        var truth: [String: String] = [:]
        for hour in sim.hours() {
            for s in hour.events {
                if let t = s.truth { truth[s.event.id] = sim.plannedLabels.describe(t) }
                while let fact = hr.first, fact.time <= s.event.time {
                    hr.removeFirst()
                    for account in fact.accounts { analytics.apply(fact.change, to: EntityRef(.user, account), at: fact.time) }
                    lines.append("HR \(fact.time) \(fact.accounts) \(fact.change)")
                }
                if verbose, let ent = BehaviouralAnalytics.entity(of: s.event), watch.contains(ent), s.truth != nil {
                    let scores = analytics.dimensionScores(of: s.event)
                    lines.append("  \(s.event.time) \(ent) \(s.event.kind) " + scores.map {
                        "\($0.dimension.feature)=\(Analytics.Format.decimal($0.bits, 1))b/\(Analytics.Format.decimal($0.evidence, 1))" + ($0.isNew ? "*" : "")
                    }.joined(separator: " "))
                }
                let out = analytics.ingest(s.event)
                for sig in out.signals where watch.contains(sig.entity) {
                    let labels = sig.evidence.compactMap { truth[$0] }
                    lines.append("\(sig.time) \(sig.detector) score \(Analytics.Format.decimal(sig.score, 2)) \(sig.title) [\(labels.joined(separator: ","))]")
                }
                for a in out.alerts where watch.contains(a.entity) {
                    lines.append("\(a.time) ALERT \(a.summary)")
                }
            }
        }
        return lines
    }
}
