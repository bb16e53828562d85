import Analytics
import Correlation
import Governance
import Narrative
import VigilCore

/// Vigil's whole decision path, from normalized events (identities in the clear) to the actions that follow, as one
/// pure state machine: account classification and pseudonymisation, the behavioural analytics and detectors, the
/// narrative, and the rollout policy's decision. It does no I/O: each input returns the actions to carry out, in
/// the order that keeps a crash harmless, and the caller executes them — `SidecarPipeline` against the store and
/// QRadar, `vigil eval` and `vigil replay` in memory, the benchmarks by counting. There is no other copy of this
/// wiring.
///
/// A batch is two steps, so that nothing the models learn depends on a store write that may still fail:
/// 1. ``prepare(_:)`` pseudonymises the batch and lists the pseudonyms not yet sealed (it changes nothing); the
///    caller seals them in the re-identification vault;
/// 2. ``ingest(_:completeUntil:now:)`` moves the models and returns the findings, each with its audit records,
///    write tasks and approval requests.
public struct TriageCore: Sendable {
    public let gate: PrivacyGate
    public private(set) var engine: DetectionEngine
    public let narrative: NarrativeBuilder
    public let policy: RolloutPolicy
    /// The correlation stage: signals and entity-risk alerts linked into campaigns; a raised campaign is a finding.
    public private(set) var correlator: CampaignCorrelator
    /// Enrichment (CMDB, vulnerabilities, threat intel, HR), keyed by pseudonymised entity id.
    public var enrichment: EnrichmentContext
    /// Open QRadar offenses by the (pseudonymised) entity they are indexed on.
    private var openOffenses: [EntityRef: Int] = [:]
    /// Open offenses QRadar raised from Vigil's own LEEF events, by the campaign id they are indexed on: the campaign's
    /// narrative and timeline go there as a note too (the LEEF event itself carries only a summary).
    private var campaignOffenses: [String: Int] = [:]
    /// Pseudonyms the caller has sealed (a cache: the vault keeps existing entries anyway).
    private var sealed = Set<String>()
    /// Directory entries that could not be read (reported at start; the rest of the file is used).
    public let directoryProblems: [String]
    /// What the directory told the models: accounts, hosts, sites and dated facts (zero without a directory).
    public let directorySummary: (accounts: Int, hosts: Int, sites: Int, changes: Int)

    /// - Parameters:
    ///   - directory: what the deployment is told about the organisation (clear names); its entities are
    ///     pseudonymised with the gate's key before the models see them, and its dated facts are applied when the
    ///     stream reaches them.
    public init(gate: PrivacyGate, analytics: AnalyticsConfiguration, directory: DirectoryFile?, defaultTimeZone: TimeZoneRule,
                policy: RolloutPolicy, narrative: NarrativeBuilder = NarrativeBuilder(),
                detectors: [any Detector] = DetectionEngine.defaultDetectors(), enrichment: EnrichmentContext = EnrichmentContext(),
                correlation: CorrelationConfiguration = CorrelationConfiguration()) {
        self.gate = gate
        self.correlator = CampaignCorrelator(configuration: correlation)
        self.policy = policy
        self.narrative = narrative
        self.enrichment = enrichment
        directoryProblems = directory?.problems ?? []
        directorySummary = (directory?.users.count ?? 0, directory?.hosts.count ?? 0, directory?.sites.sites.count ?? 0,
                            directory?.changes.count ?? 0)
        var users: [String: EntityAttributes] = [:]
        var hosts: [String: EntityAttributes] = [:]
        var changes: [(time: EpochMillis, entity: EntityRef, change: ContextChange)] = []
        if let directory {
            for (name, a) in directory.users { users[gate.modelName(of: name, kind: .user)] = a }
            for (name, a) in directory.hosts { hosts[gate.modelName(of: name, kind: .host)] = a }
            for c in directory.changes {
                changes.append((c.time, EntityRef(.user, gate.modelName(of: c.account, kind: .user)), c.change))
            }
        }
        let entityDirectory = EntityDirectory(users: users, hosts: hosts, defaultTimeZone: directory?.defaultTimeZone ?? defaultTimeZone)
        var engine = DetectionEngine(
            analytics: BehaviouralAnalytics(configuration: analytics, directory: entityDirectory, sites: directory?.sites ?? SiteMap()),
            detectors: detectors)
        engine.schedule(changes)
        self.engine = engine
    }

