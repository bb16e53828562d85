import Analytics
import Detectors
import Simulation
import VigilCore

/// A labelled attack step, with the ids of its events.
struct StepTruth: Sendable {
    var stage: String
    var technique: String
    var entities: [EntityRef]
    var start: EpochMillis
    var end: EpochMillis
    var events: Int
}

/// A labelled campaign.
struct CampaignTruth: Sendable {
    var id: String
    var kind: String
    var name: String
    var entities: [EntityRef]
    var steps: [StepTruth]
    /// First and last malicious event.
    var start: EpochMillis
    var end: EpochMillis
}

/// A labelled benign look-alike.
struct LookalikeTruth: Sendable {
    var id: String
    var kind: String
    var entities: [EntityRef]
    var start: EpochMillis
    var end: EpochMillis
}

/// One alert from either system, in the form the scoring needs.
struct AlertRecord: Sendable {
    var entity: EntityRef
    var time: EpochMillis
    /// Ranking score (Vigil: risk over threshold; rules: distinct rules fired that day).
    var score: Double
    var evidence: [String]
    /// Detectors or rules behind it.
    var sources: [String]
    var summary: String
}

/// Everything one replay of one seed produced.
struct SeedRun: Sendable {
    var scenario: String
    var seed: UInt64
    var users: Int
    var start: EpochMillis
    var end: EpochMillis
    var evalStart: EpochMillis
    var events: Int
    var campaigns: [CampaignTruth]
    var lookalikes: [LookalikeTruth]
    /// Malicious and benign-label truth of labelled event ids.
    var truth: [String: GroundTruth]
    var vigil: [AlertRecord]
    var vigilFeedback: [AlertRecord]?
    var rules: [AlertRecord]
    /// The rules after a week of tuning (see ``QRadarRuleBaseline``).
    var rulesTuned: [AlertRecord]
    var signalsByDetector: [String: Int]
    var suppressed: Int
    var feedbackApplied: Int
    var peerReport: PeerGroupReport?
    var firstAlertExamples: [String]
}

