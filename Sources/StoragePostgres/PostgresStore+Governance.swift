import Governance
import Logging
import PostgresNIO
import Storage
import VigilCore

// MARK: Audit log

extension PostgresStore {
    public func appendAudit(_ drafts: [AuditDraft]) async throws -> [AuditRecord] {
        for d in drafts { try StorageCoding.requireStorable("audit_record", ["kind": d.kind.rawValue, "actor": d.actor, "subject": d.subject, "payload": d.payload]) }
        guard !drafts.isEmpty else { return [] }
        return try await transaction { conn in try await self.appendAudit(drafts, on: conn) }
    }

    /// Locks the log against other writers (readers are not blocked), reads the head and inserts after it; must
    /// run inside a transaction, which holds the lock until it ends.
    func appendAudit(_ drafts: [AuditDraft], on conn: PostgresConnection) async throws -> [AuditRecord] {
        try await conn.query("LOCK TABLE \(unescaped: t.audit) IN EXCLUSIVE MODE", logger: logger)
        let head = try await auditRecords(conn.query(
            "\(unescaped: auditColumns) ORDER BY sequence DESC LIMIT 1", logger: logger)).first
        let records = AuditChain.append(drafts, after: head)
        for r in records {
            try await conn.query(
                """
                INSERT INTO \(unescaped: t.audit) (sequence, time, kind, actor, subject, payload, previous_hash, hash)
                VALUES (\(r.sequence), \(r.time), \(r.kind.rawValue), \(r.actor), \(r.subject), \(r.payload), \(r.previousHash), \(r.hash))
                """, logger: logger)
        }
        return records
    }

    var auditColumns: String {
        "SELECT sequence, time, kind, actor, subject, payload, previous_hash, hash FROM \(t.audit)"
    }

    public func auditHead() async throws -> AuditRecord? {
        try await auditRecords(client.query("\(unescaped: auditColumns) ORDER BY sequence DESC LIMIT 1", logger: logger)).first
    }

    public func auditRecords(from: EpochMillis, to: EpochMillis) async throws -> [AuditRecord] {
        try await auditRecords(client.query(
            "\(unescaped: auditColumns) WHERE time >= \(from) AND time < \(to) ORDER BY sequence", logger: logger))
    }

    public func auditRecords(afterSequence: Int64, limit: Int) async throws -> [AuditRecord] {
        let limit = StorageCoding.clampLimit(limit)
        return try await auditRecords(client.query(
            "\(unescaped: auditColumns) WHERE sequence > \(afterSequence) ORDER BY sequence LIMIT \(limit)", logger: logger))
    }

    private func auditRecords(_ rows: PostgresRowSequence) async throws -> [AuditRecord] {
        var out: [AuditRecord] = []
        for try await (sequence, time, kind, actor, subject, payload, previousHash, hash)
            in rows.decode((Int64, Int64, String, String, String, String, String, String).self) {
            out.append(AuditRecord(sequence: sequence, time: time, kind: AuditKind(rawValue: kind), actor: actor, subject: subject,
                                   payload: payload, previousHash: previousHash, hash: hash))
        }
        return out
    }

    public func saveAuditAnchor(_ anchor: AuditAnchor) async throws {
        try StorageCoding.requireStorable("audit_anchor", ["hash": anchor.hash, "seal": anchor.seal])
        try await client.query(
            """
            INSERT INTO \(unescaped: t.anchor) (sequence, hash, time, seal) VALUES (\(anchor.sequence), \(anchor.hash), \(anchor.time), \(anchor.seal))
            ON CONFLICT (sequence) DO UPDATE SET hash = excluded.hash, time = excluded.time, seal = excluded.seal
            """, logger: logger)
    }

    public func auditAnchors() async throws -> [AuditAnchor] {
        var out: [AuditAnchor] = []
        let rows = try await client.query("SELECT sequence, hash, time, seal FROM \(unescaped: t.anchor) ORDER BY sequence", logger: logger)
        for try await (sequence, hash, time, seal) in rows.decode((Int64, String, Int64, String?).self) {
            out.append(AuditAnchor(sequence: sequence, hash: hash, time: time, seal: seal))
        }
        return out
    }
}

// MARK: Approvals