    /// The gate for a directory: service accounts and office networks come from it.
    public static func gate(pseudonymizer: Pseudonymizer, policy: PseudonymizationPolicy, directory: DirectoryFile?) -> PrivacyGate {
        let services = Set(directory?.users.filter { $0.value.isService }.map(\.key) ?? [])
        let accounts = AccountClassifier(serviceAccounts: services, adminAccounts: directory?.adminAccounts ?? [])
        return PrivacyGate(pseudonymizer: pseudonymizer, policy: policy, accounts: accounts,
                           sites: directory?.sites ?? SiteMap())
    }

    // MARK: - Events

    /// Pseudonymises events for the models. Changes nothing: ``PreparedBatch/unsealed`` are the clear values the
    /// caller must seal before calling ``ingest(_:completeUntil:now:)``.
    public func prepare(_ events: [Event]) -> PreparedBatch {
        var out: [Event] = []
        out.reserveCapacity(events.count)
        var fresh: [PseudonymMapping] = []
        var seen = Set<String>()
        for e in events {
            let p = gate.apply(e)
            out.append(p.event)
            for m in p.mappings where !sealed.contains(m.pseudonym.text) && seen.insert(m.pseudonym.text).inserted { fresh.append(m) }
        }
        return PreparedBatch(events: out, unsealed: fresh)
    }

    /// Runs a prepared batch (its pseudonyms sealed) through the models and decides what follows.
    /// - Parameters:
    ///   - completeUntil: every source is complete up to here, so the models may close windows up to it.
    ///   - now: the time decisions are recorded at (the wall clock in the sidecar, the event time in replays).
    public mutating func ingest(_ batch: PreparedBatch, completeUntil: EpochMillis?, now: EpochMillis) -> TriageOutput {
        markSealed(batch)
        var detection = engine.process(batch.events)
        if let completeUntil {
            let more = engine.advance(to: completeUntil)
            detection.signals += more.signals
            detection.alerts += more.alerts
            detection.suppressed += more.suppressed
        }
        return decide(detection, now: now)
    }

    /// Feeds history through the models without raising findings: after a restart the baselines are rebuilt from
    /// QRadar (which keeps the events) instead of being stored by Vigil.
    public mutating func warmUp(_ batch: PreparedBatch, until: EpochMillis?) {
        markSealed(batch)
        _ = engine.process(batch.events)
        if let until { _ = engine.advance(to: until) }
    }

    /// Takes back the raised campaigns stored in findings (after a restart), so they grow under their finding
    /// instead of being raised again; see ``CampaignCorrelator/restore(_:at:)``.
    ///   - offenses: the open offenses QRadar raised from Vigil's events, by campaign id (``FindingDocument/campaignOffenseID``).
    @discardableResult
    public mutating func restore(campaigns: [Campaign], offenses: [String: Int] = [:], at time: EpochMillis) -> Int {
        for (campaign, offense) in offenses { campaignOffenses[campaign] = offense }
        return correlator.restore(campaigns, at: time)
    }

    /// Moves the models' clock when no events came (a quiet source must still be noticed).
    public mutating func advance(to time: EpochMillis, now: EpochMillis) -> TriageOutput {
        decide(engine.advance(to: time), now: now)
    }

    /// Flushes what detectors hold back for more evidence (the end of a replay or an evaluation).
    public mutating func finish(at time: EpochMillis, now: EpochMillis) -> TriageOutput {
        var out = engine.advance(to: time)
        let drained = engine.drain()
        out.signals += drained.signals
        out.alerts += drained.alerts
        out.suppressed += drained.suppressed
        return decide(out, now: now)
    }