/// Replays one simulated run through Vigil (analytics + network detectors → composite risk) and the rule baseline.
enum Replay {
    static func run(scenario: String, seed: UInt64, config: EvaluationConfig) throws(EvaluationError) -> SeedRun {
        let simConfig = SimulationConfig(users: config.users, days: config.days, seed: seed, scenario: scenario,
                                         intensity: config.intensity, stealth: config.stealth, outputs: [])
        let sim: Simulator
        do {
            sim = try Simulator(config: simConfig)
        } catch {
            throw .simulation(error.description)
        }
        var hr = config.useHRContext ? try HRFeed.facts(for: simConfig) : []
        let enterprise = sim.enterprise
        let directory = SimulationContext.directory(enterprise)
        let sites = SimulationContext.sites(enterprise)
        var analyticsConfig = config.analytics
        analyticsConfig.learningDays = config.warmupDays
        let start = sim.config.start
        let end = sim.config.end
        let evalStart = start + EpochMillis(config.warmupDays) * EpochMillis.day

        var plain = BehaviouralAnalytics(configuration: analyticsConfig, directory: directory, sites: sites)
        var learner: BehaviouralAnalytics? = config.simulateFeedback ? plain : nil
        var detectors: [any Detector] = []
        if config.includeDetectors {
            // The sequence detector's defaults model privileged accounts (adm-, svc_) by role, as it is meant to.
            detectors = [BeaconDetector(), LateralMovementDetector(), LogSourceHealthDetector(), PrivilegedSequenceDetector()]
        }
        let critical = Set(enterprise.servers.filter { $0.criticality == .critical }.map(\.hostname))
        let backupHosts = Set(enterprise.assets.filter { $0.kind == .backupServer }.map(\.hostname))
        var homeCountries: [String: String] = [:]
        for p in enterprise.people {
            homeCountries[p.username] = enterprise.office(of: p).place.country
            if let a = p.adminAccount { homeCountries[a] = enterprise.office(of: p).place.country }
        }
        var ruleSets = [
            QRadarRuleBaseline(directory: directory, critical: critical, excludedHosts: backupHosts, excludedAccounts: ["svc_backup"],
                               warmupEnd: evalStart, homeCountries: homeCountries),
            QRadarRuleBaseline(directory: directory, critical: critical, excludedHosts: backupHosts, excludedAccounts: ["svc_backup"],
                               warmupEnd: evalStart, homeCountries: homeCountries, tuned: true),
        ]

        // Labels as planned; event ids and windows are filled from the stream.
        let planned = sim.plannedLabels
        var campaigns = planned.campaigns.map { c in
            CampaignTruth(id: c.id, kind: c.kind, name: c.name, entities: c.entities,
                          steps: c.steps.map { s in
                              var entities = s.entities
                              for g in s.gaps where !entities.contains(EntityRef(.logSource, g.logSource)) {
                                  entities.append(EntityRef(.logSource, g.logSource))
                              }
                              return StepTruth(stage: s.stage, technique: s.technique, entities: entities,
                                               start: s.gaps.isEmpty ? .max : s.start, end: s.gaps.isEmpty ? .min : s.end, events: 0)
                          },
                          start: .max, end: .min)
        }
        var lookalikes = planned.lookalikes.map {
            LookalikeTruth(id: $0.id, kind: $0.kind.rawValue, entities: $0.entities, start: $0.start, end: $0.end)
        }
        var truth: [String: GroundTruth] = [:]

        var vigil: [AlertRecord] = []
        var learned: [AlertRecord] = []
        var pending: [(due: EpochMillis, alert: RiskAlert)] = []
        var ruleHits = [[String: (record: AlertRecord, rules: Set<String>)]](repeating: [:], count: 2)
        var ruleOrder = [[String]](repeating: [], count: 2)
        var signalsByDetector: [String: Int] = [:]
        var suppressed = 0
        var events = 0
        var examples: [String] = []
        let delay = EpochMillis(config.feedbackDelayHours * 3_600_000)

        func record(_ a: RiskAlert) -> AlertRecord {
            var sources: [String] = []
            for c in a.contributions where !sources.contains(c.signal.detector) { sources.append(c.signal.detector) }
            return AlertRecord(entity: a.entity, time: a.time, score: a.risk / max(a.threshold, 1e-9), evidence: a.evidence,
                               sources: sources, summary: a.summary)
        }

        for hour in sim.hours() {
            for simulated in hour.events {
                let e = simulated.event
                events += 1
                if let t = simulated.truth {
                    truth[e.id] = t
                    switch t {
                    case let .malicious(c, s):
                        campaigns[c].start = min(campaigns[c].start, e.time)
                        campaigns[c].end = max(campaigns[c].end, e.time)
                        campaigns[c].steps[s].start = min(campaigns[c].steps[s].start, e.time)
                        campaigns[c].steps[s].end = max(campaigns[c].steps[s].end, e.time)
                        campaigns[c].steps[s].events += 1
                    case let .benign(l):
                        lookalikes[l].start = min(lookalikes[l].start, e.time)
                        lookalikes[l].end = max(lookalikes[l].end, e.time)
                    }
                }
                // HR facts that took effect.
                while let fact = hr.first, fact.time <= e.time {
                    hr.removeFirst()
                    for account in fact.accounts {
                        plain.apply(fact.change, to: EntityRef(.user, account), at: fact.time)
                        learner?.apply(fact.change, to: EntityRef(.user, account), at: fact.time)
                    }
                }
                // The simulated analyst's verdicts that are due.
                if learner != nil {
                    while let first = pending.first, first.due <= e.time {
                        pending.removeFirst()
                        let outcome = Oracle.verdict(first.alert, truth: truth, campaigns: campaigns, lookalikes: lookalikes)
                        learner!.apply(AnalystFeedback(subject: first.alert.signal, outcome: outcome, time: first.due))
                    }
                }
                var external: [Signal] = []
                for i in detectors.indices { external += detectors[i].process(e) }
                for s in external { signalsByDetector[s.detector, default: 0] += 1 }

                let out = plain.ingest(e)
                for s in out.signals { signalsByDetector[s.detector, default: 0] += 1 }
                for s in external {
                    let o = plain.ingest(external: s)
                    for a in o.alerts where a.time >= evalStart { vigil.append(record(a)) }
                }
                for a in out.alerts where a.time >= evalStart {
                    vigil.append(record(a))
                    if examples.count < 3 { examples.append(a.summary) }
                }
                if learner != nil {
                    var alerts = learner!.ingest(e).alerts
                    for s in external { alerts += learner!.ingest(external: s).alerts }
                    for a in alerts where a.time >= evalStart {
                        learned.append(record(a))
                        pending.append((a.time + delay, a))
                    }
                }

                for r in ruleSets.indices {
                    for h in ruleSets[r].process(e) {
                        let day = CivilDayKey.key(h.entity, h.time)
                        if var existing = ruleHits[r][day] {
                            existing.rules.insert(h.rule)
                            existing.record.score = Double(existing.rules.count)
                            existing.record.sources = existing.rules.sorted()
                            ruleHits[r][day] = existing
                        } else {
                            ruleHits[r][day] = (AlertRecord(entity: h.entity, time: h.time, score: 1, evidence: [h.eventID], sources: [h.rule],
                                                            summary: "\(h.entity): \(h.rule)"), [h.rule])
                            ruleOrder[r].append(day)
                        }
                    }
                }
            }
        }
        // Close the last day and drain detectors that hold findings back.
        var tail: [Signal] = []
        for i in detectors.indices {
            tail += detectors[i].advance(to: end)
            if var d = detectors[i] as? any DrainableDetector {
                tail += d.drain()
                detectors[i] = d
            }
        }
        for s in tail {
            signalsByDetector[s.detector, default: 0] += 1
            for a in plain.ingest(external: s).alerts where a.time >= evalStart { vigil.append(record(a)) }
            if learner != nil {
                for a in learner!.ingest(external: s).alerts where a.time >= evalStart { learned.append(record(a)) }
            }
        }
        for a in plain.advanceTime(to: end).alerts where a.time >= evalStart { vigil.append(record(a)) }
        if learner != nil {
            for a in learner!.advanceTime(to: end).alerts where a.time >= evalStart { learned.append(record(a)) }
        }
        suppressed = learner?.counters.suppressed ?? 0

        for i in campaigns.indices where campaigns[i].start == .max {
            campaigns[i].start = campaigns[i].steps.map(\.start).min() ?? start
            campaigns[i].end = campaigns[i].steps.map(\.end).max() ?? start
        }
        return SeedRun(scenario: scenario, seed: seed, users: enterprise.people.count, start: start, end: end, evalStart: evalStart,
                       events: events, campaigns: campaigns, lookalikes: lookalikes, truth: truth, vigil: vigil,
                       vigilFeedback: learner != nil ? learned : nil, rules: ruleOrder[0].compactMap { ruleHits[0][$0]?.record },
                       rulesTuned: ruleOrder[1].compactMap { ruleHits[1][$0]?.record },
                       signalsByDetector: signalsByDetector, suppressed: suppressed, feedbackApplied: learner?.feedback.applied ?? 0,
                       peerReport: plain.peerGroupReport, firstAlertExamples: examples)
    }
}

