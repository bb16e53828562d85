import Foundation
import Governance
import Ingestion
import Logging
import QRadarClient
import ServiceLifecycle
import Storage
import VigilCore
import Triage

/// Follows QRadar's offenses (those persisted since the last poll) for two reasons: to enrich offenses QRadar
/// raised with Vigil's findings on the same entity, and to learn from how analysts close them.
///
/// A closed offense with a closing reason the mapping knows ("False-Positive, Tuned", "Non-Issue", "Policy
/// Violation", …) becomes a verdict on every Vigil finding linked to the offense or about its entity during the
/// offense's life, fed to the models through the pipeline. The poll resumes from a checkpoint (time watermark
/// plus the (id, last persisted time) pairs already handled), so a restart neither misses nor repeats a closure.
public struct OffenseFollower: Service {
    public static let checkpointKey = "offenses"

    public let client: QRadarClient
    public let pipeline: SidecarPipeline
    public let store: any VigilStore
    public let status: StatusBoard
    public let clock: any EpochClock
    public let gate: PrivacyGate
    public let planner: OffensePollPlanner
    public let closingReasons: ClosingReasonMapping
    public let pollIntervalMillis: Int64
    /// How far back the first poll starts.
    public let initialLookbackMillis: Int64
    /// How far back findings are attached to a new offense on their entity (the pipeline's look-back).
    public var attachLookbackMillis: Int64 = 7 * EpochMillis.day
    let logger: Logger

    public init(client: QRadarClient, pipeline: SidecarPipeline, store: any VigilStore, status: StatusBoard, clock: any EpochClock,
                gate: PrivacyGate, planner: OffensePollPlanner = OffensePollPlanner(), closingReasons: ClosingReasonMapping = .qradarDefault,
                pollIntervalMillis: Int64 = 60_000, initialLookbackMillis: Int64 = 7 * EpochMillis.day, logger: Logger) {
        self.client = client
        self.pipeline = pipeline
        self.store = store
        self.status = status
        self.clock = clock
        self.gate = gate
        self.planner = planner
        self.closingReasons = closingReasons
        self.pollIntervalMillis = pollIntervalMillis
        self.initialLookbackMillis = initialLookbackMillis
        self.logger = logger
    }

