import Analytics
import Correlation
import Detectors
import Simulation
import Triage
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
    /// The analyst-facing item it belongs to: Vigil's campaign id (a raised campaign and its later growth are one
    /// item); nil for the rules, whose every alert is an item.
    var item: String? = nil
    /// Every entity the item names (a campaign's linked entities), for purity and entity coverage.
    var entities: [EntityRef] = []
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
    /// The peers' simple correlation rules over the same signals: per-entity risk over its threshold (at most once
    /// per entity per day) and three distinct ATT&CK tactics on one entity within 7 days.
    var peerRules: [(name: String, alerts: [AlertRecord])]
    var signalsByDetector: [String: Int]
    var suppressed: Int
    var feedbackApplied: Int
    var peerReport: PeerGroupReport?
    var firstAlertExamples: [String]
}

/// Replays one simulated run through Vigil — the same ``TriageCore`` that `vigil serve` runs, built from a sidecar
/// configuration and the directory file the simulated HR system exports — and through the rule baseline.
///
/// Vigil's alerts here are the product's findings. The core pseudonymises as the sidecar does, so the labels'
/// entities are translated into the models' names (``PrivacyGate/modelEntity(_:)``) before matching.
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
        let enterprise = sim.enterprise
        // What the deployment is told: the directory the simulated HR system exports, read by the product's loader.
        let exported: DirectoryFile
        do {
            exported = try DirectoryFile.parse(sim.directoryJSON())
        } catch {
            throw .io("the simulator's directory export: \(error)")
        }
        let directory: DirectoryFile? = config.useDirectory ? exported : nil
        let sidecar = try config.sidecarConfiguration(seed: seed)
        var plain: TriageCore
        do {
            plain = try TriageCore(configuration: sidecar, directory: .some(directory),
                                   detectors: config.includeDetectors ? DetectionEngine.defaultDetectors() : [])
        } catch {
            throw .invalid("cannot build the triage core: \(error)")
        }
        let gate = plain.gate
        var learner: TriageCore? = config.simulateFeedback ? plain : nil

        let start = sim.config.start
        let end = sim.config.end
        let evalStart = start + EpochMillis(config.warmupDays) * EpochMillis.day
        // The rules know what QRadar would be configured with: the same directory (time zones, critical hosts).
        let ruleDirectory = EntityDirectory(users: exported.users, hosts: exported.hosts, defaultTimeZone: exported.defaultTimeZone ?? .utc)
        let critical = Set(enterprise.servers.filter { $0.criticality == .critical }.map(\.hostname))
        let backupHosts = Set(enterprise.assets.filter { $0.kind == .backupServer }.map(\.hostname))
        var homeCountries: [String: String] = [:]
        for p in enterprise.people {
            homeCountries[p.username] = enterprise.office(of: p).place.country
            if let a = p.adminAccount { homeCountries[a] = enterprise.office(of: p).place.country }
        }
        var ruleSets = [
            QRadarRuleBaseline(directory: ruleDirectory, critical: critical, excludedHosts: backupHosts, excludedAccounts: ["svc_backup"],
                               warmupEnd: evalStart, homeCountries: homeCountries),
            QRadarRuleBaseline(directory: ruleDirectory, critical: critical, excludedHosts: backupHosts, excludedAccounts: ["svc_backup"],
                               warmupEnd: evalStart, homeCountries: homeCountries, tuned: true),
        ]

        // Labels as planned, their entities as the models name them; event ids and windows are filled from the stream.
        let planned = sim.plannedLabels
        var campaigns = planned.campaigns.map { c in
            CampaignTruth(id: c.id, kind: c.kind, name: c.name, entities: c.entities.map(gate.modelEntity),
                          steps: c.steps.map { s in
                              var entities = s.entities
                              for g in s.gaps where !entities.contains(EntityRef(.logSource, g.logSource)) {
                                  entities.append(EntityRef(.logSource, g.logSource))
                              }
                              return StepTruth(stage: s.stage, technique: s.technique, entities: entities.map(gate.modelEntity),
                                               start: s.gaps.isEmpty ? .max : s.start, end: s.gaps.isEmpty ? .min : s.end, events: 0)
                          },
                          start: .max, end: .min)
        }
        var lookalikes = planned.lookalikes.map {
            LookalikeTruth(id: $0.id, kind: $0.kind.rawValue, entities: $0.entities.map(gate.modelEntity), start: $0.start, end: $0.end)
        }
        var truth: [String: GroundTruth] = [:]

        var vigil: [AlertRecord] = []
        var learned: [AlertRecord] = []
        var pending: [(due: EpochMillis, record: AlertRecord, subject: Signal, campaign: String?)] = []
        var ruleHits = [[String: (record: AlertRecord, rules: Set<String>)]](repeating: [:], count: 2)
        var ruleOrder = [[String]](repeating: [], count: 2)
        var signalsByDetector: [String: Int] = [:]
        var events = 0
        var examples: [String] = []
        var entityRisk: [AlertRecord] = []
        var tacticRule = TacticWindowRule()
        let delay = EpochMillis(config.feedbackDelayHours * 3_600_000)

        func record(_ f: TriageFinding) -> AlertRecord {
            let r = f.report
            return AlertRecord(entity: r.entity, time: r.time, score: r.risk / max(r.threshold, 1e-9), evidence: r.evidence,
                               sources: r.detectors, summary: r.title, item: f.document.campaign?.id,
                               entities: f.document.campaign?.entities ?? [r.entity] + r.related)
        }
        func collect(_ out: TriageOutput, learning: Bool) {
            if !learning {
                for s in out.signals {
                    signalsByDetector[s.detector, default: 0] += 1
                    if let hit = tacticRule.observe(s, minimumScore: plain.correlator.configuration.minimumScore), hit.time >= evalStart {
                        tacticRule.hits.append(hit)
                    }
                }
                for a in out.riskAlerts where a.time >= evalStart {
                    entityRisk.append(AlertRecord(entity: a.entity, time: a.time, score: a.risk / max(a.threshold, 1e-9), evidence: a.evidence,
                                                  sources: Array(Set(a.contributions.map(\.signal.detector))).sorted(), summary: a.summary))
                }
            }
            // A campaign merged into another is a closing notice for an item already counted, not an item or a growth.
            for f in out.findings where f.report.time >= evalStart && f.document.campaign?.status != .merged {
                let r = record(f)
                if learning {
                    learned.append(r)
                    // The analyst judges an item once, when it is raised (its later growth is the same item).
                    if (f.document.campaign?.revision ?? 1) <= 1 { pending.append((r.time + delay, r, f.document.subject, f.document.campaign?.id)) }
                } else {
                    vigil.append(r)
                    if examples.count < 3 { examples.append(f.report.title) }
                }
            }
        }
        // The simulated analyst's verdicts that are due, given to the learning core as an analyst's closures are.
        func giveFeedback(until t: EpochMillis) {
            guard learner != nil else { return }
            while let first = pending.first, first.due <= t {
                pending.removeFirst()
                let outcome = Oracle.verdict(first.record, truth: truth, campaigns: campaigns, lookalikes: lookalikes)
                learner!.feedback(on: first.subject, outcome: outcome, time: first.due, note: "simulated analyst")
                if let id = first.campaign { _ = learner!.campaignVerdict(id, outcome: outcome, time: first.due, actor: "simulated analyst") }
            }
        }

        for hour in sim.hours() {
            var batch: [Event] = []
            batch.reserveCapacity(hour.events.count)
            for simulated in hour.events {
                let e = simulated.eventAsRead(in: enterprise)
                events += 1
                batch.append(e)
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
            // One batch per simulated hour, complete up to the hour's end, as the sidecar's sources deliver them.
            let hourEnd = hour.start + EpochMillis.hour
            let prepared = plain.prepare(batch)
            collect(plain.ingest(prepared, completeUntil: hourEnd, now: hourEnd), learning: false)
            if learner != nil {
                giveFeedback(until: hour.start)
                let p = learner!.prepare(batch)
                collect(learner!.ingest(p, completeUntil: hourEnd, now: hourEnd), learning: true)
            }
        }
        // Close the last day and flush what detectors hold back.
        collect(plain.finish(at: end, now: end), learning: false)

        for i in campaigns.indices where campaigns[i].start == .max {
            campaigns[i].start = campaigns[i].steps.map(\.start).min() ?? start
            campaigns[i].end = campaigns[i].steps.map(\.end).max() ?? start
        }
        // The rules' alerts name clear entities; match them in the models' names too.
        let rules = ruleOrder[0].compactMap { ruleHits[0][$0]?.record }.map { gate.modelAlert($0) }
        let rulesTuned = ruleOrder[1].compactMap { ruleHits[1][$0]?.record }.map { gate.modelAlert($0) }
        let analytics = learner?.engine.analytics
        return SeedRun(scenario: scenario, seed: seed, users: enterprise.people.count, start: start, end: end, evalStart: evalStart,
                       events: events, campaigns: campaigns, lookalikes: lookalikes, truth: truth, vigil: vigil,
                       vigilFeedback: learner != nil ? learned : nil, rules: rules, rulesTuned: rulesTuned,
                       peerRules: [("entity_risk_24h", entityRisk), ("tactics_3_in_7d", tacticRule.hits)],
                       signalsByDetector: signalsByDetector, suppressed: analytics?.counters.suppressed ?? 0,
                       feedbackApplied: analytics?.feedback.applied ?? 0,
                       peerReport: plain.engine.analytics.peerGroupReport, firstAlertExamples: examples)
    }
}

