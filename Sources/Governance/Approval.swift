import VigilCore

/// A response action Vigil may propose but never execute without a person's approval.
public enum ResponseActionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Add an address to the blocklist reference set.
    case blockIP = "block-ip"
    /// Call the configured SOAR playbook webhook that disables an account.
    case disableAccount = "disable-account"
}

/// One proposed response action.
public struct ResponseAction: Sendable, Hashable, Codable {
    public var kind: ResponseActionKind
    /// The address or account (as Vigil holds it: a pseudonym when pseudonymisation is on; the executor resolves it
    /// through ``ReidentificationVault/reidentifyForWriteBack(_:findingID:)``).
    public var target: String
    /// Executor parameters (`referenceSet`, `playbook`), filled from ``ResponseActionSettings``.
    public var parameters: [String: String]

    public init(kind: ResponseActionKind, target: String, parameters: [String: String] = [:]) {
        self.kind = kind
        self.target = target
        self.parameters = parameters
    }
}

/// Where response actions go when approved.
public struct ResponseActionSettings: Sendable, Hashable, Codable {
    /// The reference set that QRadar (or a firewall integration) reads as a blocklist.
    public var blocklistReferenceSet: String
    /// The name of the SOAR webhook (configured in the sidecar) that disables an account; `nil` disables the action.
    public var disableAccountWebhook: String?
    /// How long a request waits for a decision before it expires.
    public var approvalTimeToLive: Int64

    public init(blocklistReferenceSet: String = "vigil_blocklist_ips", disableAccountWebhook: String? = nil,
                approvalTimeToLive: Int64 = 4 * EpochMillis.hour) {
        self.blocklistReferenceSet = blocklistReferenceSet
        self.disableAccountWebhook = disableAccountWebhook
        self.approvalTimeToLive = approvalTimeToLive
    }
}

/// Who asked for an action.
public enum Requester: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Vigil's pipeline (or another automated component), named.
    case system(String)
    /// A person, by account.
    case person(String)

    public var name: String {
        switch self {
        case .system(let n), .person(let n): return n
        }
    }

    public var description: String {
        switch self {
        case .system(let n): return "system:\(n)"
        case .person(let n): return n
        }
    }
}

/// Where an approval request is in its life.
public enum ApprovalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case approved
    case rejected
    case expired
    case executed
    case failed

    /// Whether no further transition is possible.
    public var isFinal: Bool {
        switch self {
        case .pending, .approved: return false
        case .rejected, .expired, .executed, .failed: return true
        }
    }
}

/// A response action waiting for (or past) a human decision, with the evidence the approver needs.
public struct ApprovalRequest: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var action: ResponseAction
    /// The finding that proposed it.
    public var findingID: String
    /// One-paragraph case for the action, shown to the approver.
    public var summary: String
    /// Evidence ids (QRadar event ids, signal ids).
    public var evidence: [String]
    public var requestedBy: Requester
    public var createdAt: EpochMillis
    public var expiresAt: EpochMillis
    public var status: ApprovalStatus
    public var decidedBy: String?
    public var decidedAt: EpochMillis?
    public var decisionNote: String?
    /// When execution finished (executed or failed).
    public var completedAt: EpochMillis?
    /// The executor's reference (reference-set name, SOAR run id) or its failure reason.
    public var outcomeDetail: String?
    /// Other findings that asked for the same action on the same target while this request waited (absent in
    /// requests stored before it existed).
    public var otherFindings: [String]?

    public init(id: String, action: ResponseAction, findingID: String, summary: String, evidence: [String],
                requestedBy: Requester, createdAt: EpochMillis, expiresAt: EpochMillis, status: ApprovalStatus = .pending,
                decidedBy: String? = nil, decidedAt: EpochMillis? = nil, decisionNote: String? = nil,
                completedAt: EpochMillis? = nil, outcomeDetail: String? = nil) {
        self.id = id
        self.action = action
        self.findingID = findingID
        self.summary = summary
        self.evidence = evidence
        self.requestedBy = requestedBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decisionNote = decisionNote
        self.completedAt = completedAt
        self.outcomeDetail = outcomeDetail
    }
}