    public func run() async throws {
        var reasons: [Int: String] = [:]
        var errors = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await pollOnce(reasons: &reasons)
                errors = 0
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(max(100, pollIntervalMillis))) }
            } catch {
                if Task.isCancelled { break }
                errors += 1
                let text = String(describing: error)
                let e = errors
                await status.update(Self.checkpointKey, kind: "offenses") {
                    $0.lastError = text
                    $0.consecutiveErrors = e
                }
                logger.warning("offense poll failed; will retry", metadata: ["error": "\(text)"])
                let backoff = Backoff.failedPoll.delay(beforeRetry: errors)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: backoff) }
            }
        }
    }

    /// One complete poll; the checkpoint is saved only when the poll completed.
    public func pollOnce(reasons: inout [Int: String]) async throws {
        let now = clock.now()
        let stored = try await store.checkpoint(for: Self.checkpointKey)
        let start = stored.map { OffenseCheckpoint(watermark: $0.watermark, seenKeys: $0.seenIDs) }
        var poll = planner.start(checkpoint: start, initialWatermark: now - initialLookbackMillis)
        var handled = 0
        while let request = poll.request {
            let query = QRadarListQuery(filter: .raw(request.filter), sort: [.ascending("last_persisted_time"), .ascending("id")])
            let (offset, count) = Self.range(request.range, fallback: planner.pageSize)
            let page = try await client.offenses(query).page(start: offset, count: count)
            var byKey: [String: Offense] = [:]
            var records: [OffenseRecord] = []
            for o in page.items {
                let r = OffenseRecord(id: Int64(o.id), lastPersistedTime: o.lastPersistedTime ?? 0)
                records.append(r)
                byKey[r.key] = o
            }
            for r in poll.receive(records) {
                guard let o = byKey[r.key] else { continue }
                try await handle(o, reasons: &reasons)
                handled += 1
            }
        }
        let cp = poll.checkpoint
        try await store.save(Checkpoint(source: Self.checkpointKey, watermark: cp.watermark, seenIDs: cp.seenKeys, updatedAt: now))
        let n = handled
        await status.update(Self.checkpointKey, kind: "offenses") {
            $0.polls += 1
            $0.lastPollAt = now
            $0.lastError = nil
            $0.consecutiveErrors = 0
            $0.watermark = cp.watermark
            $0.eventsIngested += n
        }
    }

    func handle(_ o: Offense, reasons: inout [Int: String]) async throws {
        let entity = entity(of: o)
        if let entity { try await pipeline.offenseSeen(id: o.id, entity: entity, isOpen: o.status == .open) }
        let campaignFinding: StoredFinding?
        if entity == nil, let source = o.offenseSource, let f = try await store.finding(id: TriageCore.findingID(ofCampaign: source)),
           SidecarPipeline.decode(f.body)?.campaign?.id == source {
            // The offense Vigil's own LEEF events raised, indexed on the campaign id (docs/EMULATOR.md's rule recipe):
            // the campaign's narrative goes on it as a note.
            campaignFinding = f
            try await pipeline.campaignOffenseSeen(id: o.id, campaignID: source, isOpen: o.status == .open)
        } else {
            campaignFinding = nil
        }
        guard o.status == .closed, let reasonID = o.closingReasonID else { return }
        let start = o.startTime ?? o.firstPersistedTime ?? 0
        let closeTime = o.closeTime ?? clock.now()
        var candidates: [StoredFinding] = []
        if let entity {
            // Findings attached to the offense (they may predate it by the attach look-back), or about its entity
            // while it was open.
            candidates = try await store.findings(FindingQuery(from: start - attachLookbackMillis, to: closeTime, entity: entity.description, limit: 200))
                .filter { f in f.time >= start - EpochMillis.day || SidecarPipeline.decode(f.body)?.offenseID == o.id }
            // Campaigns whose note went on this offense, whatever their primary entity (the offense on the compromised
            // host closes the campaign led by the user).
            for id in await pipeline.campaignFindingIDs(involving: entity) where !candidates.contains(where: { $0.id == id }) {
                guard let f = try await store.finding(id: id), let doc = SidecarPipeline.decode(f.body),
                      doc.offenseID == o.id || doc.writes.contains(.offenseNote(offenseID: o.id)) else { continue }
                candidates.append(f)
            }
        } else if let f = campaignFinding {
            candidates = [f]
        }
        guard !candidates.isEmpty else { return }
        if reasons[reasonID] == nil { reasons[reasonID] = try await client.closingReason(id: reasonID).text }
        guard let text = reasons[reasonID], let label = closingReasons.label(forClosingReason: text) else { return }
        for f in candidates {
            let doc = SidecarPipeline.decode(f.body)
            let record = FeedbackRecord(
                id: stableID("offense-closure", String(o.id), String(closeTime), f.id), findingID: f.id, offenseID: o.id,
                entity: entity ?? doc?.report.entity, useCase: doc?.report.useCase, label: label, source: .qradarClosure,
                actor: o.closingUser ?? "qradar", note: "offense \(o.id) closed: \(text)", time: closeTime)
            // A re-read closure has the same id: skip what is stored already.
            if try await store.feedback(findingID: f.id).contains(where: { $0.id == record.id }) { continue }
            try await pipeline.applyFeedback(record)
        }
    }

    /// The offense's index entity, pseudonymised as the pipeline pseudonymises events.
    func entity(of o: Offense) -> EntityRef? {
        guard let source = o.offenseSource, !source.isEmpty else { return nil }
        var e = Event(id: "offense-\(o.id)", time: 0, kind: .other)
        switch o.offenseType ?? -1 {
        case 0, 1:
            e.sourceIP = source
            return gate.apply(e).event.sourceIP.map { EntityRef(.ip, $0) }
        case 3:
            e.user = source
            return gate.apply(e).event.user.map { EntityRef(.user, $0) }
        case 7:
            e.sourceHost = source
            return gate.apply(e).event.sourceHost.map { EntityRef(.host, $0) }
        default:
            return nil
        }
    }

    /// `items=10-59` → (10, 50).
    static func range(_ text: String, fallback: Int) -> (Int, Int) {
        guard let eq = text.firstIndex(of: "=") else { return (0, fallback) }
        let parts = text[text.index(after: eq)...].split(separator: "-")
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), b >= a else { return (0, fallback) }
        return (a, b - a + 1)
    }
}
