import EmulatorEngine
import Foundation
import Governance
import QRadarClient
import QRadarEmulator
import SidecarConfig
import Storage
import Testing
import Triage
import VigilCore
import WriteBack

@testable import Sidecar

/// The sidecar against the QRadar emulator loaded with a simulated enterprise (30 or 60 people, 10 or 12 days, a
/// multi-stage campaign): ingestion, detection, the rollout modes, idempotent write-back, restarts and feedback.
@Suite("Sidecar end to end", .serialized)
struct EndToEndTests {
    func tempStore() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sidecar-\(UUID().uuidString).db").path
    }

    /// Every event and flow QRadar holds is ingested exactly once (audited ids), in shadow mode nothing at all is
    /// written to QRadar, and findings are recorded with pseudonymised entities only.
    @Test func shadowModeIngestsEverythingOnceAndWritesNothing() async throws {
        let storePath = tempStore()
        try await withLoadedEmulator { endpoints, api in
            let config = try sidecarConfiguration(endpoints: endpoints, mode: .shadow, storePath: storePath)
            try await withSidecar(config, storePath: storePath) { sidecar in
                try await sidecar.catchUp()
                try await sidecar.drainWriteBack()

                let client = sidecar.assembly.client
                let audited = try await sidecar.auditedEventIDs()
                let progress = await sidecar.assembly.status.all()
                for (source, database) in [("ariel:events", "events"), ("ariel:flows", "flows")] {
                    let ids = audited[source] ?? []
                    #expect(Set(ids).count == ids.count, "\(source): an event was counted twice")
                    let rejected = progress.first { $0.name == source }?.rowsRejected ?? 0
                    let held = try await emulatorEventCount(client, database: database)
                    #expect(held > 0)
                    #expect(ids.count + rejected == held, "\(source): \(ids.count) ingested + \(rejected) rejected vs \(held) in QRadar")
                }

                let findings = try await sidecar.store.findings(FindingQuery(limit: 10_000))
                #expect(!findings.isEmpty, "the campaign should raise findings")
                for f in findings {
                    let entityID = String(f.entity.split(separator: ":", maxSplits: 1).last ?? "")
                    if f.entity.hasPrefix("user:") { #expect(Pseudonym.isPseudonym(entityID), "clear user name in a finding: \(f.entity)") }
                }
                // Shadow: no ledger entries, no reference sets, no notes.
                #expect(try await sidecar.store.entries(in: .pending).isEmpty)
                #expect(try await sidecar.store.entries(in: .done).isEmpty)
                let sets = try await client.referenceSets().collect().map(\.name)
                #expect(!sets.contains("vigil_suspicious_users"))
                #expect(!sets.contains("vigil_suspicious_ips"))
                for o in try await client.offenses().collect() {
                    #expect(try await client.offenseNotes(offenseID: o.id).collect().isEmpty)
                }
                let verification = try await AuditTools.verify(store: sidecar.store)
                #expect(verification.ok)
            }
        }
    }

    /// Assist: reference-set entries (clear values, with the set's time to live) for every finding, and a note on
    /// an offense QRadar raised on a finding's user — each exactly once, across a second pass and a restart. Then the
    /// analyst closes the offense as a false positive, and the verdict reaches the finding and the models.
    @Test func assistModeEnrichesOffensesOnceAndLearnsFromClosures() async throws {
        let storePath = tempStore()
        try await withLoadedEmulator(.large) { endpoints, api in
            let config = try sidecarConfiguration(endpoints: endpoints, mode: .assist, storePath: storePath, simulation: .large)
            let (user, offenseID, findingIDs) = try await withSidecar(config, storePath: storePath) { sidecar -> (String, Int, [String]) in
                try await sidecar.catchUp()
                try await sidecar.drainWriteBack()
                let client = sidecar.assembly.client
                let vault = try #require(sidecar.assembly.vault)

                let findings = try await sidecar.store.findings(FindingQuery(limit: 10_000))
                let userFindings = findings.filter { $0.entity.hasPrefix("user:") }
                let first = try #require(userFindings.first, "no finding about a user")
                let pseudonym = String(first.entity.dropFirst("user:".count))
                let user = try await vault.reidentify(pseudonym, actor: "test", role: .analyst, reason: "test")

                // Reference sets carry clear values (QRadar knows users by name), with the configured time to live.
                let users = try await client.referenceSet(name: "vigil_suspicious_users")
                #expect(users.timeToLive != nil)
                let values = Set((users.data ?? []).compactMap(\.value))
                #expect(values.contains(user))
                #expect(!values.contains(where: Pseudonym.isPseudonym), "a pseudonym leaked into QRadar")

                // QRadar raises an offense on the user (the watchlist rule), the follower attaches the findings.
                _ = try await client.createReferenceSet(name: DefaultRules.watchlistSetName, elementType: .alphanumeric)
                _ = try await client.addReferenceSetValue(name: DefaultRules.watchlistSetName, value: user)
                let now = SystemEpochClock().now()
                let summary = api.engine.load(leefLines: "LEEF:2.0|Microsoft|Windows|10|4624|^|devTime=\(now)^usrName=\(user)^src=10.9.9.9^cat=Logon",
                                              sourceHost: "dc01.test")
                #expect(summary.events == 1)
                var reasons: [Int: String] = [:]
                try await sidecar.assembly.offenses!.pollOnce(reasons: &reasons)
                let offense = try #require(try await client.offenses().collect().first { $0.offenseSource?.lowercased() == user.lowercased() && $0.status == .open })
                try await sidecar.drainWriteBack()
                let notes = try await client.offenseNotes(offenseID: offense.id).collect()
                let attached = try await sidecar.store.findings(FindingQuery(entity: first.entity, limit: 100))
                    .filter { SidecarPipeline.decode($0.body)?.offenseID == offense.id }
                #expect(!attached.isEmpty)
                #expect(notes.count == attached.count, "one note per attached finding")
                #expect(notes.allSatisfy { ($0.noteText ?? "").contains("[Vigil]") })
                #expect(notes.allSatisfy { !($0.noteText ?? "").contains(pseudonym) }, "notes are re-identified for QRadar")

                // A second poll and a second write-back pass change nothing.
                try await sidecar.assembly.offenses!.pollOnce(reasons: &reasons)
                try await sidecar.drainWriteBack()
                #expect(try await client.offenseNotes(offenseID: offense.id).collect().count == notes.count)
                return (user, offense.id, attached.map(\.id))
            }

            // A restart over the same store: nothing is written twice.
            try await withSidecar(config, storePath: storePath) { sidecar in
                try await sidecar.catchUp()
                try await sidecar.drainWriteBack()
                var reasons: [Int: String] = [:]
                try await sidecar.assembly.offenses!.pollOnce(reasons: &reasons)
                try await sidecar.drainWriteBack()
                let client = sidecar.assembly.client
                #expect(try await client.offenseNotes(offenseID: offenseID).collect().count == findingIDs.count)
                let users = try await client.referenceSet(name: "vigil_suspicious_users")
                let values = (users.data ?? []).compactMap(\.value)
                #expect(Set(values).count == values.count)
                #expect(values.contains(user))

                // The analyst closes the offense as a false positive in QRadar.
                let reason = try #require(try await client.closingReasons().collect().first { ($0.text ?? "").lowercased().contains("false") })
                _ = try await client.updateOffense(id: offenseID, OffenseUpdate(status: .closed, closingReasonID: reason.id))
                try await sidecar.assembly.offenses!.pollOnce(reasons: &reasons)
                for id in findingIDs {
                    let feedback = try await sidecar.store.feedback(findingID: id)
                    #expect(feedback.count == 1)
                    #expect(feedback.first?.label == .falsePositive)
                    #expect(feedback.first?.source == .qradarClosure)
                    #expect(try await sidecar.store.finding(id: id)?.status == .closed)
                }
                #expect(await sidecar.assembly.pipeline.counters.feedback == findingIDs.count)
                // Polling again does not apply the closure twice.
                try await sidecar.assembly.offenses!.pollOnce(reasons: &reasons)
                #expect(await sidecar.assembly.pipeline.counters.feedback == findingIDs.count)
            }
        }
    }

    /// Autonomous: one LEEF event per finding of an opted-in use case reaches QRadar's syslog, and QRadar's Vigil
    /// rule turns them into offenses; a second pass and a restart send nothing again.
    @Test func autonomousModeSendsOneLEEFEventPerFinding() async throws {
        let storePath = tempStore()
        try await withLoadedEmulator { endpoints, api in
            let useCases = ["beaconing", "lateral-movement", "log-source-health", "privileged-sequence", "behaviour.time", "behaviour.location", "behaviour.identity", "behaviour.access", "behaviour.volume", "behaviour.failure", "behaviour.novelty", "peer-groups", "isolation-forest"]
            let config = try sidecarConfiguration(endpoints: endpoints, mode: .autonomous, storePath: storePath, autonomousUseCases: useCases)
            let sent = try await withSidecar(config, storePath: storePath) { sidecar -> Int in
                try await sidecar.catchUp()
                try await sidecar.drainWriteBack()
                let leefWrites = try await sidecar.store.entries(in: .done).filter { $0.target == "leef-event" }
                #expect(!leefWrites.isEmpty, "no finding went out as a LEEF event")
                try await waitForVigilEvents(sidecar.assembly.client, atLeast: leefWrites.count)
                #expect(try await vigilEventCount(sidecar.assembly.client) == leefWrites.count)
                let offenses = try await sidecar.assembly.client.offenses().collect().filter { ($0.description ?? "").contains("Vigil: AI finding") }
                #expect(!offenses.isEmpty, "QRadar's Vigil rule raised no offense")
                _ = await sidecar.assembly.writeBack.runPending()
                return leefWrites.count
            }
            try await withSidecar(config, storePath: storePath) { sidecar in
                try await sidecar.catchUp()
                try await sidecar.drainWriteBack()
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await vigilEventCount(sidecar.assembly.client) == sent)

                // The analyst closes a campaign's own offense (indexed on the campaign id) as a false positive in
                // QRadar: the campaign is closed and reset, and the reference-set entries only it added come out.
                let client = sidecar.assembly.client
                var campaignFindings: [String: StoredFinding] = [:]
                for f in try await sidecar.store.findings(FindingQuery(limit: 10_000)) {
                    if let id = SidecarPipeline.decode(f.body)?.campaign?.id { campaignFindings[id] = f }
                }
                func addsEntries(_ f: StoredFinding?) -> Bool {
                    SidecarPipeline.decode(f?.body ?? "")?.writes.contains { if case .referenceSetEntry = $0 { true } else { false } } ?? false
                }
                let open = try await client.offenses().collect().filter { $0.status == .open && campaignFindings[$0.offenseSource ?? ""] != nil }
                // Preferably one whose campaign added reference-set entries, so the retraction has something to do.
                let offense = try #require(open.first { addsEntries(campaignFindings[$0.offenseSource ?? ""]) } ?? open.first,
                                           "no offense is indexed on a campaign id")
                let finding = try #require(campaignFindings[offense.offenseSource ?? ""])
                let before = try #require(SidecarPipeline.decode(finding.body))
                let reason = try #require(try await client.closingReasons().collect().first { ($0.text ?? "").lowercased().contains("false") })
                _ = try await client.updateOffense(id: offense.id, OffenseUpdate(status: .closed, closingReasonID: reason.id))
                var reasons: [Int: String] = [:]
                try await sidecar.assembly.offenses!.pollOnce(reasons: &reasons)
                try await sidecar.drainWriteBack()
                let feedback = try await sidecar.store.feedback(findingID: finding.id)
                #expect(feedback.map(\.label) == [.falsePositive])
                #expect(feedback.first?.source == .qradarClosure)
                let stored = try #require(try await sidecar.store.finding(id: finding.id))
                let after = try #require(SidecarPipeline.decode(stored.body))
                #expect(after.campaign?.status == .closedFalsePositive)
                #expect(after.campaign?.score == 0)
                let added = Set(before.writes.compactMap { w -> ReferenceSetClaim? in
                    if case .referenceSetEntry(let set, let value, _) = w { ReferenceSetClaim(set: set, value: value) } else { nil }
                })
                let removed = Set(after.writes.compactMap { w -> ReferenceSetClaim? in
                    if case .referenceSetRemoval(let set, let value) = w { ReferenceSetClaim(set: set, value: value) } else { nil }
                })
                #expect(removed.isSubset(of: added))
                let claimed = try await sidecar.assembly.pipeline.referenceSetEntriesClaimed(exceptBy: finding.id, since: 0)
                #expect(removed == added.subtracting(claimed), "every entry only this campaign added is removed, no other")
                #expect(!removed.isEmpty || added.isSubset(of: claimed))
                let vault = try #require(sidecar.assembly.vault)
                for r in removed {
                    let clear = Pseudonym.isPseudonym(r.value)
                        ? try await vault.reidentify(r.value, actor: "test", role: .analyst, reason: "test") : r.value
                    let values = (try await client.referenceSet(name: r.set).data ?? []).compactMap(\.value)
                    #expect(!values.contains(clear), "\(r.set) still holds a retracted value")
                }
                // Reading the closure again applies nothing twice.
                try await sidecar.assembly.offenses!.pollOnce(reasons: &reasons)
                #expect(try await sidecar.store.feedback(findingID: finding.id).count == 1)
            }
        }
    }

    /// A crash after a batch's audit record but before its checkpoint: the restart resumes from the audit record,
    /// so nothing is counted twice and nothing is skipped.
    @Test func crashBetweenAuditAndCheckpointCountsNothingTwice() async throws {
        let storePath = tempStore()
        try await withLoadedEmulator { endpoints, api in
            let config = try sidecarConfiguration(endpoints: endpoints, mode: .shadow, storePath: storePath)
            try await withSidecar(config, storePath: storePath) { sidecar in
                var states = try await sidecar.assembly.ariel.start()
                for _ in 0..<4 { _ = await sidecar.assembly.ariel.cycle(&states) }
                let before = try #require(try await sidecar.store.checkpoint(for: "ariel:events"))
                _ = await sidecar.assembly.ariel.cycle(&states)
                let after = try #require(try await sidecar.store.checkpoint(for: "ariel:events"))
                #expect(after.watermark > before.watermark)
                // The "crash": the last checkpoint write never happened.
                try await sidecar.store.save(before)
            }
            try await withSidecar(config, storePath: storePath) { sidecar in
                try await sidecar.catchUp()
                let audited = try await sidecar.auditedEventIDs()
                let progress = await sidecar.assembly.status.all()
                let ids = audited["ariel:events"] ?? []
                #expect(Set(ids).count == ids.count, "an event was counted twice after the restart")
                let rejected = progress.first { $0.name == "ariel:events" }?.rowsRejected ?? 0
                let rejectedBefore = try await rejectedInAudit(sidecar.store, source: "ariel:events")
                let held = try await emulatorEventCount(sidecar.assembly.client, database: "events")
                #expect(ids.count + rejectedBefore == held, "ingested \(ids.count) + rejected \(rejectedBefore) (this run \(rejected)) vs \(held)")
            }
        }
    }

    /// QRadar answering 503s, slowly, and with malformed (cut-off) JSON: the sidecar counts the failed polls, backs
    /// off, keeps running and still ingests every event exactly once.
    @Test func faultyQRadarLosesNothing() async throws {
        let storePath = tempStore()
        let faults = FaultConfiguration(latencyMillis: 5, latencyJitterMillis: 5, errorRate: 0.2, dropRate: 0, garbleRate: 0.1, seed: 3)
        try await withLoadedEmulator(faults: faults) { endpoints, api in
            let config = try sidecarConfiguration(endpoints: endpoints, mode: .shadow, storePath: storePath)
            try await withSidecar(config, storePath: storePath) { sidecar in
                var states = try await sidecar.assembly.ariel.start()
                var cycles = 0
                var failedPolls = 0
                while cycles < 2_000 {
                    cycles += 1
                    let caughtUp = await sidecar.assembly.ariel.cycle(&states)
                    failedPolls += states.filter { $0.consecutiveErrors > 0 }.count
                    if caughtUp {
                        // Caught up only when no source is waiting out a backoff.
                        if states.allSatisfy({ $0.consecutiveErrors == 0 }) { break }
                        try await Task.sleep(for: .milliseconds(50))
                        for i in states.indices { states[i].retryAt = .min }
                    }
                }
                // The faults off again, so that the checks below read QRadar reliably.
                let reset = await api.respond(to: APIRequest(
                    method: "POST", target: "/__emulator/faults?reset=true", headers: [(name: "SEC", value: harnessToken)]))
                #expect(reset.status == 200)
                let audited = try await sidecar.auditedEventIDs()
                let ids = audited["ariel:events"] ?? []
                #expect(Set(ids).count == ids.count)
                let rejected = try await rejectedInAudit(sidecar.store, source: "ariel:events")
                let held = try await emulatorEventCount(sidecar.assembly.client, database: "events")
                #expect(ids.count + rejected == held)
                let polls = await sidecar.assembly.status.all().reduce(0) { $0 + $1.polls }
                #expect(polls > 0)
                #expect(failedPolls > 0, "the faults should have failed some polls")
            }
        }
    }
}

/// Rows the audit log says were rejected for a source (summed over its input-batch records).
func rejectedInAudit(_ store: any VigilStore, source: String) async throws -> Int {
    var n = 0
    for r in try await store.allAuditRecords() where r.kind == .inputBatch && r.subject == source {
        let payload = try JSONSerialization.jsonObject(with: Data(r.payload.utf8)) as? [String: Any] ?? [:]
        n += (payload["rejected"] as? Int) ?? 0
    }
    return n
}

/// Events Vigil sent (its LEEF log source type) as QRadar holds them.
func vigilEventCount(_ client: QRadarClient) async throws -> Int {
    let rows = try await arielRows(client, "SELECT COUNT(*) AS n FROM events WHERE LOGSOURCETYPENAME(devicetype) = 'Vigil' LAST 2 DAYS")
    return Int(rows.first?["n"]?.intValue ?? -1)
}

func waitForVigilEvents(_ client: QRadarClient, atLeast n: Int, timeout: Duration = .seconds(20)) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await vigilEventCount(client) >= n { return }
        try await Task.sleep(for: .milliseconds(100))
    }
}
