import GRDB
import Governance
import VigilCore

extension SQLiteStore {
    public func appendAudit(_ drafts: [AuditDraft]) async throws -> [AuditRecord] {
        for d in drafts { try StorageCoding.requireStorable("audit_record", ["kind": d.kind.rawValue, "actor": d.actor, "subject": d.subject, "payload": d.payload]) }
        guard !drafts.isEmpty else { return [] }
        return try await immediateWrite { db in try Self.appendAudit(drafts, in: db) }
    }

    /// Reads the head and inserts the drafts after it; must run inside an IMMEDIATE transaction.
    static func appendAudit(_ drafts: [AuditDraft], in db: Database) throws -> [AuditRecord] {
        let head = try Row.fetchOne(db, sql: "SELECT * FROM audit_record ORDER BY sequence DESC LIMIT 1").map(auditRecord)
        let records = AuditChain.append(drafts, after: head)
        for r in records {
            try db.execute(
                sql: """
                    INSERT INTO audit_record (sequence, time, kind, actor, subject, payload, previous_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [r.sequence, r.time, r.kind.rawValue, r.actor, r.subject, r.payload, r.previousHash, r.hash])
        }
        return records
    }

    public func auditHead() async throws -> AuditRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM audit_record ORDER BY sequence DESC LIMIT 1").map(Self.auditRecord)
        }
    }

    public func auditRecords(from: EpochMillis, to: EpochMillis) async throws -> [AuditRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_record WHERE time >= ? AND time < ? ORDER BY sequence", arguments: [from, to])
                .map(Self.auditRecord)
        }
    }

    public func auditRecords(afterSequence: Int64, limit: Int) async throws -> [AuditRecord] {
        let limit = StorageCoding.clampLimit(limit)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_record WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [afterSequence, limit])
                .map(Self.auditRecord)
        }
    }

    public func saveAuditAnchor(_ anchor: AuditAnchor) async throws {
        try StorageCoding.requireStorable("audit_anchor", ["hash": anchor.hash, "seal": anchor.seal])
        return try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_anchor (sequence, hash, time, seal) VALUES (?, ?, ?, ?)
                    ON CONFLICT(sequence) DO UPDATE SET hash = excluded.hash, time = excluded.time, seal = excluded.seal
                    """,
                arguments: [anchor.sequence, anchor.hash, anchor.time, anchor.seal])
        }
    }

    public func auditAnchors() async throws -> [AuditAnchor] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, hash, time, seal FROM audit_anchor ORDER BY sequence").map { row in
                AuditAnchor(sequence: try row.decode(forColumn: "sequence"), hash: try row.decode(forColumn: "hash"),
                            time: try row.decode(forColumn: "time"), seal: try row.decode(forColumn: "seal"))
            }
        }
    }

    /// Reads with throwing conversions: a tampered database may hold anything, and verification must report it,
    /// not crash on it.
    static func auditRecord(_ row: Row) throws -> AuditRecord {
        AuditRecord(
            sequence: try row.decode(forColumn: "sequence"), time: try row.decode(forColumn: "time"),
            kind: AuditKind(rawValue: try row.decode(forColumn: "kind")), actor: try row.decode(forColumn: "actor"),
            subject: try row.decode(forColumn: "subject"), payload: try row.decode(forColumn: "payload"),
            previousHash: try row.decode(forColumn: "previous_hash"), hash: try row.decode(forColumn: "hash"))
    }
}
