import Governance
import Synchronization
import VigilCore

/// In-memory stores for governance unit tests; the real backends are tested in StorageTests.
final class MemoryGovernanceStore: AuditLogStore, ReidentificationMappingStore, ApprovalStore, APITokenStore, Sendable {
    private struct State {
        var audit: [AuditRecord] = []
        var anchors: [Int64: AuditAnchor] = [:]
        var mappings: [String: EncryptedMapping] = [:]
        var approvals: [String: ApprovalRequest] = [:]
        var tokens: [String: APITokenRecord] = [:]
        var failAuditAppends = false
    }
    private let state = Mutex(State())

    struct AuditUnavailable: Error {}

    /// Makes every audit append fail (to show nothing is revealed without an audit record).
    func setAuditFailing(_ failing: Bool) { state.withLock { $0.failAuditAppends = failing } }

    var records: [AuditRecord] { state.withLock { $0.audit } }

    /// Replaces a stored record, as someone with database access could.
    func tamper(_ sequence: Int64, _ change: (inout AuditRecord) -> Void) {
        state.withLock { s in
            if let i = s.audit.firstIndex(where: { $0.sequence == sequence }) { change(&s.audit[i]) }
        }
    }

    func setMapping(_ m: EncryptedMapping) { state.withLock { $0.mappings[m.pseudonym] = m } }

    func appendAudit(_ drafts: [AuditDraft]) async throws -> [AuditRecord] {
        try state.withLock { s in
            if s.failAuditAppends { throw AuditUnavailable() }
            let new = AuditChain.append(drafts, after: s.audit.last)
            s.audit.append(contentsOf: new)
            return new
        }
    }

    func auditHead() async throws -> AuditRecord? { state.withLock { $0.audit.last } }

    func auditRecords(from: EpochMillis, to: EpochMillis) async throws -> [AuditRecord] {
        state.withLock { $0.audit.filter { $0.time >= from && $0.time < to } }
    }

    func auditRecords(afterSequence: Int64, limit: Int) async throws -> [AuditRecord] {
        state.withLock { Array($0.audit.filter { $0.sequence > afterSequence }.prefix(limit)) }
    }

    func saveAuditAnchor(_ anchor: AuditAnchor) async throws { state.withLock { $0.anchors[anchor.sequence] = anchor } }

    func auditAnchors() async throws -> [AuditAnchor] { state.withLock { $0.anchors.values.sorted { $0.sequence < $1.sequence } } }

    func insertMappings(_ mappings: [EncryptedMapping]) async throws {
        state.withLock { s in for m in mappings where s.mappings[m.pseudonym] == nil { s.mappings[m.pseudonym] = m } }
    }

    func replaceMappings(_ mappings: [EncryptedMapping]) async throws {
        state.withLock { s in for m in mappings { s.mappings[m.pseudonym] = m } }
    }

    func mapping(for pseudonym: String) async throws -> EncryptedMapping? { state.withLock { $0.mappings[pseudonym] } }

    func mappings(after: String?, limit: Int) async throws -> [EncryptedMapping] {
        state.withLock { s in
            Array(s.mappings.values.filter { after == nil || $0.pseudonym > after! }.sorted { $0.pseudonym < $1.pseudonym }.prefix(limit))
        }
    }

    func deleteMappings(pseudonymKeyVersion: Int) async throws -> Int {
        state.withLock { s in
            let doomed = s.mappings.values.filter { $0.pseudonymKeyVersion == pseudonymKeyVersion }.map(\.pseudonym)
            for p in doomed { s.mappings[p] = nil }
            return doomed.count
        }
    }

    func insertApproval(_ transition: ApprovalTransition) async throws -> AuditRecord {
        try state.withLock { s in
            guard s.approvals[transition.request.id] == nil else { throw ApprovalError.conflict(current: .pending) }
            s.approvals[transition.request.id] = transition.request
            let r = AuditChain.append(transition.audit, after: s.audit.last)
            s.audit.append(r)
            return r
        }
    }

    func applyApprovalTransition(_ transition: ApprovalTransition) async throws -> AuditRecord? {
        state.withLock { s in
            guard s.approvals[transition.request.id]?.status == transition.from else { return nil }
            s.approvals[transition.request.id] = transition.request
            let r = AuditChain.append(transition.audit, after: s.audit.last)
            s.audit.append(r)
            return r
        }
    }

    /// Changes a stored request behind the queue's back (another replica deciding first).
    func overwriteApproval(_ r: ApprovalRequest) { state.withLock { $0.approvals[r.id] = r } }

    func approval(id: String) async throws -> ApprovalRequest? { state.withLock { $0.approvals[id] } }

    func approvals(status: ApprovalStatus?) async throws -> [ApprovalRequest] {
        state.withLock { s in s.approvals.values.filter { status == nil || $0.status == status }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
    }

    func saveToken(_ record: APITokenRecord) async throws { state.withLock { $0.tokens[record.id] = record } }
    func token(id: String) async throws -> APITokenRecord? { state.withLock { $0.tokens[id] } }
    func tokens() async throws -> [APITokenRecord] { state.withLock { Array($0.tokens.values) } }
    func revokeToken(id: String, at time: EpochMillis) async throws -> Bool {
        state.withLock { s in
            guard var t = s.tokens[id], t.revokedAt == nil else { return false }
            t.revokedAt = time
            s.tokens[id] = t
            return true
        }
    }
}

/// Deterministic key material for tests.
enum TestKeys {
    static func bytes(_ start: UInt8, count: Int = 32) -> [UInt8] { (0..<count).map { start &+ UInt8($0) } }
}
