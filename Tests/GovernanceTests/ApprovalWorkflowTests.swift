import Testing
import VigilCore
@testable import Governance

@Suite struct ApprovalWorkflowTests {
    static let t0: EpochMillis = 1_700_000_000_000
    let workflow = ApprovalWorkflow(settings: ResponseActionSettings(approvalTimeToLive: EpochMillis.hour))
    let block = ResponseAction(kind: .blockIP, target: "203.0.113.7")

    func pending(by requester: Requester = .system("vigil"), role: Role? = nil) throws -> ApprovalRequest {
        try workflow.request(id: "apr-1", action: block, findingID: "f-1", summary: "beaconing", evidence: ["ev-1"],
                             requestedBy: requester, role: role, now: Self.t0).request
    }

    @Test func requestStartsPendingWithExpiryAndAudit() throws {
        let t = try workflow.request(id: "apr-1", action: block, findingID: "f-1", summary: "s", evidence: ["ev-1", "sig-2"],
                                     requestedBy: .system("vigil"), now: Self.t0)
        #expect(t.request.status == .pending)
        #expect(t.request.expiresAt == Self.t0 + EpochMillis.hour)
        #expect(t.audit.kind == .approval)
        #expect(t.audit.subject == "apr-1")
        let payload = try JSONValue.parse(t.audit.payload)
        #expect(payload["to"]?.stringValue == "requested")
        #expect(payload["evidence"] == .strings(["ev-1", "sig-2"]))
    }

    @Test func approveAndRejectRecordWhoDecided() throws {
        let r = try pending()
        let approved = try workflow.decide(r, approve: true, by: "carol", role: .analyst, note: "ok", now: Self.t0 + 1)
        #expect(approved.request.status == .approved)
        #expect(approved.request.decidedBy == "carol")
        #expect(approved.request.decidedAt == Self.t0 + 1)
        #expect(approved.from == .pending)
        #expect(approved.audit.actor == "carol")
        #expect(try JSONValue.parse(approved.audit.payload)["to"]?.stringValue == "approved")

        let rejected = try workflow.decide(r, approve: false, by: "dave", role: .admin, now: Self.t0 + 2)
        #expect(rejected.request.status == .rejected)
        #expect(rejected.audit.actor == "dave")
    }