extension PostgresStore {
    public func insertApproval(_ transition: ApprovalTransition) async throws -> AuditRecord {
        try StorageCoding.requireStorable("approval", ["id": transition.request.id, "actor": transition.audit.actor, "subject": transition.audit.subject])
        let r = transition.request
        let body = try StorageCoding.encode(r)
        return try await transaction { conn in
            let inserted = try await self.count(conn.query(
                """
                INSERT INTO \(unescaped: t.approval) (id, status, created_at, expires_at, body)
                VALUES (\(r.id), \(r.status.rawValue), \(r.createdAt), \(r.expiresAt), \(body))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger))
            guard inserted == 1 else { throw StoreError.duplicateKey(table: "approval", key: r.id) }
            return try await self.appendAudit([transition.audit], on: conn)[0]
        }
    }

    public func applyApprovalTransition(_ transition: ApprovalTransition) async throws -> AuditRecord? {
        try StorageCoding.requireStorable("approval", ["id": transition.request.id, "actor": transition.audit.actor, "subject": transition.audit.subject])
        let r = transition.request
        let body = try StorageCoding.encode(r)
        return try await transaction { conn in
            let updated = try await self.count(conn.query(
                """
                UPDATE \(unescaped: t.approval) SET status = \(r.status.rawValue), expires_at = \(r.expiresAt), body = \(body)
                WHERE id = \(r.id) AND status = \(transition.from.rawValue) RETURNING id
                """, logger: logger))
            guard updated == 1 else { return nil }
            return try await self.appendAudit([transition.audit], on: conn)[0]
        }
    }

    public func approval(id: String) async throws -> ApprovalRequest? {
        guard StorageCoding.isStorable(id) else { return nil }
        return try await approvals(client.query("SELECT id, body FROM \(unescaped: t.approval) WHERE id = \(id)", logger: logger)).first
    }

    public func approvals(status: ApprovalStatus?) async throws -> [ApprovalRequest] {
        let s = status?.rawValue
        return try await approvals(client.query(
            """
            SELECT id, body FROM \(unescaped: t.approval) WHERE (\(s)::text IS NULL OR status = \(s)::text) ORDER BY created_at, id
            """, logger: logger))
    }

    private func approvals(_ rows: PostgresRowSequence) async throws -> [ApprovalRequest] {
        var out: [ApprovalRequest] = []
        for try await (id, body) in rows.decode((String, String).self) {
            out.append(try StorageCoding.decode(ApprovalRequest.self, from: body, table: "approval", key: id))
        }
        return out
    }
}

// MARK: API tokens

extension PostgresStore {
    public func saveToken(_ r: APITokenRecord) async throws {
        try StorageCoding.requireStorable("api_token", ["id": r.id, "name": r.name, "created_by": r.createdBy, "hash": r.hash])
        let inserted = try await count(client.query(
            """
            INSERT INTO \(unescaped: t.token) (id, name, role, hash, created_at, created_by, expires_at, revoked_at)
            VALUES (\(r.id), \(r.name), \(r.role.rawValue), \(r.hash), \(r.createdAt), \(r.createdBy), \(r.expiresAt), \(r.revokedAt))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, logger: logger))
        guard inserted == 1 else { throw StoreError.duplicateKey(table: "api_token", key: r.id) }
    }

    public func token(id: String) async throws -> APITokenRecord? {
        guard StorageCoding.isStorable(id) else { return nil }
        return try await tokens(client.query(
            "SELECT id, name, role, hash, created_at, created_by, expires_at, revoked_at FROM \(unescaped: t.token) WHERE id = \(id)",
            logger: logger)).first
    }

    public func tokens() async throws -> [APITokenRecord] {
        try await tokens(client.query(
            """
            SELECT id, name, role, hash, created_at, created_by, expires_at, revoked_at FROM \(unescaped: t.token)
            ORDER BY created_at DESC, id
            """, logger: logger))
    }

    public func revokeToken(id: String, at time: EpochMillis) async throws -> Bool {
        guard StorageCoding.isStorable(id) else { return false }
        return try await count(client.query(
            "UPDATE \(unescaped: t.token) SET revoked_at = \(time) WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
            logger: logger)) == 1
    }

    private func tokens(_ rows: PostgresRowSequence) async throws -> [APITokenRecord] {
        var out: [APITokenRecord] = []
        for try await (id, name, role, hash, createdAt, createdBy, expiresAt, revokedAt)
            in rows.decode((String, String, String, String, Int64, String, Int64?, Int64?).self) {
            out.append(APITokenRecord(id: id, name: name, role: try StorageCoding.role(role, key: id), hash: hash, createdAt: createdAt,
                                      createdBy: createdBy, expiresAt: expiresAt, revokedAt: revokedAt))
        }
        return out
    }
}

// MARK: Re-identification mapping

extension PostgresStore {
    public func insertMappings(_ mappings: [EncryptedMapping]) async throws {
        try await writeMappings(mappings, replace: false)
    }

    public func replaceMappings(_ mappings: [EncryptedMapping]) async throws {
        try await writeMappings(mappings, replace: true)
    }

