import VigilCore

/// Where the audit log lives. Implementations must compute the chain (``AuditChain/append(_:after:)-(_,AuditRecord?)``)
/// inside the same transaction that reads the head and inserts, so concurrent appends — from tasks or from several
/// processes — serialise and can never fork the chain.
public protocol AuditLogStore: Sendable {
    /// Appends the drafts in order, atomically, and returns them as stored.
    func appendAudit(_ drafts: [AuditDraft]) async throws -> [AuditRecord]
    /// The last record, or `nil` for an empty log.
    func auditHead() async throws -> AuditRecord?
    /// Records whose `time` is in `[from, to)`, in sequence order.
    func auditRecords(from: EpochMillis, to: EpochMillis) async throws -> [AuditRecord]
    /// Up to `limit` records with a sequence greater than `afterSequence`, in sequence order (for paging).
    func auditRecords(afterSequence: Int64, limit: Int) async throws -> [AuditRecord]
    /// Stores an anchor (replacing one for the same sequence).
    func saveAuditAnchor(_ anchor: AuditAnchor) async throws
    /// All stored anchors, in sequence order.
    func auditAnchors() async throws -> [AuditAnchor]
}

extension AuditLogStore {
    /// Appends one draft.
    @discardableResult
    public func appendAudit(_ draft: AuditDraft) async throws -> AuditRecord {
        let stored = try await appendAudit([draft])
        guard let first = stored.first else { throw GovernanceError.invalidArgument("the audit store returned no record for an append") }
        return first
    }

    /// Every record, in sequence order.
    public func allAuditRecords(pageSize: Int = 5_000) async throws -> [AuditRecord] {
        var out: [AuditRecord] = []
        var after: Int64 = 0
        while true {
            let page = try await auditRecords(afterSequence: after, limit: pageSize)
            out.append(contentsOf: page)
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sequence
        }
        return out
    }
}

/// The library behind `vigil audit verify` and `vigil audit export`.
public enum AuditTools {
    /// Verifies the whole log in the store page by page, together with the anchors stored beside it (whose seals
    /// are checked when a sealer is given) and any extra anchors the auditor brings (e.g. an earlier export).
    ///
    /// A sealed anchor that fails its seal check fails verification: someone wrote an anchor without the key.
    public static func verify(store: any AuditLogStore, sealer: AuditSealer? = nil, extraAnchors: [AuditAnchor] = [],
                              pageSize: Int = 5_000) async throws -> AuditVerification {
        let stored = try await store.auditAnchors()
        if let sealer, let forged = stored.first(where: { !sealer.isAuthentic($0) }) {
            return AuditVerification(
                ok: false, checked: 0, firstBrokenSequence: forged.sequence,
                reason: "the anchor stored for record \(forged.sequence) has no valid seal (forged or altered)")
        }
        // Without a sealer the stored anchors prove less (whoever can rewrite the log can rewrite them too), but
        // they still catch a truncated or carelessly rewritten tail, so they are checked all the same.
        let anchors = extraAnchors + stored
        var verifier = AuditChainVerifier(startingAfter: nil, anchorSequences: Set(anchors.map(\.sequence)))
        var after: Int64 = 0
        paging: while true {
            let page = try await store.auditRecords(afterSequence: after, limit: pageSize)
            for r in page where !verifier.consume(r) { break paging }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sequence
        }
        return verifier.finish(anchors: anchors)
    }

    /// Seals the current head and stores the anchor; the sidecar calls this periodically (and on shutdown).
    @discardableResult
    public static func anchorHead(store: any AuditLogStore, sealer: AuditSealer, at time: EpochMillis) async throws -> AuditAnchor? {
        guard let head = try await store.auditHead() else { return nil }
        let anchor = sealer.seal(head, at: time)
        try await store.saveAuditAnchor(anchor)
        return anchor
    }

    /// Writes the report for records with time in `[from, to)`, including the result of verifying the whole chain.
    public static func export(store: any AuditLogStore, from: EpochMillis, to: EpochMillis, format: AuditExportFormat,
                              generatedAt: EpochMillis, sealer: AuditSealer? = nil) async throws -> String {
        let records = try await store.auditRecords(from: from, to: to)
        let verification = try await verify(store: store, sealer: sealer)
        return AuditExporter.export(records, from: from, to: to, format: format, generatedAt: generatedAt, verification: verification)
    }
}