    @Test func onlyPendingRequestsCanBeDecided() throws {
        let approved = try workflow.decide(try pending(), approve: true, by: "carol", role: .analyst, now: Self.t0 + 1).request
        for status in ApprovalStatus.allCases where status != .pending {
            var r = approved
            r.status = status
            #expect(throws: ApprovalError.notAllowed(from: status, to: .approved)) {
                try workflow.decide(r, approve: true, by: "dave", role: .analyst, now: Self.t0 + 2)
            }
            #expect(throws: ApprovalError.notAllowed(from: status, to: .rejected)) {
                try workflow.decide(r, approve: false, by: "dave", role: .analyst, now: Self.t0 + 2)
            }
        }
    }

    @Test func decisionsAtOrAfterExpiryAreRefused() throws {
        let r = try pending()
        #expect(throws: ApprovalError.expired(expiresAt: r.expiresAt)) {
            try workflow.decide(r, approve: true, by: "carol", role: .analyst, now: r.expiresAt)
        }
        #expect(throws: ApprovalError.expired(expiresAt: r.expiresAt)) {
            try workflow.decide(r, approve: false, by: "carol", role: .analyst, now: r.expiresAt + 5)
        }
        // One millisecond before, it still works.
        #expect(try workflow.decide(r, approve: true, by: "carol", role: .analyst, now: r.expiresAt - 1).request.status == .approved)
    }

    @Test func expiryOnlyWhenDueAndOnlyFromPending() throws {
        let r = try pending()
        #expect(throws: ApprovalError.self) { try workflow.expire(r, now: r.expiresAt - 1) }
        let expired = try workflow.expire(r, now: r.expiresAt)
        #expect(expired.request.status == .expired)
        #expect(expired.audit.actor == "vigil")
        #expect(throws: ApprovalError.notAllowed(from: .expired, to: .expired)) { try workflow.expire(expired.request, now: r.expiresAt + 1) }
    }

    @Test func aPersonCannotApproveTheirOwnRequest() throws {
        let r = try pending(by: .person("Carol"), role: .analyst)
        #expect(throws: ApprovalError.selfApproval) {
            try workflow.decide(r, approve: true, by: " carol ", role: .analyst, now: Self.t0 + 1)
        }
        // Withdrawing (rejecting) one's own request is allowed; someone else may approve it.
        #expect(try workflow.decide(r, approve: false, by: "carol", role: .analyst, now: Self.t0 + 1).request.status == .rejected)
        #expect(try workflow.decide(r, approve: true, by: "dave", role: .analyst, now: Self.t0 + 1).request.status == .approved)
        // A system request has no person behind it: an analyst named like the system account can approve.
        let system = try pending(by: .system("carol"))
        #expect(try workflow.decide(system, approve: true, by: "carol", role: .analyst, now: Self.t0 + 1).request.status == .approved)
    }

    @Test func rolesArePoliced() throws {
        let r = try pending()
        for role in [Role.viewer, .engineer] {
            #expect(throws: ApprovalError.forbidden(role)) { try workflow.decide(r, approve: true, by: "x", role: role, now: Self.t0 + 1) }
        }
        #expect(throws: ApprovalError.forbidden(.viewer)) {
            try workflow.request(id: "apr-2", action: block, findingID: "f", summary: "", evidence: [], requestedBy: .person("v"),
                                 role: .viewer, now: Self.t0)
        }
        #expect(throws: ApprovalError.forbidden(.viewer)) {
            try workflow.request(id: "apr-2", action: block, findingID: "f", summary: "", evidence: [], requestedBy: .person("v"),
                                 role: nil, now: Self.t0)
        }
    }

    @Test func executionFollowsApprovalOnly() throws {
        let r = try pending()
        #expect(throws: ApprovalError.notAllowed(from: .pending, to: .executed)) { try workflow.markExecuted(r, detail: nil, now: Self.t0 + 1) }
        let approved = try workflow.decide(r, approve: true, by: "carol", role: .analyst, now: Self.t0 + 1).request
        let executed = try workflow.markExecuted(approved, detail: "added to vigil_blocklist_ips", now: Self.t0 + 2)
        #expect(executed.request.status == .executed)
        #expect(executed.request.completedAt == Self.t0 + 2)
        #expect(executed.from == .approved)
        let failed = try workflow.markFailed(approved, reason: "QRadar returned 503", now: Self.t0 + 2)
        #expect(failed.request.status == .failed)
        #expect(try JSONValue.parse(failed.audit.payload)["note"]?.stringValue == "QRadar returned 503")
        #expect(throws: ApprovalError.notAllowed(from: .executed, to: .failed)) { try workflow.markFailed(executed.request, reason: "", now: Self.t0 + 3) }
        let rejected = try workflow.decide(r, approve: false, by: "carol", role: .analyst, now: Self.t0 + 1).request
        #expect(throws: ApprovalError.notAllowed(from: .rejected, to: .executed)) { try workflow.markExecuted(rejected, detail: nil, now: Self.t0 + 2) }
        #expect(ApprovalStatus.allCases.filter(\.isFinal) == [.rejected, .expired, .executed, .failed])
    }

    // MARK: The queue over a store

    @Test func queueRecordsEveryTransitionInTheAuditLog() async throws {
        let store = MemoryGovernanceStore()
        let clock = ManualEpochClock(Self.t0)
        let queue = ApprovalQueue(store: store, workflow: workflow, clock: clock)
        let r = try await queue.submit(id: "apr-1", action: block, findingID: "f-1", summary: "s", evidence: [], requestedBy: .system("vigil"))
        // Submitting the same id again is idempotent.
        #expect(try await queue.submit(id: "apr-1", action: block, findingID: "f-1", summary: "s", evidence: [], requestedBy: .system("vigil")) == r)
        clock.advance(by: 1000)
        _ = try await queue.decide(id: "apr-1", approve: true, by: "carol", role: .analyst)
        _ = try await queue.markExecuted(id: "apr-1", detail: "done")
        #expect(try await store.approval(id: "apr-1")?.status == .executed)
        let transitions = store.records.map { $0.payloadValue?["to"]?.stringValue }
        #expect(transitions == ["requested", "approved", "executed"])
        #expect(AuditChain.verify(store.records).ok)
        await #expect(throws: ApprovalError.notFound("nope")) { try await queue.decide(id: "nope", approve: true, by: "c", role: .analyst) }
    }

    @Test func aGrownFindingUpdatesItsPendingRequestInsteadOfQueueingAnother() async throws {
        let store = MemoryGovernanceStore()
        let clock = ManualEpochClock(Self.t0)
        let queue = ApprovalQueue(store: store, workflow: workflow, clock: clock)
        let first = try await queue.submit(id: "apr-1", action: block, findingID: "f-1", summary: "day 1", evidence: ["e1"],
                                           requestedBy: .system("vigil"))
        clock.advance(by: 1000)
        let second = try await queue.submit(id: "apr-1", action: block, findingID: "f-1", summary: "day 2", evidence: ["e2", "e1"],
                                            requestedBy: .system("vigil"))
        #expect(second.summary == "day 2")
        #expect(second.evidence == ["e1", "e2"])
        #expect(second.expiresAt == first.expiresAt)
        #expect(try await store.approvals(status: nil).count == 1)
        #expect(store.records.map { $0.payloadValue?["to"]?.stringValue } == ["requested", "updated"])
        // Nothing new: no audit record. Decided: the request no longer changes.
        _ = try await queue.submit(id: "apr-1", action: block, findingID: "f-1", summary: "day 2", evidence: ["e1"], requestedBy: .system("vigil"))
        #expect(store.records.count == 2)
        _ = try await queue.decide(id: "apr-1", approve: false, by: "carol", role: .analyst)
        let after = try await queue.submit(id: "apr-1", action: block, findingID: "f-1", summary: "day 3", evidence: ["e3"], requestedBy: .system("vigil"))
        #expect(after.status == .rejected)
        #expect(after.summary == "day 2")
        #expect(AuditChain.verify(store.records).ok)
    }

    @Test func findingsAskingForTheSameActionOnTheSameTargetShareOneRequest() async throws {
        let store = MemoryGovernanceStore()
        let clock = ManualEpochClock(Self.t0)
        let queue = ApprovalQueue(store: store, workflow: workflow, clock: clock)
        _ = try await queue.submit(id: "apr-a", action: block, findingID: "f-a", summary: "campaign A", evidence: ["e1"], requestedBy: .system("vigil"))
        let shared = try await queue.submit(id: "apr-b", action: block, findingID: "f-b", summary: "campaign B", evidence: ["e2"],
                                            requestedBy: .system("vigil"))
        #expect(shared.id == "apr-a")
        #expect(shared.summary == "campaign A")
        #expect(shared.otherFindings == ["f-b"])
        #expect(shared.evidence == ["e1", "e2"])
        #expect(try await store.approvals(status: nil).map(\.id) == ["apr-a"])
        // Finding B's batch read again: nothing changes.
        _ = try await queue.submit(id: "apr-b", action: block, findingID: "f-b", summary: "campaign B", evidence: ["e2"], requestedBy: .system("vigil"))
        #expect(store.records.count == 2)
        // Another target, or a person's own request, is a request of its own.
        let other = ResponseAction(kind: .blockIP, target: "198.51.100.9", parameters: block.parameters)
        #expect(try await queue.submit(id: "apr-c", action: other, findingID: "f-b", summary: "s", evidence: [], requestedBy: .system("vigil")).id == "apr-c")
        // Once the shared request is decided, a new ask is a new request.
        _ = try await queue.decide(id: "apr-a", approve: false, by: "carol", role: .analyst)
        #expect(try await queue.submit(id: "apr-d", action: block, findingID: "f-d", summary: "s", evidence: [], requestedBy: .system("vigil")).id == "apr-d")
        #expect(AuditChain.verify(store.records).ok)
    }

    @Test func lateDecisionExpiresTheRequest() async throws {
        let store = MemoryGovernanceStore()
        let clock = ManualEpochClock(Self.t0)
        let queue = ApprovalQueue(store: store, workflow: workflow, clock: clock)
        _ = try await queue.submit(id: "apr-1", action: block, findingID: "f-1", summary: "s", evidence: [], requestedBy: .system("vigil"))
        clock.advance(by: EpochMillis.hour)
        await #expect(throws: ApprovalError.expired(expiresAt: Self.t0 + EpochMillis.hour)) {
            try await queue.decide(id: "apr-1", approve: true, by: "carol", role: .analyst)
        }
        #expect(try await store.approval(id: "apr-1")?.status == .expired)
        #expect(store.records.last?.payloadValue?["to"]?.stringValue == "expired")
    }

    @Test func expireDueExpiresOnlyOverdueRequests() async throws {
        let store = MemoryGovernanceStore()
        let clock = ManualEpochClock(Self.t0)
        let queue = ApprovalQueue(store: store, workflow: workflow, clock: clock)
        _ = try await queue.submit(id: "a", action: block, findingID: "f", summary: "", evidence: [], requestedBy: .system("vigil"))
        clock.advance(by: 30 * EpochMillis.minute)
        // Another target (the same one would join the waiting request).
        let later = ResponseAction(kind: .blockIP, target: "198.51.100.20")
        _ = try await queue.submit(id: "b", action: later, findingID: "f", summary: "", evidence: [], requestedBy: .system("vigil"))
        clock.advance(by: 30 * EpochMillis.minute)
        #expect(try await queue.expireDue().map(\.id) == ["a"])
        #expect(try await store.approvals(status: .pending).map(\.id) == ["b"])
        #expect(try await queue.expireDue().isEmpty)
    }

    @Test func concurrentDecisionIsAConflict() async throws {
        let store = MemoryGovernanceStore()
        let clock = ManualEpochClock(Self.t0)
        let queue = ApprovalQueue(store: store, workflow: workflow, clock: clock)
        let r = try await queue.submit(id: "apr-1", action: block, findingID: "f-1", summary: "s", evidence: [], requestedBy: .system("vigil"))
        // Simulate a store where another replica rejected between our read and our write.
        let racing = RacingApprovalStore(inner: store, interfere: { var x = r; x.status = .rejected; store.overwriteApproval(x) })
        let racingQueue = ApprovalQueue(store: racing, workflow: workflow, clock: clock)
        await #expect(throws: ApprovalError.conflict(current: .rejected)) {
            try await racingQueue.decide(id: "apr-1", approve: true, by: "carol", role: .analyst)
        }
        _ = queue
    }
}

/// Runs `interfere` right before the first transition is applied, like another replica deciding concurrently.
final class RacingApprovalStore: ApprovalStore, Sendable {
    let inner: MemoryGovernanceStore
    let interfere: @Sendable () -> Void
    init(inner: MemoryGovernanceStore, interfere: @escaping @Sendable () -> Void) {
        self.inner = inner
        self.interfere = interfere
    }
    func insertApproval(_ t: ApprovalTransition) async throws -> AuditRecord { try await inner.insertApproval(t) }
    func applyApprovalTransition(_ t: ApprovalTransition) async throws -> AuditRecord? {
        interfere()
        return try await inner.applyApprovalTransition(t)
    }
    func approval(id: String) async throws -> ApprovalRequest? { try await inner.approval(id: id) }
    func approvals(status: ApprovalStatus?) async throws -> [ApprovalRequest] { try await inner.approvals(status: status) }
}