    private mutating func markSealed(_ batch: PreparedBatch) {
        for m in batch.unsealed { sealed.insert(m.pseudonym.text) }
        // Only a cache of what the vault holds: bound it.
        if sealed.count > 2_000_000 { sealed.removeAll(keepingCapacity: false) }
    }

    // MARK: - Decisions

    /// Correlates what the models raised and decides the findings: every signal (above the correlation's minimum
    /// score) and every entity-risk alert is observed in time order; each campaign raised or grown in the batch
    /// becomes one finding (the same finding id for the whole life of the campaign), decided once per batch.
    private mutating func decide(_ detection: DetectionOutput, now: EpochMillis) -> TriageOutput {
        var out = TriageOutput()
        out.signals = detection.signals
        out.suppressed = detection.suppressed
        out.riskAlerts = detection.alerts
        // Signals before alerts at the same time: an alert stands on the signals that raised it.
        var items: [(time: EpochMillis, order: Int, signal: Signal, alert: RiskAlert?)] = []
        for (i, s) in detection.signals.enumerated() { items.append((s.time, i, s, nil)) }
        for (i, a) in detection.alerts.enumerated() { items.append((a.time, detection.signals.count + i, Self.observation(of: a), a)) }
        items.sort { $0.time != $1.time ? $0.time < $1.time : $0.order < $1.order }
        var latest: [String: CampaignUpdate] = [:]
        var order: [String] = []
        for item in items {
            let tactics = item.alert.map { a in a.contributions.compactMap { Tactic.of($0.signal) } } ?? []
            for u in correlator.observe(item.signal, strong: item.alert != nil, tactics: tactics) {
                if let previous = latest[u.campaign.id] {
                    // One finding per campaign per batch: the last state, with every reason since the batch began.
                    var merged = u
                    merged.kind = previous.kind == .raised ? .raised : u.kind
                    merged.reasons = previous.reasons + u.reasons.filter { !previous.reasons.contains($0) }
                    latest[u.campaign.id] = merged
                } else {
                    latest[u.campaign.id] = u
                    order.append(u.campaign.id)
                }
            }
        }
        if let t = items.last?.time { correlator.advance(to: t) }
        for id in order {
            guard let u = latest[id] else { continue }
            out.campaigns.append(u)
            out.findings.append(finding(for: u, now: now))
        }
        return out
    }

    /// An entity-risk alert as the correlation observes it: the alert's signal, related to every entity its
    /// contributions name.
    static func observation(of alert: RiskAlert) -> Signal {
        var s = alert.signal
        var related: [EntityRef] = []
        for c in alert.contributions {
            for e in [c.signal.entity] + c.signal.related where e != alert.entity && !e.id.isEmpty && !related.contains(e) && related.count < 32 {
                related.append(e)
            }
        }
        s.related = related
        return s
    }

    /// The finding for an alert: narrative, linked offense, the rollout policy's writes, approval requests.
    func finding(for alert: RiskAlert, now: EpochMillis) -> TriageFinding {
        let report = narrative.report(for: alert, context: enrichment)
        let offense = linkedOffense(for: report)
        let writes = policy.decide(report.facts(offenseID: offense))
        let document = FindingDocument(report: report, subject: alert.signal, offenseID: offense, mode: policy.mode, writes: writes)
        return TriageFinding(document: document, decision: .decision(findingID: report.findingID, mode: policy.mode, writes: writes, revision: report.revision, time: now),
                             approvals: approvals(for: writes, report: report), tasks: tasks(for: writes, report: report, offenseID: offense))
    }