/// Keys for de-duplicating per entity per UTC day.
enum CivilDayKey {
    static func day(_ t: EpochMillis) -> Int64 { t >= 0 ? t / EpochMillis.day : (t - EpochMillis.day + 1) / EpochMillis.day }
    static func key(_ e: EntityRef, _ t: EpochMillis) -> String { e.description + "@" + String(day(t)) }
}

/// The simulated analyst: judges an alert from the ground truth, as an analyst would after investigating.
enum Oracle {
    static func verdict(_ alert: RiskAlert, truth: [String: GroundTruth], campaigns: [CampaignTruth],
                        lookalikes: [LookalikeTruth]) -> FeedbackOutcome {
        let record = AlertRecord(entity: alert.entity, time: alert.time, score: 0, evidence: alert.evidence, sources: [], summary: "")
        // The analyst investigates the entity, not the scoring window: a finding on a victim the day after a step is
        // still judged a true positive (the lenient window, as before strict scoring), so scoring changes do not
        // change what Vigil learns from feedback.
        let m = Matcher.match(record, truth: truth, campaigns: campaigns, lookalikes: lookalikes, window: .lenient)
        if !m.campaigns.isEmpty { return .truePositive }
        guard let l = m.lookalike else { return .falsePositive }
        switch lookalikes[l].kind {
        case BenignKind.maintenanceWindow.rawValue: return .benign(.maintenanceWindow)
        case BenignKind.penetrationTest.rawValue: return .benign(.penetrationTest)
        case BenignKind.businessTravel.rawValue, BenignKind.vpnEgressChange.rawValue: return .benign(.travel)
        default: return .benign(.authorised)
        }
    }
}
