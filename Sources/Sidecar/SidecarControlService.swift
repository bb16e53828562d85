import Foundation
import Governance
import Logging
import SidecarAPI
import Storage
import VigilCore
import WriteBack

/// The running sidecar as the HTTP API sees it: status, analyst feedback, approval decisions (and execution of
/// approved actions), audited re-identification and the quality report.
public struct SidecarControlService: SidecarControl {
    public let pipeline: SidecarPipeline
    public let store: any VigilStore
    public let status: StatusBoard
    public let approvals: ApprovalQueue
    public let actions: ResponseActionExecutor?
    public let vault: ReidentificationVault?
    public let writeBack: WriteBackExecutor
    public let mode: RolloutMode
    public let clock: any EpochClock
    let logger: Logger

    public init(pipeline: SidecarPipeline, store: any VigilStore, status: StatusBoard, approvals: ApprovalQueue,
                actions: ResponseActionExecutor?, vault: ReidentificationVault?, writeBack: WriteBackExecutor, mode: RolloutMode,
                clock: any EpochClock, logger: Logger) {
        self.pipeline = pipeline
        self.store = store
        self.status = status
        self.approvals = approvals
        self.actions = actions
        self.vault = vault
        self.writeBack = writeBack
        self.mode = mode
        self.clock = clock
        self.logger = logger
    }

    public func status() async -> SidecarStatus {
        let counters = await pipeline.counters
        let entities = await pipeline.entityCount
        let wb = await writeBack.stats
        let pending = (try? await store.approvals(status: .pending).count) ?? 0
        var sources: [SourceStatus] = []
        for p in await status.all() {
            sources.append(SourceStatus(
                name: p.name, kind: SourceKind(rawValue: p.kind) ?? .ariel, watermark: p.watermark, lagMillis: p.lagMillis,
                lastPollAt: p.lastPollAt, lastError: p.lastError, eventsIngested: Int64(p.eventsIngested),
                rowsRejected: Int64(p.rowsRejected), duplicatesSkipped: Int64(p.duplicatesSkipped)))
        }
        return SidecarStatus(
            mode: mode, startedAt: await status.startedAt, sources: sources,
            writeBack: WriteBackStatus(pending: wb.pending, done: wb.done, failed: wb.failed, deduplicated: wb.deduplicated),
            approvalsPending: pending, findingsTotal: counters.findings, analyticsEntities: entities,
            counters: [
                "batches": Int64(counters.batches), "events": Int64(counters.events), "rejected": Int64(counters.rejected),
                "signals": Int64(counters.signals), "suppressed": Int64(counters.suppressed), "findings": Int64(counters.findings),
                "writesPlanned": Int64(counters.writesPlanned), "approvalsQueued": Int64(counters.approvalsQueued),
                "feedback": Int64(counters.feedback), "warmupEvents": Int64(counters.warmupEvents),
            ])
    }

    public func submitFeedback(findingID: String, label: FeedbackLabel, note: String?, principal: APIPrincipal) async throws -> FeedbackRecord {
        guard let stored = try await store.finding(id: findingID) else { throw SidecarControlError.notFound("no finding '\(findingID)'") }
        let doc = SidecarPipeline.decode(stored.body)
        let now = clock.now()
        let record = FeedbackRecord(
            id: stableID("analyst-feedback", findingID, principal.tokenID, String(now)), findingID: findingID,
            offenseID: doc?.offenseID, entity: doc?.report.entity, useCase: doc?.report.useCase, label: label, source: .analyst,
            actor: principal.name, note: note, time: now)
        try await pipeline.applyFeedback(record)
        return record
    }

    public func decideApproval(id: String, approve: Bool, note: String?, principal: APIPrincipal) async throws -> ApprovalRequest {
        let decided = try await approvals.decide(id: id, approve: approve, by: principal.name, role: principal.role, note: note)
        guard approve, decided.status == .approved else { return decided }
        guard let actions else {
            return try await approvals.markFailed(id: id, reason: "no response-action executor is configured")
        }
        do {
            let detail = try await actions.execute(decided)
            return try await approvals.markExecuted(id: id, detail: detail)
        } catch {
            logger.warning("approved action failed", metadata: ["approval": "\(id)", "error": "\(error)"])
            return try await approvals.markFailed(id: id, reason: String(describing: error))
        }
    }

    public func reidentify(pseudonym: String, reason: String, principal: APIPrincipal) async throws -> String {
        guard let vault else { throw SidecarControlError.unavailable("no re-identification vault is configured (privacy.vault_key_file)") }
        return try await vault.reidentify(pseudonym, actor: principal.name, role: principal.role, reason: reason)
    }

    public func quality() async -> QualityReport {
        let now = clock.now()
        let from = now - 30 * EpochMillis.day
        let stored = (try? await store.findings(FindingQuery(from: from, to: now, limit: 100_000))) ?? []
        let samples = stored.map { f in
            QualitySample(findingID: f.id, time: f.time, severity: f.severity,
                          risk: SidecarPipeline.decode(f.body)?.report.risk ?? 0)
        }
        let feedback = (try? await store.feedback(from: from, to: now)) ?? []
        return QualityReportBuilder().build(samples: samples, feedback: feedback, now: now)
    }
}