    /// The finding for a raised or grown campaign: the narrative over its strongest contributions, its timeline and
    /// stages, a note for every open QRadar offense on one of its entities, the rollout policy's writes (notes and
    /// LEEF events once per revision), and approval requests (one per campaign, action and target).
    func finding(for update: CampaignUpdate, now: EpochMillis) -> TriageFinding {
        let campaign = update.campaign
        let halfLife = correlator.configuration.ageHalfLifeDays
        var contributions = campaign.contributions.filter { !$0.reset }.map { c in
            RiskContribution(signal: c.signal, family: SignalFamily.of(detector: c.signal.detector) ?? .external,
                             points: c.value(at: campaign.end, ageHalfLifeDays: halfLife))
        }
        contributions.sort { $0.points != $1.points ? $0.points > $1.points : $0.signal.id < $1.signal.id }
        let alert = RiskAlert(id: campaign.id, entity: campaign.primaryEntity, time: campaign.end, risk: campaign.score,
                              threshold: correlator.configuration.raiseScore, contributions: Array(contributions.prefix(12)),
                              evidence: campaign.evidence(limit: 24), summary: campaign.title)
        var report = narrative.report(for: alert, context: enrichment)
        report.title = campaign.title
        report.severity = max(report.severity, campaign.severity)
        report.confidence = max(report.confidence, campaign.confidence)
        for e in campaign.entities where e != report.entity && !report.related.contains(e) { report.related.append(e) }
        var evidence = report.evidence
        for e in campaign.evidence(limit: 200) where !evidence.contains(e) { evidence.append(e) }
        report.evidence = evidence
        for t in campaign.contributions.compactMap(\.signal.technique) where !report.techniques.contains(t) { report.techniques.append(t) }
        // The whole timeline (the note prints its first lines; the API shows all of it, with this core's half-life).
        report.timeline = campaign.timeline(limit: 200, ageHalfLifeDays: halfLife)
        report.revision = campaign.revision
        report.narrative = Self.campaignParagraph(campaign, reasons: update.reasons) + "\n\n" + report.narrative

        if update.kind == .merged {
            // Its story goes on in the survivor's finding: this one is closed, and nothing more is written for it.
            report.narrative = "Merged into campaign \(campaign.mergedInto ?? "?"), whose finding carries this story on.\n\n" + report.narrative
            var subject = alert.signal
            subject.related = Array(campaign.entities.filter { $0 != campaign.primaryEntity }.prefix(32))
            let document = FindingDocument(report: report, subject: subject, offenseID: nil, mode: policy.mode, writes: [.record], campaign: campaign)
            return TriageFinding(document: document, decision: .decision(findingID: report.findingID, mode: policy.mode, writes: [.record], revision: report.revision, time: now),
                                 approvals: [], tasks: [])
        }
        let offenses = linkedOffenses(for: campaign)
        var facts = report.facts(offenseID: offenses.first)
        // A campaign is autonomous when any of its behaviours is an autonomous use case (the strongest such): the set
        // only grows with the campaign, so once its offense exists every later revision reaches it too, even when
        // another detector comes to carry the most points.
        if !policy.autonomousUseCases.contains(facts.useCase), let useCase = Self.autonomousUseCase(of: campaign, in: policy.autonomousUseCases) {
            facts.useCase = useCase
        }
        var writes = policy.decide(facts)
        if writes.contains(where: { if case .offenseNote = $0 { true } else { false } }) {
            for id in offenses.dropFirst() { writes.append(.offenseNote(offenseID: id)) }
        }
        var subject = alert.signal
        subject.related = Array(campaign.entities.filter { $0 != campaign.primaryEntity }.prefix(32))
        let document = FindingDocument(report: report, subject: subject, offenseID: offenses.first, mode: policy.mode, writes: writes,
                                       campaign: campaign, campaignOffenseID: campaignOffenses[campaign.id])
        return TriageFinding(document: document, decision: .decision(findingID: report.findingID, mode: policy.mode, writes: writes, revision: report.revision, time: now),
                             approvals: approvals(for: writes, report: report),
                             tasks: tasks(for: writes, report: report, facts: facts, offenseID: offenses.first, campaign: campaign))
    }