/// Why an approval transition was refused.
public enum ApprovalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request is not in a state that allows the transition.
    case notAllowed(from: ApprovalStatus, to: ApprovalStatus)
    /// The request expired before the decision.
    case expired(expiresAt: EpochMillis)
    /// A person tried to approve a request they made themselves.
    case selfApproval
    /// The role may not decide approvals (or request actions).
    case forbidden(Role)
    /// Someone else changed the request first.
    case conflict(current: ApprovalStatus)
    /// No request with that id.
    case notFound(String)

    public var description: String {
        switch self {
        case .notAllowed(let from, let to): return "an approval request cannot go from \(from.rawValue) to \(to.rawValue)"
        case .expired(let at): return "the approval request expired at \(at)"
        case .selfApproval: return "a person cannot approve their own request"
        case .forbidden(let role): return "role '\(role.rawValue)' may not do this"
        case .conflict(let current): return "the approval request was changed concurrently; it is now \(current.rawValue)"
        case .notFound(let id): return "no approval request '\(id.prefix(80))'"
        }
    }
}

/// A state change of a request, with the audit record that documents it. Stores apply both atomically, and only
/// if the request is still in `from` (so two approvers cannot both decide).
public struct ApprovalTransition: Sendable, Hashable {
    public var request: ApprovalRequest
    public var from: ApprovalStatus
    public var audit: AuditDraft
}

/// The approval state machine, pure: pending → approved | rejected | expired; approved → executed | failed.
///
/// Only a pending request can be decided; a decision at or after `expiresAt` is refused; a person cannot approve
/// a request they made (a request Vigil made can be approved by anyone allowed to decide); every transition yields
/// an audit record.
public struct ApprovalWorkflow: Sendable {
    public var permissions: PermissionMatrix
    public var settings: ResponseActionSettings

    public init(permissions: PermissionMatrix = .default, settings: ResponseActionSettings = ResponseActionSettings()) {
        self.permissions = permissions
        self.settings = settings
    }

    /// A new pending request. A person needs ``Permission/requestResponseAction``; Vigil's own requests come from
    /// the rollout policy. `id` should be derived from the finding and action so a replay does not queue it twice.
    public func request(id: String, action: ResponseAction, findingID: String, summary: String, evidence: [String],
                        requestedBy: Requester, role: Role? = nil, now: EpochMillis) throws -> ApprovalTransition {
        if case .person = requestedBy {
            guard let role, permissions.allows(role, .requestResponseAction) else { throw ApprovalError.forbidden(role ?? .viewer) }
        }
        let request = ApprovalRequest(id: id, action: action, findingID: findingID, summary: summary, evidence: evidence,
                                      requestedBy: requestedBy, createdAt: now, expiresAt: now + settings.approvalTimeToLive)
        return ApprovalTransition(request: request, from: .pending, audit: auditDraft(request, from: nil, actor: requestedBy.description, now: now))
    }

    /// A pending request brought up to date: by its own finding grown (the summary is replaced) or by another finding
    /// asking for the same action on the same target (the finding is listed in ``ApprovalRequest/otherFindings``);
    /// new evidence ids are added and none is dropped (up to ``maximumEvidence``), the expiry stays. So a campaign that
    /// grows, or several that want the same address blocked, make one request. Nil when nothing changed or the
    /// request is no longer pending.
    public func refresh(_ request: ApprovalRequest, findingID: String, summary: String, evidence: [String], now: EpochMillis) -> ApprovalTransition? {
        guard request.status == .pending else { return nil }
        var next = request
        if findingID == request.findingID {
            next.summary = summary
        } else if !(request.otherFindings ?? []).contains(findingID) {
            next.otherFindings = (request.otherFindings ?? []) + [findingID]
        }
        for e in evidence where next.evidence.count < Self.maximumEvidence && !next.evidence.contains(e) { next.evidence.append(e) }
        guard next != request else { return nil }
        return ApprovalTransition(request: next, from: .pending,
                                  audit: auditDraft(next, from: .pending, actor: request.requestedBy.description, now: now, change: "updated"))
    }

    /// The most evidence ids one request carries.
    public static let maximumEvidence = 500