extension PrivacyGate {
    /// A rule alert with its entity in the models' names.
    func modelAlert(_ a: AlertRecord) -> AlertRecord {
        var r = a
        r.entity = modelEntity(a.entity)
        return r
    }
}

/// The peers' "more than N distinct tactics in 7 days" correlation rule, over Vigil's own signals: an entity whose
/// signals (at the correlation's minimum score) span three distinct ATT&CK tactics within 7 days alerts, at most once
/// per entity per UTC day.
struct TacticWindowRule {
    static let window = 7 * EpochMillis.day
    static let tactics = 3
    private var recent: [EntityRef: [(time: EpochMillis, tactic: Tactic, evidence: [String])]] = [:]
    private var lastDay: [EntityRef: Int64] = [:]
    var hits: [AlertRecord] = []

    mutating func observe(_ s: Signal, minimumScore: Double) -> AlertRecord? {
        guard s.score >= minimumScore, let tactic = Tactic.of(s) else { return nil }
        var list = recent[s.entity] ?? []
        list.removeAll { s.time - $0.time > Self.window }
        list.append((s.time, tactic, Array(s.evidence.prefix(4))))
        if list.count > 256 { list.removeFirst(list.count - 256) }
        recent[s.entity] = list
        let distinct = Set(list.map(\.tactic))
        let day = CivilDayKey.day(s.time)
        guard distinct.count >= Self.tactics, lastDay[s.entity] != day else { return nil }
        lastDay[s.entity] = day
        var evidence: [String] = []
        for x in list.reversed() { for e in x.evidence where !evidence.contains(e) && evidence.count < 24 { evidence.append(e) } }
        return AlertRecord(entity: s.entity, time: s.time, score: Double(distinct.count), evidence: evidence, sources: [s.detector],
                           summary: "\(s.entity): \(distinct.count) tactics in 7 days")
    }
}

/// Keys for de-duplicating per entity per UTC day.
enum CivilDayKey {
    static func day(_ t: EpochMillis) -> Int64 { t >= 0 ? t / EpochMillis.day : (t - EpochMillis.day + 1) / EpochMillis.day }
    static func key(_ e: EntityRef, _ t: EpochMillis) -> String { e.description + "@" + String(day(t)) }
}

/// The simulated analyst: judges a finding from the ground truth, as an analyst would after investigating.
enum Oracle {
    static func verdict(_ record: AlertRecord, truth: [String: GroundTruth], campaigns: [CampaignTruth],
                        lookalikes: [LookalikeTruth]) -> FeedbackOutcome {
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
