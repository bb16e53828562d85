import Foundation
import Governance
import Storage
import Testing
import VigilCore

enum AuditDraftFactory {
    static func draft(_ i: Int, time: EpochMillis? = nil, kind: AuditKind = .signal) -> AuditDraft {
        AuditDraft(time: time ?? Int64(1_000 + i), kind: kind, actor: "vigil", subject: "s-\(i)", payload: ["i": .int(Int64(i))])
    }
}

/// One behaviour suite, run against every backend: what passes here for SQLite must pass for PostgreSQL.
@Suite struct StoreBehaviourTests {
    // MARK: Checkpoints and the write ledger

    @Test(arguments: Backend.allCases)
    func checkpointRoundTripAndOverwrite(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            #expect(try await store.checkpoint(for: "ariel:auth") == nil)
            try await store.save(Checkpoint(source: "ariel:auth", watermark: 1000, seenIDs: ["a", "b"], updatedAt: 5))
            try await store.save(Checkpoint(source: "ariel:auth", watermark: 2000, seenIDs: ["c"], updatedAt: 6))
            try await store.save(Checkpoint(source: "offenses", watermark: 7, updatedAt: 7))
            let cp = try #require(try await store.checkpoint(for: "ariel:auth"))
            #expect(cp == Checkpoint(source: "ariel:auth", watermark: 2000, seenIDs: ["c"], updatedAt: 6))
            #expect(try await store.checkpoint(for: "offenses")?.seenIDs == [])
        }
    }

    @Test(arguments: Backend.allCases)
    func writeLedger(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            try await store.record(WriteLedgerEntry(key: "b", target: "offense-note", state: .pending, updatedAt: 2))
            try await store.record(WriteLedgerEntry(key: "a", target: "reference-set", state: .pending, updatedAt: 2))
            try await store.record(WriteLedgerEntry(key: "c", target: "leef-event", state: .pending, updatedAt: 1))
            try await store.record(WriteLedgerEntry(key: "b", target: "offense-note", state: .done, externalID: "99", attempts: 2, updatedAt: 3))
            #expect(try await store.entries(in: .pending).map(\.key) == ["c", "a"])
            #expect(try await store.entry(forKey: "b") == WriteLedgerEntry(key: "b", target: "offense-note", state: .done, externalID: "99", attempts: 2, updatedAt: 3))
            #expect(try await store.entry(forKey: "zzz") == nil)
            #expect(try await store.entries(in: .failed).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func hostileTextIsStoredVerbatim(_ backend: Backend) async throws {
        // Keys and values come from data; bind parameters keep them from being read as SQL.
        let evil = ["x'); DROP TABLE write_ledger; --", "\" OR 1=1 --", "Robert'); DELETE FROM audit_record;--", "ünïcøde ✓ 𝄞", "%_\\", "line\nbreak\ttab"]
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            for (i, text) in evil.enumerated() {
                try await store.record(WriteLedgerEntry(key: text, target: text, state: .done, updatedAt: Int64(i)))
                #expect(try await store.entry(forKey: text)?.target == text)
                try await store.save(Checkpoint(source: text, watermark: 1, seenIDs: [text], updatedAt: 1))
                #expect(try await store.checkpoint(for: text)?.seenIDs == [text])
                let r = try await store.appendAudit(AuditDraft(time: 1, kind: .configuration, actor: text, subject: text, payload: ["v": .string(text)]))
                #expect(r.actor == text)
                try await store.putSnapshot(ModelSnapshot(key: text, data: Array(text.utf8), updatedAt: 1))
                #expect(try await store.snapshot(key: text)?.data == Array(text.utf8))
            }
            #expect(AuditChain.verify(try await store.allAuditRecords()).ok)
        }
    }

    @Test(arguments: Backend.allCases)
    func nulCharactersAreRefusedNotTruncated(_ backend: Backend) async throws {
        // SQLite would cut "a\0b" to "a" and PostgreSQL refuses it: both stores refuse it the same way, and a lookup
        // with such a key finds nothing rather than the row for "a".
        let nul = "a\u{0}b"
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            try await store.record(WriteLedgerEntry(key: "a", target: "t", state: .done, updatedAt: 1))
            await #expect(throws: StoreError.invalidText(table: "write_ledger", field: "key")) {
                try await store.record(WriteLedgerEntry(key: nul, target: "t", state: .done, updatedAt: 1))
            }
            #expect(try await store.entry(forKey: nul) == nil)
            await #expect(throws: StoreError.self) { try await store.save(Checkpoint(source: nul, watermark: 1, updatedAt: 1)) }
            await #expect(throws: StoreError.self) { try await store.putSnapshot(ModelSnapshot(key: nul, data: [], updatedAt: 1)) }
            #expect(try await store.snapshot(key: nul) == nil)
            // Audit drafts replace NUL in actor and subject, and canonical JSON escapes it in the payload, so an
            // attacker's user name cannot make the log look tampered with.
            let r = try await store.appendAudit(AuditDraft(time: 1, kind: .signal, actor: nul, subject: nul, payload: ["user": .string(nul)]))
            #expect(r.actor == "a\u{FFFD}b")
            #expect(try await store.auditHead() == r)
            #expect(try await AuditTools.verify(store: store).ok)
        }
    }

    // MARK: Audit log

    @Test(arguments: Backend.allCases)
    func auditAppendReadAndVerify(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            #expect(try await store.auditHead() == nil)
            let first = try await store.appendAudit((1...5).map { AuditDraftFactory.draft($0) })
            #expect(first.map(\.sequence) == [1, 2, 3, 4, 5])
            let more = try await store.appendAudit([AuditDraftFactory.draft(6), AuditDraftFactory.draft(7)])
            #expect(more.first?.previousHash == first.last?.hash)
            #expect(try await store.appendAudit([]).isEmpty)
            #expect(try await store.auditHead() == more.last)

            let all = try await store.allAuditRecords(pageSize: 3)
            #expect(all == first + more)
            #expect(AuditChain.verify(all).ok)
            #expect(try await AuditTools.verify(store: store, pageSize: 2).ok)

            // [from, to) by time: drafts 1…7 have times 1001…1007.
            #expect(try await store.auditRecords(from: 1003, to: 1006).map(\.sequence) == [3, 4, 5])
            #expect(try await store.auditRecords(afterSequence: 5, limit: 10).map(\.sequence) == [6, 7])
            #expect(try await store.auditRecords(afterSequence: 0, limit: 2).map(\.sequence) == [1, 2])

            // A restart continues the same chain.
            let reopened = try await ctx.reopen()
            let next = try await reopened.appendAudit(AuditDraftFactory.draft(8))
            #expect(next.sequence == 8)
            #expect(next.previousHash == more.last?.hash)
        }
    }

    @Test(arguments: Backend.allCases)
    func concurrentAppendsNeverForkTheChain(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            // Half the writers go through a second store object on the same database (another connection pool, as
            // a second process or replica would have).
            let other = try await ctx.reopen()
            let writers = 8, perWriter = 10
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    let target = w % 2 == 0 ? store : other
                    group.addTask {
                        for i in 0..<perWriter {
                            _ = try await target.appendAudit(
                                [AuditDraftFactory.draft(w * 100 + i), AuditDraftFactory.draft(w * 100 + i + 50)])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let all = try await store.allAuditRecords()
            #expect(all.count == writers * perWriter * 2)
            #expect(all.map(\.sequence) == (1...Int64(writers * perWriter * 2)).map { $0 })
            #expect(AuditChain.verify(all).ok)
        }
    }

    @Test(arguments: Backend.allCases)
    func auditLogIsAppendOnlyInTheDatabase(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            _ = try await ctx.store.appendAudit((1...3).map { AuditDraftFactory.draft($0) })
            let audit = ctx.table("audit_record")
            await #expect(throws: (any Error).self) { try await ctx.raw("UPDATE \(audit) SET actor = 'mallory' WHERE sequence = 2") }
            await #expect(throws: (any Error).self) { try await ctx.raw("DELETE FROM \(audit) WHERE sequence = 3") }
            #expect(try await ctx.store.allAuditRecords().count == 3)
            #expect(try await AuditTools.verify(store: ctx.store).ok)
        }
    }

    @Test(arguments: Backend.allCases)
    func tamperingBehindTheStoresBackIsDetected(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            let sealer = try AuditSealer(secret: Array(repeating: 9, count: 32))
            _ = try await store.appendAudit((1...10).map { AuditDraftFactory.draft($0) })
            try #require(try await AuditTools.anchorHead(store: store, sealer: sealer, at: 50) != nil)
            let audit = ctx.table("audit_record")
            // An attacker with database access removes the guards first.
            if backend == .postgres {
                try await ctx.raw("ALTER TABLE \(audit) DISABLE TRIGGER USER")
            } else {
                try await ctx.raw("DROP TRIGGER audit_record_no_update")
                try await ctx.raw("DROP TRIGGER audit_record_no_delete")
            }

            try await ctx.raw("UPDATE \(audit) SET payload = '{\"i\":404}' WHERE sequence = 4")
            var v = try await AuditTools.verify(store: store, sealer: sealer, pageSize: 3)
            #expect(!v.ok)
            #expect(v.firstBrokenSequence == 4)

            try await ctx.raw("DELETE FROM \(audit) WHERE sequence = 4")
            v = try await AuditTools.verify(store: store, sealer: sealer)
            #expect(v.firstBrokenSequence == 4)
            #expect(v.reason?.contains("missing") == true)

            // Cutting the tail off leaves a consistent chain, but the sealed anchor at 10 remembers it.
            try await ctx.raw("DELETE FROM \(audit) WHERE sequence >= 4")
            v = try await AuditTools.verify(store: store, sealer: sealer)
            #expect(!v.ok)
            #expect(v.firstBrokenSequence == 4)
            #expect(v.reason?.contains("deleted") == true)
        }
    }

    @Test(arguments: Backend.allCases)
    func auditAnchorsAndExport(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            _ = try await store.appendAudit((1...4).map { AuditDraftFactory.draft($0, kind: .writeBack) })
            try await store.saveAuditAnchor(AuditAnchor(sequence: 2, hash: "x", time: 1, seal: nil))
            let head = try #require(try await store.auditHead())
            try await store.saveAuditAnchor(AuditAnchor(sequence: 2, hash: (try await store.auditRecords(afterSequence: 1, limit: 1))[0].hash, time: 2, seal: "s"))
            try await store.saveAuditAnchor(AuditAnchor(sequence: 4, hash: head.hash, time: 3))
            let anchors = try await store.auditAnchors()
            #expect(anchors.map(\.sequence) == [2, 4])
            #expect(anchors[0].seal == "s" && anchors[0].time == 2)
            #expect(try await AuditTools.verify(store: store).ok)

            let csv = try await AuditTools.export(store: store, from: 1002, to: 1004, format: .csv, generatedAt: 0)
            #expect(csv.split(separator: "\r\n").count == 3)  // header + records 2 and 3
        }
    }

    // MARK: Findings

    @Test(arguments: Backend.allCases)
    func findings(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            func f(_ id: String, _ time: EpochMillis, _ entity: String, _ sev: Severity, _ status: FindingStatus = .open) -> StoredFinding {
                StoredFinding(id: id, time: time, entity: entity, severity: sev, title: "title \(id)", body: #"{"id":"\#(id)"}"#,
                              status: status, updatedAt: time)
            }
            for x in [f("f1", 100, "user:a", .low), f("f2", 200, "user:b", .high), f("f3", 300, "user:a", .critical),
                      f("f4", 300, "ip:10.0.0.1", .medium, .closed), f("f0", 50, "user:a", .informational)] {
                try await store.saveFinding(x)
            }
            #expect(try await store.finding(id: "f2") == f("f2", 200, "user:b", .high))
            #expect(try await store.finding(id: "nope") == nil)
            #expect(try await store.findings(FindingQuery()).map(\.id) == ["f3", "f4", "f2", "f1", "f0"])
            #expect(try await store.findings(FindingQuery(from: 100, to: 300)).map(\.id) == ["f2", "f1"])
            #expect(try await store.findings(FindingQuery(status: .open)).map(\.id) == ["f3", "f2", "f1", "f0"])
            #expect(try await store.findings(FindingQuery(entity: "user:a")).map(\.id) == ["f3", "f1", "f0"])
            #expect(try await store.findings(FindingQuery(minimumSeverity: .high)).map(\.id) == ["f3", "f2"])
            #expect(try await store.findings(FindingQuery(status: .open, entity: "user:a", minimumSeverity: .low, limit: 1)).map(\.id) == ["f3"])

            #expect(try await store.updateFindingStatus(id: "f2", status: .acknowledged, at: 999))
            #expect(try await !store.updateFindingStatus(id: "missing", status: .closed, at: 999))
            let updated = try #require(try await store.finding(id: "f2"))
            #expect(updated.status == .acknowledged && updated.updatedAt == 999)

            var replaced = f("f1", 100, "user:a", .high)
            replaced.body = #"{"v":2}"#
            try await store.saveFinding(replaced)
            #expect(try await store.finding(id: "f1") == replaced)
        }
    }

    // MARK: Approvals

    @Test(arguments: Backend.allCases)
    func approvalsTransitionAtomicallyWithTheirAuditRecords(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            let workflow = ApprovalWorkflow(settings: ResponseActionSettings(approvalTimeToLive: 1000))
            let block = ResponseAction(kind: .blockIP, target: "203.0.113.7", parameters: ["referenceSet": "vigil_blocklist_ips"])
            let t1 = try workflow.request(id: "apr-1", action: block, findingID: "f-1", summary: "s", evidence: ["e1"],
                                          requestedBy: .person("dave"), role: .analyst, now: 10)
            let rec = try await store.insertApproval(t1)
            #expect(rec.kind == .approval && rec.subject == "apr-1")
            await #expect(throws: (any Error).self) { try await store.insertApproval(t1) }
            #expect(try await store.approval(id: "apr-1") == t1.request)

            let t2 = try workflow.request(id: "apr-2", action: block, findingID: "f-2", summary: "s", evidence: [],
                                          requestedBy: .system("vigil"), now: 20)
            _ = try await store.insertApproval(t2)
            #expect(try await store.approvals(status: .pending).map(\.id) == ["apr-1", "apr-2"])

            let approve = try workflow.decide(t1.request, approve: true, by: "carol", role: .analyst, note: "go", now: 30)
            #expect(try await store.applyApprovalTransition(approve) != nil)
            // The same transition again finds the request no longer pending: nothing changes, nothing is audited.
            let countBefore = try await store.allAuditRecords().count
            #expect(try await store.applyApprovalTransition(approve) == nil)
            let reject = try workflow.decide(t1.request, approve: false, by: "erin", role: .analyst, now: 31)
            #expect(try await store.applyApprovalTransition(reject) == nil)
            #expect(try await store.allAuditRecords().count == countBefore)
            #expect(try await store.approval(id: "apr-1")?.decidedBy == "carol")

            #expect(try await store.approvals(status: .approved).map(\.id) == ["apr-1"])
            #expect(try await store.approvals(status: nil).map(\.id) == ["apr-1", "apr-2"])
            let all = try await store.allAuditRecords()
            #expect(all.map { $0.payloadValue?["to"]?.stringValue } == ["requested", "requested", "approved"])
            #expect(AuditChain.verify(all).ok)
        }
    }

    @Test(arguments: Backend.allCases)
    func approvalQueueEndToEnd(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let clock = ManualEpochClock(1_000)
            let queue = ApprovalQueue(store: ctx.store, workflow: ApprovalWorkflow(settings: ResponseActionSettings(approvalTimeToLive: 500)),
                                      clock: clock)
            let action = ResponseAction(kind: .disableAccount, target: "u_v1_00000000000000000000000000000abc")
            _ = try await queue.submit(id: "a", action: action, findingID: "f", summary: "s", evidence: [], requestedBy: .person("dave"), role: .analyst)
            _ = try await queue.submit(id: "b", action: action, findingID: "f", summary: "s", evidence: [], requestedBy: .system("vigil"))
            await #expect(throws: ApprovalError.selfApproval) { try await queue.decide(id: "a", approve: true, by: "dave", role: .analyst) }
            _ = try await queue.decide(id: "a", approve: true, by: "carol", role: .analyst)
            _ = try await queue.markFailed(id: "a", reason: "webhook returned 500")
            clock.advance(by: 500)
            #expect(try await queue.expireDue().map(\.id) == ["b"])
            let a = try #require(try await ctx.store.approval(id: "a"))
            #expect(a.status == .failed && a.outcomeDetail == "webhook returned 500" && a.decidedBy == "carol")
            #expect(try await ctx.store.approval(id: "b")?.status == .expired)
            #expect(try await AuditTools.verify(store: ctx.store).ok)
        }
    }

    // MARK: API tokens

    @Test(arguments: Backend.allCases)
    func apiTokens(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            var rng = SeededRandom(seed: 11)
            let a = try APITokens.issue(name: "console", role: .analyst, createdBy: "root", now: 100, lifetime: nil, using: &rng)
            let b = try APITokens.issue(name: "soar", role: .engineer, createdBy: "root", now: 200, lifetime: 1000, using: &rng)
            try await store.saveToken(a.record)
            try await store.saveToken(b.record)
            await #expect(throws: StoreError.self) { try await store.saveToken(a.record) }
            #expect(try await store.token(id: a.record.id) == a.record)
            #expect(try await store.tokens().map(\.id) == [b.record.id, a.record.id])
            #expect(try await store.revokeToken(id: a.record.id, at: 300))
            #expect(try await !store.revokeToken(id: a.record.id, at: 301))
            #expect(try await !store.revokeToken(id: "missing", at: 301))
            #expect(try await store.token(id: a.record.id)?.revokedAt == 300)

            let auth = APITokenAuthenticator(store: store, clock: ManualEpochClock(500))
            #expect(try await auth.authenticate(b.token).role == .engineer)
            await #expect(throws: GovernanceError.unauthenticated) { try await auth.authenticate(a.token) }
        }
    }

    // MARK: Re-identification mapping

    @Test(arguments: Backend.allCases)
    func reidentificationMapping(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            let clock = ManualEpochClock(7)
            let ring1 = try PseudonymKeyRing(keys: [try PseudonymKey(version: 1, secret: Array(repeating: 1, count: 32))], current: 1)
            let p1 = Pseudonymizer(keyRing: ring1)
            let cipher = try MappingCipher(keys: [1: Array(repeating: 2, count: 32)], current: 1)
            let vault = ReidentificationVault(store: store, audit: store, cipher: cipher, clock: clock)

            var pseudonyms: [String: String] = [:]
            for name in ["alice", "bob", "carol", "dave", "erin"] {
                let result = p1.pseudonymize(Event(id: name, time: 0, kind: .authentication, user: name, sourceIP: "10.0.0.1"), policy: .default)
                try await vault.record(result.mappings)
                try await vault.record(result.mappings)  // recording twice is harmless
                pseudonyms[name] = result.event.user
            }
            let page1 = try await store.mappings(after: nil, limit: 4)
            let page2 = try await store.mappings(after: page1.last?.pseudonym, limit: 4)
            #expect(page1.count == 4 && page2.count == 2)  // five users + one IP
            let names = (page1 + page2).map(\.pseudonym)
            #expect(names == names.sorted())  // byte order on both backends

            for (name, pseudonym) in pseudonyms {
                #expect(try await vault.reidentify(pseudonym, actor: "carol", role: .analyst, reason: "INC-9") == name)
            }
            let stored = try #require(try await store.mapping(for: pseudonyms["bob"]!))
            #expect(stored.createdAt == 7 && stored.mappingKeyVersion == 1 && stored.pseudonymKeyVersion == 1)

            // Rotation through the store: new pseudonyms under key 2, old ones still resolvable, then key 1 retired.
            let ring2 = try PseudonymKeyRing(keys: [try PseudonymKey(version: 1, secret: Array(repeating: 1, count: 32)),
                                                    try PseudonymKey(version: 2, secret: Array(repeating: 3, count: 32))], current: 2)
            let cipher2 = try MappingCipher(keys: [1: Array(repeating: 2, count: 32), 2: Array(repeating: 4, count: 32)], current: 2)
            let vault2 = ReidentificationVault(store: store, audit: store, cipher: cipher2, clock: clock)
            let report = try await vault2.rekey(with: Pseudonymizer(keyRing: ring2), actor: "root", role: .admin, pageSize: 4)
            #expect(report.examined == 6 && report.newPseudonyms == 6 && report.reencrypted == 6)
            #expect(try await vault2.reidentify(report.translations[pseudonyms["erin"]!]!, actor: "carol", role: .analyst, reason: "x") == "erin")
            #expect(try await store.deleteMappings(pseudonymKeyVersion: 1) == 6)
            #expect(try await store.mapping(for: pseudonyms["erin"]!) == nil)
            #expect(try await store.mappings(after: nil, limit: 100).count == 6)

            // replaceMappings overwrites, insertMappings does not.
            var m = try #require(try await store.mappings(after: nil, limit: 1).first)
            let original = m
            m.sealed = [1, 2, 3]
            try await store.insertMappings([m])
            #expect(try await store.mapping(for: m.pseudonym) == original)
            try await store.replaceMappings([m, m])
            #expect(try await store.mapping(for: m.pseudonym)?.sealed == [1, 2, 3])
            #expect(try await AuditTools.verify(store: store).ok)
        }
    }

    // MARK: Feedback

    @Test(arguments: Backend.allCases)
    func feedback(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            let a = FeedbackRecord(id: "fb-1", findingID: "f-1", offenseID: 42, entity: EntityRef(.user, "u_v1_a"), useCase: "beaconing",
                                   label: .benign(.maintenanceWindow), source: .analyst, actor: "carol", note: "patch night", time: 100)
            let b = FeedbackRecord(id: "fb-2", offenseID: 43, label: .falsePositive, source: .qradarClosure, actor: "qradar", time: 200)
            let c = FeedbackRecord(id: "fb-3", findingID: "f-1", label: .truePositive, source: .analyst, actor: "dave", time: 300)
            for r in [c, a, b] { try await store.saveFeedback(r) }
            #expect(try await store.feedback(from: 0, to: 1000) == [a, b, c])
            #expect(try await store.feedback(from: 100, to: 300) == [a, b])
            #expect(try await store.feedback(findingID: "f-1") == [a, c])
            var relabelled = b
            relabelled.label = .policyViolation
            try await store.saveFeedback(relabelled)
            #expect(try await store.feedback(from: 200, to: 201) == [relabelled])
        }
    }

    // MARK: Model snapshots

    @Test(arguments: Backend.allCases)
    func modelSnapshots(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { ctx in
            let store = ctx.store
            let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try await store.putSnapshot(ModelSnapshot(key: "baseline/v1", data: [0, 1, 2, 255], updatedAt: 1))
            try await store.putSnapshot(ModelSnapshot(key: "baseline/v2", data: big, updatedAt: 2))
            try await store.putSnapshot(ModelSnapshot(key: "base%/x", data: [], updatedAt: 3))
            try await store.putSnapshot(ModelSnapshot(key: "forest/auth", data: [9], updatedAt: 4))
            #expect(try await store.snapshot(key: "baseline/v2")?.data == big)
            #expect(try await store.snapshot(key: "base%/x")?.data == [])
            #expect(try await store.snapshotKeys(prefix: "baseline/") == ["baseline/v1", "baseline/v2"])
            #expect(try await store.snapshotKeys(prefix: "base%") == ["base%/x"])
            #expect(try await store.snapshotKeys(prefix: "base_ine") == [])
            #expect(try await store.snapshotKeys(prefix: "") == ["base%/x", "baseline/v1", "baseline/v2", "forest/auth"])
            try await store.putSnapshot(ModelSnapshot(key: "baseline/v1", data: [7], updatedAt: 5))
            #expect(try await store.snapshot(key: "baseline/v1") == ModelSnapshot(key: "baseline/v1", data: [7], updatedAt: 5))
            #expect(try await store.deleteSnapshot(key: "baseline/v1"))
            #expect(try await !store.deleteSnapshot(key: "baseline/v1"))
            #expect(try await store.snapshot(key: "baseline/v1") == nil)
        }
    }
}