    /// Approves or rejects a pending request.
    public func decide(_ request: ApprovalRequest, approve: Bool, by actor: String, role: Role, note: String? = nil,
                       now: EpochMillis) throws -> ApprovalTransition {
        let target: ApprovalStatus = approve ? .approved : .rejected
        guard permissions.allows(role, .decideApproval) else { throw ApprovalError.forbidden(role) }
        guard request.status == .pending else { throw ApprovalError.notAllowed(from: request.status, to: target) }
        guard now < request.expiresAt else { throw ApprovalError.expired(expiresAt: request.expiresAt) }
        if approve, case .person(let requester) = request.requestedBy, Self.sameAccount(requester, actor) {
            throw ApprovalError.selfApproval
        }
        var next = request
        next.status = target
        next.decidedBy = actor
        next.decidedAt = now
        next.decisionNote = note
        return ApprovalTransition(request: next, from: .pending, audit: auditDraft(next, from: .pending, actor: actor, now: now))
    }

    /// Expires a pending request whose time is up.
    public func expire(_ request: ApprovalRequest, now: EpochMillis) throws -> ApprovalTransition {
        guard request.status == .pending else { throw ApprovalError.notAllowed(from: request.status, to: .expired) }
        guard now >= request.expiresAt else { throw ApprovalError.notAllowed(from: .pending, to: .expired) }
        var next = request
        next.status = .expired
        return ApprovalTransition(request: next, from: .pending, audit: auditDraft(next, from: .pending, actor: AuditDraft.systemActor, now: now))
    }

    /// Records that an approved action was carried out.
    public func markExecuted(_ request: ApprovalRequest, detail: String?, now: EpochMillis) throws -> ApprovalTransition {
        try complete(request, status: .executed, detail: detail, now: now)
    }

    /// Records that an approved action could not be carried out.
    public func markFailed(_ request: ApprovalRequest, reason: String, now: EpochMillis) throws -> ApprovalTransition {
        try complete(request, status: .failed, detail: reason, now: now)
    }

    private func complete(_ request: ApprovalRequest, status: ApprovalStatus, detail: String?, now: EpochMillis) throws -> ApprovalTransition {
        guard request.status == .approved else { throw ApprovalError.notAllowed(from: request.status, to: status) }
        var next = request
        next.status = status
        next.completedAt = now
        next.outcomeDetail = detail
        return ApprovalTransition(request: next, from: .approved, audit: auditDraft(next, from: .approved, actor: AuditDraft.systemActor, now: now))
    }

    static func sameAccount(_ a: String, _ b: String) -> Bool {
        a.trimmingWhitespace().lowercased() == b.trimmingWhitespace().lowercased()
    }

    private func auditDraft(_ r: ApprovalRequest, from: ApprovalStatus?, actor: String, now: EpochMillis, change: String? = nil) -> AuditDraft {
        AuditDraft(
            time: now, kind: .approval, actor: actor, subject: r.id,
            payload: [
                "from": from.map { .string($0.rawValue) } ?? .null, "to": .string(change ?? (from == nil ? "requested" : r.status.rawValue)),
                "action": .string(r.action.kind.rawValue), "target": .string(r.action.target),
                "findingID": .string(r.findingID), "requestedBy": .string(r.requestedBy.description),
                "expiresAt": .int(r.expiresAt), "evidence": .strings(r.evidence), "otherFindings": .strings(r.otherFindings ?? []),
                "note": .optional(r.status == .approved || r.status == .rejected ? r.decisionNote : r.outcomeDetail),
            ])
    }
}

/// Where approval requests live. Both methods store the request change and its audit record in one transaction.
public protocol ApprovalStore: Sendable {
    /// Stores a new request with its audit record; throws if the id exists.
    func insertApproval(_ transition: ApprovalTransition) async throws -> AuditRecord
    /// Applies the transition only if the stored request is still in `transition.from`; returns `nil` (and changes
    /// nothing) when it is not.
    func applyApprovalTransition(_ transition: ApprovalTransition) async throws -> AuditRecord?
    func approval(id: String) async throws -> ApprovalRequest?
    /// Requests in `status` (all when `nil`), oldest first.
    func approvals(status: ApprovalStatus?) async throws -> [ApprovalRequest]
}

/// The approval queue: the workflow applied to a store.
public struct ApprovalQueue: Sendable {
    public let store: any ApprovalStore
    public let workflow: ApprovalWorkflow
    public let clock: any EpochClock