    /// The campaign's behaviour with the most points among `useCases` (detector ids), if any.
    static func autonomousUseCase(of campaign: Campaign, in useCases: Set<String>) -> String? {
        var points: [String: Double] = [:]
        for c in campaign.contributions where useCases.contains(c.signal.detector) { points[c.signal.detector, default: 0] += c.points }
        return points.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// The id of a campaign's finding (the narrative names a finding after the alert it tells, and a campaign's alert
    /// carries the campaign id), so a QRadar offense indexed on the campaign id leads to its finding.
    public static func findingID(ofCampaign id: String) -> String { Campaign.findingID(of: id) }

    /// The campaign's opening paragraph: why it was raised or what changed, its stages in order and its reach.
    static func campaignParagraph(_ c: Campaign, reasons: [String]) -> String {
        var parts: [String] = []
        let stages = c.stages.map { "\($0.name) (from \(UTCTime.iso8601Seconds($0.start)))" }
        parts.append("Campaign \(c.id), revision \(c.revision): \(c.stages.count) stage\(c.stages.count == 1 ? "" : "s") — "
                     + (stages.isEmpty ? "none named" : stages.joined(separator: " → ")) + ".")
        parts.append("It links \(c.entities.count) entit\(c.entities.count == 1 ? "y" : "ies") through \(c.contributions.count) observation\(c.contributions.count == 1 ? "" : "s") "
                     + "between \(UTCTime.iso8601Seconds(c.start)) and \(UTCTime.iso8601Seconds(c.end)); score \(NarrativeText.decimal(c.score, 1)), "
                     + "severity \(c.severity.name), confidence \(NarrativeText.decimal(c.confidence, 2)).")
        if !reasons.isEmpty { parts.append("This update: " + reasons.joined(separator: "; ") + ".") }
        return parts.joined(separator: " ")
    }

    private func approvals(for writes: [PlannedWrite], report: FindingReport) -> [ApprovalDraft] {
        writes.compactMap { w in
            guard case .approvalRequest(let action) = w else { return nil }
            return ApprovalDraft(id: stableID("approval", report.findingID, action.kind.rawValue, action.target), action: action,
                                 findingID: report.findingID, summary: report.title + " — " + String(report.narrative.prefix(600)),
                                 evidence: Array(report.evidence.prefix(50)))
        }
    }

    private func tasks(for writes: [PlannedWrite], report: FindingReport, facts: FindingFacts? = nil, offenseID: Int?,
                       campaign: Campaign? = nil) -> [WriteTask] {
        var leef = LEEFFindingPayload(facts: facts ?? report.facts(offenseID: offenseID), risk: report.risk, findingTime: report.time)
        if let campaign {
            leef.campaignID = campaign.id
            leef.revision = campaign.revision
            leef.tactics = campaign.tactics.map(\.name)
            leef.entities = campaign.entities.prefix(16).map(\.description)
        }
        return WriteTask.tasks(findingID: report.findingID, writes: writes, noteText: report.noteText(maxLength: 4000), leef: leef,
                               revision: campaign?.revision)
    }

    /// Open offenses on any of the campaign's entities, primary entity first, each once.
    private func linkedOffenses(for campaign: Campaign) -> [Int] {
        var ids: [Int] = campaignOffenses[campaign.id].map { [$0] } ?? []
        for e in [campaign.primaryEntity] + campaign.entities {
            if let id = openOffenses[e], !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    private func linkedOffense(for report: FindingReport) -> Int? {
        if let id = openOffenses[report.entity] { return id }
        for e in report.related { if let id = openOffenses[e] { return id } }
        return nil
    }

    // MARK: - Offenses and feedback

    /// Records an offense QRadar raised (or updated, or closed) on `entity`. Returns true when the offense is newly
    /// open and the rollout mode writes to QRadar: then the caller looks up Vigil's recent open findings on the
    /// entity and calls ``attach(_:toOffense:now:)`` for each.
    public mutating func offenseSeen(id: Int, entity: EntityRef, isOpen: Bool) -> Bool {
        guard isOpen else {
            if openOffenses[entity] == id { openOffenses[entity] = nil }
            return false
        }
        let known = openOffenses[entity] == id
        openOffenses[entity] = id
        return !known && policy.mode != .shadow
    }

    /// Records an offense QRadar raised (or updated, or closed) from Vigil's own LEEF events, indexed on the campaign
    /// id `campaignID`. When it is newly open, the campaign is held, raised and not closed, and the rollout mode
    /// writes to QRadar, returns the campaign's finding with a note for the offense (its narrative and timeline).
    public mutating func campaignOffenseSeen(id: Int, campaignID: String, isOpen: Bool, now: EpochMillis) -> TriageFinding? {
        guard isOpen else {
            if campaignOffenses[campaignID] == id { campaignOffenses[campaignID] = nil }
            return nil
        }
        guard campaignOffenses[campaignID] != id else { return nil }
        campaignOffenses[campaignID] = id
        guard policy.mode != .shadow, let campaign = correlator.campaign(id: campaignID), campaign.raisedAt != nil,
              campaign.status == .open || campaign.status == .confirmed else { return nil }
        return finding(for: CampaignUpdate(kind: .grew, campaign: campaign, reasons: ["QRadar raised offense \(id) from Vigil's event"]), now: now)
    }

    /// The findings of raised, open campaigns that involve `entity`, updated with a note for the offense `id`
    /// (call after ``offenseSeen(id:entity:isOpen:)`` returned true). Notes already written for a campaign's
    /// revision on another offense are not repeated: the note's key names the offense.
    public func campaignFindings(forOffense id: Int, entity: EntityRef, now: EpochMillis) -> [TriageFinding] {
        correlator.raisedCampaigns(involving: entity).filter { $0.status == .open || $0.status == .confirmed }.map {
            finding(for: CampaignUpdate(kind: .grew, campaign: $0, reasons: ["linked to QRadar offense \(id)"]), now: now)
        }
    }

    /// A stored finding attached to an offense: the updated document, the note to write and its audit record; nil
    /// when it already has an offense.
    public func attach(_ document: FindingDocument, toOffense id: Int, now: EpochMillis) -> TriageFinding? {
        guard document.offenseID == nil else { return nil }
        var doc = document
        doc.offenseID = id
        let note = PlannedWrite.offenseNote(offenseID: id)
        doc.writes.append(note)
        return TriageFinding(document: doc, decision: .decision(findingID: doc.report.findingID, mode: policy.mode, writes: [note], revision: doc.report.revision, time: now),
                             approvals: [], tasks: tasks(for: [note], report: doc.report, offenseID: id))
    }

    /// Applies an analyst's (or QRadar's) verdict on a campaign: a false positive or benign verdict resets its
    /// contributions (recorded in its history); a true positive confirms it. Returns the update, nil for a campaign
    /// the core no longer holds.
    public mutating func campaignVerdict(_ id: String, label: FeedbackLabel, time: EpochMillis, actor: String) -> CampaignUpdate? {
        let verdict: CampaignVerdict
        switch label {
        case .truePositive, .policyViolation: verdict = .truePositive
        case .falsePositive: verdict = .falsePositive
        case .benign: verdict = .benign
        }
        return correlator.verdict(verdict, on: id, at: time, by: actor)
    }

    /// What undoing a campaign's writes takes once it is closed as a false positive or benign: the removal of every
    /// reference-set entry its finding added — except those in `keeping` (other open findings added them too) — as
    /// write tasks with the audit record of the decision; nil when there is nothing to remove or the verdict keeps it.
    public func retraction(of document: FindingDocument, label: FeedbackLabel, keeping: Set<ReferenceSetClaim> = [],
                           now: EpochMillis) -> TriageFinding? {
        switch label {
        case .truePositive, .policyViolation: return nil
        case .falsePositive, .benign: break
        }
        var removals: [PlannedWrite] = []
        for w in document.writes {
            if case .referenceSetEntry(let set, let value, _) = w, !keeping.contains(ReferenceSetClaim(set: set, value: value)),
               !removals.contains(.referenceSetRemoval(set: set, value: value)) {
                removals.append(.referenceSetRemoval(set: set, value: value))
            }
        }
        guard !removals.isEmpty else { return nil }
        var doc = document
        doc.writes += removals
        let id = document.report.findingID
        return TriageFinding(document: doc, decision: .decision(findingID: id, mode: policy.mode, writes: removals, revision: document.report.revision, time: now), approvals: [],
                             tasks: WriteTask.tasks(findingID: id, writes: removals, noteText: nil, leef: nil))
    }

    /// The same from the analytics' vocabulary (the evaluation's simulated analyst).
    public mutating func campaignVerdict(_ id: String, outcome: FeedbackOutcome, time: EpochMillis, actor: String) -> CampaignUpdate? {
        let verdict: CampaignVerdict
        switch outcome {
        case .truePositive: verdict = .truePositive
        case .falsePositive: verdict = .falsePositive
        case .benign: verdict = .benign
        }
        return correlator.verdict(verdict, on: id, at: time, by: actor)
    }

    /// Teaches the models an analyst's verdict on a finding (calibration and a scoped, expiring suppression).
    @discardableResult
    public mutating func feedback(on subject: Signal, label: FeedbackLabel, time: EpochMillis, note: String) -> Suppression? {
        engine.apply(AnalystFeedback(subject: subject, outcome: Self.outcome(of: label), time: time, note: note))
    }

    /// Teaches the models a verdict already in the analytics' vocabulary (the evaluation's simulated analyst).
    @discardableResult
    public mutating func feedback(on subject: Signal, outcome: FeedbackOutcome, time: EpochMillis, note: String) -> Suppression? {
        engine.apply(AnalystFeedback(subject: subject, outcome: outcome, time: time, note: note))
    }

    /// The analytics' vocabulary for a label.
    public static func outcome(of label: FeedbackLabel) -> FeedbackOutcome {
        switch label {
        case .truePositive, .policyViolation: return .truePositive
        case .falsePositive: return .falsePositive
        case .benign(let trigger):
            switch trigger {
            case .maintenanceWindow, .backupJob: return .benign(.maintenanceWindow)
            case .pentestAccount, .vulnerabilityScanner: return .benign(.penetrationTest)
            case .businessTravel: return .benign(.travel)
            case .serviceAccount, .approvedChange, .unspecified: return .benign(.authorised)
            }
        }
    }
}

/// A batch pseudonymised for the models, with the pseudonyms still to seal.
public struct PreparedBatch: Sendable {
    public var events: [Event]
    /// Mappings not yet sealed by this core's caller, each once.
    public var unsealed: [PseudonymMapping]
}

/// One reference-set entry a finding added: the set and the value (as Vigil holds it).
public struct ReferenceSetClaim: Sendable, Hashable {
    public var set: String
    public var value: String
    public init(set: String, value: String) {
        self.set = set
        self.value = value
    }
}

/// A response action waiting for a person's approval, as the core asks for it (the id is deterministic, so a
/// repeat is recognised).
public struct ApprovalDraft: Sendable, Hashable {
    public var id: String
    public var action: ResponseAction
    public var findingID: String
    public var summary: String
    public var evidence: [String]
}

/// Everything decided about one alert: the finding as stored, the audit record of the decision, approval requests
/// and QRadar writes (each keyed deterministically, so a replayed batch changes nothing).
public struct TriageFinding: Sendable {
    public var document: FindingDocument
    public var decision: AuditDraft
    public var approvals: [ApprovalDraft]
    public var tasks: [WriteTask]

    public var report: FindingReport { document.report }
}

/// What one input to the core produced, in the order to carry it out: findings (store, then their writes and
/// approvals), then the audit records of the signals.
public struct TriageOutput: Sendable {
    /// Every signal raised (behavioural and network detectors), in order.
    public var signals: [Signal] = []
    /// The findings decided: one per campaign raised or grown.
    public var findings: [TriageFinding] = []
    /// The campaigns raised, grown or judged, in the order of ``findings`` (verdicts have no finding).
    public var campaigns: [CampaignUpdate] = []
    /// Signals an analyst's earlier verdict suppressed.
    public var suppressed = 0
    /// The entity-risk alerts the analytics raised (each observed by the correlation as a strong observation; the
    /// evaluation also scores them alone, as the per-entity rule a SIEM would run).
    public var riskAlerts: [RiskAlert] = []

    public init() {}

    /// The audit records this output adds after its findings are stored: each finding's decision, then the signals.
    public var auditDrafts: [AuditDraft] {
        findings.map(\.decision) + signals.map { .signal($0) }
    }
}
