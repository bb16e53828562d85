import Analytics
import Correlation
import Foundation
import Governance
import Logging
import Narrative
import Storage
import Triage
import VigilCore
import WriteBack
import VigilMetrics

/// Counters the pipeline keeps since start (the API's status and the metrics read them).
public struct PipelineCounters: Sendable, Hashable, Codable {
    public var batches = 0
    public var events = 0
    public var rejected = 0
    public var signals = 0
    public var suppressed = 0
    public var findings = 0
    public var writesPlanned = 0
    public var approvalsQueued = 0
    public var feedback = 0
    public var warmupEvents = 0
    public init() {}
}

/// The sidecar's executor of ``TriageCore``: the core decides (pseudonyms to seal, findings, audit records, writes,
/// approvals), this actor carries the actions out against the store, the vault and write-back, one batch at a
/// time, in the order that keeps a crash harmless.
///
/// Order of a batch: (1) new pseudonym mappings into the vault; (2) the models; (3) findings, write tasks (pending
/// in the ledger) and approval requests, each keyed deterministically so a repeat is recognised; (4) the audit
/// records, the last of them the input-batch record that carries each source's new checkpoint; (5) the checkpoints.
/// A crash before (4) re-reads the batch on restart (nothing was counted); a crash between (4) and (5) is repaired
/// on restart from the audit record (see ``recoverCheckpoint(source:stored:)``), so no event is counted twice.
public actor SidecarPipeline {
    public let store: any VigilStore
    public let vault: ReidentificationVault?
    public let writeBack: WriteBackExecutor
    public let approvals: ApprovalQueue
    public let clock: any EpochClock
    let logger: Logger
    let metrics: SidecarMetrics?

    /// The decisions; this actor only executes them.
    public private(set) var core: TriageCore
    public private(set) var counters = PipelineCounters()
    /// Called after each processed batch (metrics).
    private var observers: [@Sendable (BatchReport) -> Void] = []

    public init(store: any VigilStore, vault: ReidentificationVault?, writeBack: WriteBackExecutor, approvals: ApprovalQueue,
                core: TriageCore, metrics: SidecarMetrics? = nil, clock: any EpochClock, logger: Logger) {
        self.metrics = metrics
        self.store = store
        self.vault = vault
        self.writeBack = writeBack
        self.approvals = approvals
        self.core = core
        self.clock = clock
        self.logger = logger
    }

    public func onBatch(_ observer: @escaping @Sendable (BatchReport) -> Void) {
        observers.append(observer)
    }

    public var gate: PrivacyGate { core.gate }
    public var policy: RolloutPolicy { core.policy }

    /// Entities the analytics track.
    public var entityCount: Int { core.engine.analytics.entityCount }

    /// Signals raised per detector since start.
    public var signalsByDetector: [String: Int] { core.engine.signalsByDetector }

    public func setEnrichment(_ context: EnrichmentContext) {
        core.enrichment = context
    }

    // MARK: - Batches

    /// Processes one batch end to end and commits its checkpoints. Throws only when the store fails; then nothing
    /// past the failure is committed and the caller retries the batch.
    @discardableResult
    public func ingest(_ batch: IngestBatch) async throws -> BatchReport {
        let started = clock.now()
        // Until the models have seen the batch, a failure can simply be retried by the caller.
        let prepared = core.prepare(batch.events)
        try await seal(prepared)
        let output = core.ingest(prepared, completeUntil: batch.completeUntil, now: clock.now())

        // From here the models have moved: each step is retried on its own until it succeeds (or the task is
        // cancelled), so a store hiccup neither feeds the models twice nor writes an audit record twice.
        var documents: [FindingDocument] = []
        try await untilDone("record findings") {
            documents = []
            for f in output.findings { documents.append(try await record(f)) }
        }
        var drafts = output.auditDrafts
        let now = clock.now()
        for part in batch.parts { drafts.append(Self.inputBatchDraft(part, time: now)) }
        let toAppend = drafts
        if !toAppend.isEmpty { try await untilDone("append audit") { _ = try await store.appendAudit(toAppend) } }
        for part in batch.parts {
            if let cp = part.checkpoint { try await untilDone("save checkpoint") { try await store.save(cp) } }
        }

        counters.batches += 1
        counters.events += batch.events.count
        counters.rejected += batch.parts.reduce(0) { $0 + $1.rejected }
        counters.signals += output.signals.count
        counters.suppressed += output.suppressed
        let report = BatchReport(
            sources: batch.parts.map(\.source), events: batch.events.count, rejected: batch.parts.reduce(0) { $0 + $1.rejected },
            signals: output.signals, findings: documents, durationMillis: clock.now() - started,
            checkpoints: batch.parts.compactMap(\.checkpoint))
        for o in observers { o(report) }
        if let metrics {
            for s in output.signals { metrics.signals(detector: s.detector) }
            for f in documents { metrics.finding(severity: f.report.severity) }
            for part in batch.parts {
                metrics.eventsIngested(source: part.source, count: part.eventIDs.count)
                if part.rejected > 0 { metrics.rowsRejected(source: part.source, reason: "normalization", count: part.rejected) }
            }
            metrics.pipelineBatch(duration: .milliseconds(report.durationMillis))
        }
        return report
    }

    /// How a failed store step is retried once the models have moved (it must eventually succeed, not be skipped).
    static let storeRetry = Backoff(initial: .milliseconds(100), maximum: .seconds(5))

    private func untilDone(_ what: String, _ body: () async throws -> Void) async throws {
        try await Self.storeRetry.retrying(failed: { error, _ in
            logger.error("pipeline step failed; retrying", metadata: ["step": "\(what)", "error": "\(error)"])
        }, body)
    }

    /// Feeds history through the models without raising findings: baselines are rebuilt from QRadar after a restart
    /// (QRadar keeps the events; Vigil need not keep model state to be correct).
    public func warmUp(_ events: [Event], until: EpochMillis?) async throws {
        let prepared = core.prepare(events)
        try await seal(prepared)
        core.warmUp(prepared, until: until)
        counters.warmupEvents += events.count
    }

    /// Takes back the campaigns raised in the correlation window from their stored findings (call once at start,
    /// before ingestion): a campaign that grows after a restart updates its finding, its notes and its approval
    /// requests instead of raising a second one, and a verdict given before the restart still holds.
    @discardableResult
    public func restoreCampaigns() async throws -> Int {
        let now = clock.now()
        let window = EpochMillis(core.correlator.configuration.windowDays) * EpochMillis.day
        var campaigns: [Campaign] = []
        var offenses: [String: Int] = [:]
        var cursor: EpochMillis = .max
        // Newest first, in pages: a busy month may hold more findings than one page.
        while true {
            let page = try await store.findings(FindingQuery(from: now - window, to: cursor, limit: 1000))
            for stored in page {
                guard let doc = Self.decode(stored.body), let c = doc.campaign else { continue }
                campaigns.append(c)
                if let o = doc.campaignOffenseID { offenses[c.id] = o }
            }
            // The next page ends just after the oldest time seen, so findings sharing that time are not skipped.
            guard page.count == 1000, let oldest = page.last?.time, oldest + 1 < cursor else { break }
            cursor = oldest + 1
        }
        // A page boundary may repeat a finding: each campaign once, its newest state (the latest revision).
        var newest: [String: Campaign] = [:]
        for c in campaigns where (newest[c.id]?.revision ?? -1) < c.revision { newest[c.id] = c }
        return core.restore(campaigns: Array(newest.values), offenses: offenses, at: now)
    }

    /// Moves the models' clock when no events came (so silence is noticed) and records what that raised.
    public func advance(to time: EpochMillis) async throws -> [FindingDocument] {
        let output = core.advance(to: time, now: clock.now())
        var docs: [FindingDocument] = []
        for f in output.findings { docs.append(try await record(f)) }
        let drafts = output.auditDrafts
        if !drafts.isEmpty { _ = try await store.appendAudit(drafts) }
        counters.signals += output.signals.count
        return docs
    }

    private func seal(_ prepared: PreparedBatch) async throws {
        guard !prepared.unsealed.isEmpty, let vault else { return }
        try await vault.record(prepared.unsealed)
    }

    // MARK: - Findings

    /// Stores a decided finding (a finding seen before, from a re-read batch, keeps its analyst status), queues its
    /// approval requests and hands its QRadar writes to the executor (pending in the ledger).
    private func record(_ f: TriageFinding) async throws -> FindingDocument {
        let report = f.report
        let existing = try await store.finding(id: report.findingID)
        try await store.saveFinding(StoredFinding(
            id: report.findingID, time: report.time, entity: report.entity.description, severity: report.severity,
            title: report.title, body: Self.encode(f.document),
            // A campaign merged into another is closed: the analyst works the survivor's finding.
            status: f.document.campaign?.status == .merged ? .closed : existing?.status ?? .open, updatedAt: clock.now()))
        try await execute(approvals: f.approvals, tasks: f.tasks)
        if existing == nil { counters.findings += 1 }
        return f.document
    }

    private func execute(approvals drafts: [ApprovalDraft], tasks: [WriteTask]) async throws {
        for a in drafts {
            _ = try await approvals.submit(id: a.id, action: a.action, findingID: a.findingID, summary: a.summary, evidence: a.evidence,
                                           requestedBy: .system(AuditDraft.systemActor))
            counters.approvalsQueued += 1
        }
        if !tasks.isEmpty {
            try await writeBack.enqueue(tasks)
            counters.writesPlanned += tasks.count
        }
    }

    // MARK: - Offenses and feedback

    /// Records an offense QRadar raised (or updated) on `entity`. When it is open and Vigil has open findings on the
    /// entity from the last `lookback`, the offense is enriched with them (in assist and autonomous modes).
    /// Returns the ids of the findings that were attached.
    @discardableResult
    public func offenseSeen(id: Int, entity: EntityRef, isOpen: Bool, lookback: Int64 = 7 * EpochMillis.day) async throws -> [String] {
        guard core.offenseSeen(id: id, entity: entity, isOpen: isOpen) else { return [] }
        let now = clock.now()
        var attached: [String] = []
        // Campaigns the core holds that involve the entity (as subject or linked entity): a note on this offense.
        for f in core.campaignFindings(forOffense: id, entity: entity, now: now) {
            _ = try await record(f)
            _ = try await store.appendAudit([f.decision])
            attached.append(f.report.findingID)
        }
        let recent = try await store.findings(FindingQuery(from: now - lookback, status: .open, entity: entity.description, limit: 20))
        for stored in recent where !attached.contains(stored.id) {
            guard let doc = Self.decode(stored.body), let f = core.attach(doc, toOffense: id, now: now) else { continue }
            var updated = stored
            updated.body = Self.encode(f.document)
            updated.updatedAt = now
            try await store.saveFinding(updated)
            _ = try await store.appendAudit([f.decision])
            try await execute(approvals: f.approvals, tasks: f.tasks)
            attached.append(stored.id)
        }
        return attached
    }

    /// Records an offense QRadar raised from Vigil's own LEEF events for a campaign (indexed on its id): when it is
    /// newly open, the campaign's finding gets a note on it, one per revision like every other note.
    public func campaignOffenseSeen(id: Int, campaignID: String, isOpen: Bool) async throws {
        guard let f = core.campaignOffenseSeen(id: id, campaignID: campaignID, isOpen: isOpen, now: clock.now()) else { return }
        _ = try await record(f)
        _ = try await store.appendAudit([f.decision])
    }

    /// The findings of the raised campaigns the core holds that involve `entity` (as subject or linked entity).
    public func campaignFindingIDs(involving entity: EntityRef) -> [String] {
        core.correlator.raisedCampaigns(involving: entity).map { TriageCore.findingID(ofCampaign: $0.id) }
    }

    /// Applies a verdict: stores it, audits it, updates the finding's status and teaches the models.
    public func applyFeedback(_ record: FeedbackRecord) async throws {
        try await store.saveFeedback(record)
        _ = try await store.appendAudit([.feedback(record)])
        counters.feedback += 1
        metrics?.feedback(label: record.label)
        guard let findingID = record.findingID, let stored = try await store.finding(id: findingID),
              let doc = Self.decode(stored.body) else { return }
        let status: FindingStatus = record.label == .truePositive ? .acknowledged : .closed
        _ = try await store.updateFindingStatus(id: findingID, status: status, at: record.time)
        core.feedback(on: doc.subject, label: record.label, time: record.time, note: "\(record.source.rawValue) by \(record.actor)")
        // A verdict on a campaign resets (or confirms) it; the stored document keeps the campaign's new state.
        if let campaignID = doc.campaign?.id,
           let update = core.campaignVerdict(campaignID, label: record.label, time: record.time, actor: "\(record.source.rawValue) \(record.actor)"),
           var stored = try await store.finding(id: findingID) {
            var updated = doc
            updated.campaign = update.campaign
            // Closed as a false positive or benign: the reference-set entries it added come out again (audited).
            let claimed = try await referenceSetEntriesClaimed(exceptBy: findingID, since: record.time - EpochMillis(core.correlator.configuration.windowDays) * EpochMillis.day)
            if let retraction = core.retraction(of: updated, label: record.label, keeping: claimed, now: record.time) {
                updated = retraction.document
                _ = try await store.appendAudit([retraction.decision])
                try await execute(approvals: [], tasks: retraction.tasks)
            }
            stored.body = Self.encode(updated)
            stored.updatedAt = clock.now()
            try await store.saveFinding(stored)
        }
    }

    /// The reference-set entries (set and value) that other findings still open or acknowledged added: a retraction
    /// leaves them, so closing one campaign never takes an address off the watchlist that another still needs.
    func referenceSetEntriesClaimed(exceptBy findingID: String, since: EpochMillis) async throws -> Set<ReferenceSetClaim> {
        var claimed = Set<ReferenceSetClaim>()
        for status in [FindingStatus.open, .acknowledged] {
            for stored in try await store.findings(FindingQuery(from: since, status: status, limit: 100_000)) where stored.id != findingID {
                guard let doc = Self.decode(stored.body) else { continue }
                for w in doc.writes {
                    if case .referenceSetEntry(let set, let value, _) = w { claimed.insert(ReferenceSetClaim(set: set, value: value)) }
                }
            }
        }
        return claimed
    }

    /// The analytics' vocabulary for a label.
    static func outcome(of label: FeedbackLabel) -> FeedbackOutcome { TriageCore.outcome(of: label) }

    // MARK: - Restart

    /// The checkpoint to resume from: the stored one, or a later one carried by the source's newest input-batch
    /// audit record (written just before the checkpoint, so it is ahead only after a crash between the two).
    public func recoverCheckpoint(source: String, stored: Checkpoint?) async throws -> Checkpoint? {
        let since = stored?.updatedAt ?? 0
        let records = try await store.auditRecords(from: since, to: .max)
        var best = stored
        for r in records where r.kind == .inputBatch && r.subject == source {
            guard let cp = Self.checkpoint(inAuditPayload: r.payload, source: source, time: r.time) else { continue }
            if best == nil || cp.watermark > best!.watermark || (cp.watermark == best!.watermark && cp.updatedAt > best!.updatedAt) {
                best = cp
            }
        }
        if let best, best != stored { try await store.save(best) }
        return best
    }

    // MARK: - Encoding

    static func inputBatchDraft(_ part: IngestBatch.Part, time: EpochMillis) -> AuditDraft {
        var payload: [String: JSONValue] = [
            "source": .string(part.source), "count": .int(Int64(part.eventIDs.count)), "eventIDs": .strings(part.eventIDs),
            "rejected": .int(Int64(part.rejected)),
        ]
        if let w = part.window { payload["window"] = ["from": .int(w.lowerBound), "to": .int(w.upperBound - 1)] }
        if let cp = part.checkpoint {
            payload["checkpoint"] = ["watermark": .int(cp.watermark), "seenIDs": .strings(cp.seenIDs)]
        }
        return AuditDraft(time: time, kind: .inputBatch, actor: AuditDraft.systemActor, subject: part.source, payload: .object(payload))
    }

    static func checkpoint(inAuditPayload text: String, source: String, time: EpochMillis) -> Checkpoint? {
        struct Payload: Decodable {
            struct CP: Decodable { var watermark: Int64; var seenIDs: [String] }
            var checkpoint: CP?
        }
        guard let p = try? JSONDecoder().decode(Payload.self, from: Data(text.utf8)), let cp = p.checkpoint else { return nil }
        return Checkpoint(source: source, watermark: cp.watermark, seenIDs: cp.seenIDs, updatedAt: time)
    }

    static func encode(_ doc: FindingDocument) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(doc) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ body: String) -> FindingDocument? {
        try? JSONDecoder().decode(FindingDocument.self, from: Data(body.utf8))
    }
}

/// What one batch did (for metrics, logs and tests).
public struct BatchReport: Sendable {
    public var sources: [String]
    public var events: Int
    public var rejected: Int
    public var signals: [Signal]
    public var findings: [FindingDocument]
    public var durationMillis: Int64
    public var checkpoints: [Checkpoint]
}