    public init(store: any ApprovalStore, workflow: ApprovalWorkflow = ApprovalWorkflow(), clock: any EpochClock) {
        self.store = store
        self.workflow = workflow
        self.clock = clock
    }

    /// Queues a request. When a request with the same id exists already it is returned, and while it is pending it is
    /// brought up to date with the new summary and evidence (audited as "updated"); when Vigil asks for an action on a
    /// target that a pending request of another finding already covers, that request is updated instead (the finding
    /// joins ``ApprovalRequest/otherFindings``) and returned.
    public func submit(id: String, action: ResponseAction, findingID: String, summary: String, evidence: [String],
                       requestedBy: Requester, role: Role? = nil) async throws -> ApprovalRequest {
        if let existing = try await store.approval(id: id) {
            // The same action on the same target for the same finding: one request, brought up to date while it waits.
            return try await refresh(existing, findingID: findingID, summary: summary, evidence: evidence)
        }
        if case .system = requestedBy,
           let twin = try await store.approvals(status: .pending).first(where: {
               if case .system = $0.requestedBy { $0.action.kind == action.kind && $0.action.target == action.target } else { false }
           }) {
            // Another finding already waits for the same action on the same target: one request for the analyst. (A
            // person's own request stays theirs: they may not approve it, and Vigil's must stay approvable by them.)
            return try await refresh(twin, findingID: findingID, summary: summary, evidence: evidence)
        }
        let t = try workflow.request(id: id, action: action, findingID: findingID, summary: summary, evidence: evidence,
                                     requestedBy: requestedBy, role: role, now: clock.now())
        _ = try await store.insertApproval(t)
        return t.request
    }

    private func refresh(_ request: ApprovalRequest, findingID: String, summary: String, evidence: [String]) async throws -> ApprovalRequest {
        guard let t = workflow.refresh(request, findingID: findingID, summary: summary, evidence: evidence, now: clock.now()),
              try await store.applyApprovalTransition(t) != nil else { return try await store.approval(id: request.id) ?? request }
        return t.request
    }

    /// Approves or rejects. A decision that arrives after expiry expires the request (recorded) and is refused.
    public func decide(id: String, approve: Bool, by actor: String, role: Role, note: String? = nil) async throws -> ApprovalRequest {
        guard let current = try await store.approval(id: id) else { throw ApprovalError.notFound(id) }
        let now = clock.now()
        let t: ApprovalTransition
        do {
            t = try workflow.decide(current, approve: approve, by: actor, role: role, note: note, now: now)
        } catch ApprovalError.expired(let at) {
            if let expiry = try? workflow.expire(current, now: now) { _ = try await store.applyApprovalTransition(expiry) }
            throw ApprovalError.expired(expiresAt: at)
        }
        guard try await store.applyApprovalTransition(t) != nil else {
            let now = try await store.approval(id: id)?.status ?? current.status
            throw ApprovalError.conflict(current: now)
        }
        return t.request
    }

    /// Expires every pending request whose time is up; returns them.
    public func expireDue() async throws -> [ApprovalRequest] {
        let now = clock.now()
        var expired: [ApprovalRequest] = []
        for r in try await store.approvals(status: .pending) where now >= r.expiresAt {
            let t = try workflow.expire(r, now: now)
            if try await store.applyApprovalTransition(t) != nil { expired.append(t.request) }
        }
        return expired
    }

    /// Records the executor's success.
    public func markExecuted(id: String, detail: String?) async throws -> ApprovalRequest {
        try await complete(id: id) { try workflow.markExecuted($0, detail: detail, now: $1) }
    }

    /// Records the executor's failure.
    public func markFailed(id: String, reason: String) async throws -> ApprovalRequest {
        try await complete(id: id) { try workflow.markFailed($0, reason: reason, now: $1) }
    }

    private func complete(id: String, _ make: (ApprovalRequest, EpochMillis) throws -> ApprovalTransition) async throws -> ApprovalRequest {
        guard let current = try await store.approval(id: id) else { throw ApprovalError.notFound(id) }
        let t = try make(current, clock.now())
        guard try await store.applyApprovalTransition(t) != nil else {
            throw ApprovalError.conflict(current: try await store.approval(id: id)?.status ?? current.status)
        }
        return t.request
    }
}