    /// One statement per batch: the rows travel as five bound arrays and `unnest` turns them back into rows.
    private func writeMappings(_ mappings: [EncryptedMapping], replace: Bool) async throws {
        for m in mappings { try StorageCoding.requireStorable("reid_mapping", ["pseudonym": m.pseudonym]) }
        guard !mappings.isEmpty else { return }
        let pseudonyms = mappings.map(\.pseudonym)
        let pseudonymVersions = mappings.map { Int64($0.pseudonymKeyVersion) }
        let mappingVersions = mappings.map { Int64($0.mappingKeyVersion) }
        let sealed = mappings.map { ByteBuffer(bytes: $0.sealed) }
        let created = mappings.map(\.createdAt)
        let conflict = replace
            ? """
              ON CONFLICT (pseudonym) DO UPDATE SET pseudonym_key_version = excluded.pseudonym_key_version,
              mapping_key_version = excluded.mapping_key_version, sealed = excluded.sealed, created_at = excluded.created_at
              """
            : "ON CONFLICT (pseudonym) DO NOTHING"
        try await client.query(
            """
            INSERT INTO \(unescaped: t.mapping) (pseudonym, pseudonym_key_version, mapping_key_version, sealed, created_at)
            SELECT DISTINCT ON (p) p, pv, mv, s, c
            FROM unnest(\(pseudonyms)::text[], \(pseudonymVersions)::bigint[], \(mappingVersions)::bigint[], \(sealed)::bytea[], \(created)::bigint[])
                AS x(p, pv, mv, s, c)
            \(unescaped: conflict)
            """, logger: logger)
    }

    public func mapping(for pseudonym: String) async throws -> EncryptedMapping? {
        guard StorageCoding.isStorable(pseudonym) else { return nil }
        return try await mappings(client.query(
            """
            SELECT pseudonym, pseudonym_key_version, mapping_key_version, sealed, created_at FROM \(unescaped: t.mapping)
            WHERE pseudonym = \(pseudonym)
            """, logger: logger)).first
    }

    public func mappings(after: String?, limit: Int) async throws -> [EncryptedMapping] {
        guard StorageCoding.isStorable(after) else { return [] }
        let limit = StorageCoding.clampLimit(limit)
        return try await mappings(client.query(
            """
            SELECT pseudonym, pseudonym_key_version, mapping_key_version, sealed, created_at FROM \(unescaped: t.mapping)
            WHERE (\(after)::text IS NULL OR pseudonym > \(after)::text) ORDER BY pseudonym LIMIT \(limit)
            """, logger: logger))
    }

    public func deleteMappings(pseudonymKeyVersion: Int) async throws -> Int {
        try await count(client.query(
            "DELETE FROM \(unescaped: t.mapping) WHERE pseudonym_key_version = \(pseudonymKeyVersion) RETURNING pseudonym", logger: logger))
    }

    private func mappings(_ rows: PostgresRowSequence) async throws -> [EncryptedMapping] {
        var out: [EncryptedMapping] = []
        for try await (pseudonym, pv, mv, sealed, created) in rows.decode((String, Int, Int, ByteBuffer, Int64).self) {
            out.append(EncryptedMapping(pseudonym: pseudonym, pseudonymKeyVersion: pv, mappingKeyVersion: mv,
                                        sealed: Array(sealed.readableBytesView), createdAt: created))
        }
        return out
    }
}

// MARK: Feedback

extension PostgresStore {
    public func saveFeedback(_ record: FeedbackRecord) async throws {
        try StorageCoding.requireStorable("feedback", ["id": record.id, "finding_id": record.findingID])
        let body = try StorageCoding.encode(record)
        try await client.query(
            """
            INSERT INTO \(unescaped: t.feedback) (id, time, finding_id, offense_id, body)
            VALUES (\(record.id), \(record.time), \(record.findingID), \(record.offenseID), \(body))
            ON CONFLICT (id) DO UPDATE SET time = excluded.time, finding_id = excluded.finding_id,
            offense_id = excluded.offense_id, body = excluded.body
            """, logger: logger)
    }

    public func feedback(from: EpochMillis, to: EpochMillis) async throws -> [FeedbackRecord] {
        try await feedbackRecords(client.query(
            "SELECT id, body FROM \(unescaped: t.feedback) WHERE time >= \(from) AND time < \(to) ORDER BY time, id", logger: logger))
    }

    public func feedback(findingID: String) async throws -> [FeedbackRecord] {
        guard StorageCoding.isStorable(findingID) else { return [] }
        return try await feedbackRecords(client.query(
            "SELECT id, body FROM \(unescaped: t.feedback) WHERE finding_id = \(findingID) ORDER BY time, id", logger: logger))
    }

    private func feedbackRecords(_ rows: PostgresRowSequence) async throws -> [FeedbackRecord] {
        var out: [FeedbackRecord] = []
        for try await (id, body) in rows.decode((String, String).self) {
            out.append(try StorageCoding.decode(FeedbackRecord.self, from: body, table: "feedback", key: id))
        }
        return out
    }
}
