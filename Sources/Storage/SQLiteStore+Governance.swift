import GRDB
import Governance
import VigilCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: Approvals

extension SQLiteStore {
    public func insertApproval(_ transition: ApprovalTransition) async throws -> AuditRecord {
        try StorageCoding.requireStorable("approval", ["id": transition.request.id, "actor": transition.audit.actor, "subject": transition.audit.subject])
        let r = transition.request
        let body = try StorageCoding.encode(r)
        return try await immediateWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM approval WHERE id = ?)", arguments: [r.id]) ?? false {
                throw StoreError.duplicateKey(table: "approval", key: r.id)
            }
            try db.execute(
                sql: "INSERT INTO approval (id, status, created_at, expires_at, body) VALUES (?, ?, ?, ?, ?)",
                arguments: [r.id, r.status.rawValue, r.createdAt, r.expiresAt, body])
            return try Self.appendAudit([transition.audit], in: db)[0]
        }
    }

    public func applyApprovalTransition(_ transition: ApprovalTransition) async throws -> AuditRecord? {
        try StorageCoding.requireStorable("approval", ["id": transition.request.id, "actor": transition.audit.actor, "subject": transition.audit.subject])
        let r = transition.request
        let body = try StorageCoding.encode(r)
        return try await immediateWrite { db in
            try db.execute(
                sql: "UPDATE approval SET status = ?, expires_at = ?, body = ? WHERE id = ? AND status = ?",
                arguments: [r.status.rawValue, r.expiresAt, body, r.id, transition.from.rawValue])
            guard db.changesCount == 1 else { return nil }
            return try Self.appendAudit([transition.audit], in: db)[0]
        }
    }

    public func approval(id: String) async throws -> ApprovalRequest? {
        guard StorageCoding.isStorable(id) else { return nil }
        return try await writer.read { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM approval WHERE id = ?", arguments: [id]) else { return nil }
            return try StorageCoding.decode(ApprovalRequest.self, from: body, table: "approval", key: id)
        }
    }

    public func approvals(status: ApprovalStatus?) async throws -> [ApprovalRequest] {
        try await writer.read { db in
            let rows: [Row]
            if let status {
                rows = try Row.fetchAll(db, sql: "SELECT id, body FROM approval WHERE status = ? ORDER BY created_at, id", arguments: [status.rawValue])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT id, body FROM approval ORDER BY created_at, id")
            }
            return try rows.map { row in
                try StorageCoding.decode(ApprovalRequest.self, from: try row.decode(forColumn: "body"), table: "approval",
                                         key: try row.decode(forColumn: "id"))
            }
        }
    }
}

// MARK: API tokens

extension SQLiteStore {
    public func saveToken(_ record: APITokenRecord) async throws {
        try StorageCoding.requireStorable("api_token", ["id": record.id, "name": record.name, "created_by": record.createdBy, "hash": record.hash])
        return try await immediateWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM api_token WHERE id = ?)", arguments: [record.id]) ?? false {
                throw StoreError.duplicateKey(table: "api_token", key: record.id)
            }
            try db.execute(
                sql: """
                    INSERT INTO api_token (id, name, role, hash, created_at, created_by, expires_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [record.id, record.name, record.role.rawValue, record.hash, record.createdAt, record.createdBy,
                            record.expiresAt, record.revokedAt])
        }
    }

    public func token(id: String) async throws -> APITokenRecord? {
        guard StorageCoding.isStorable(id) else { return nil }
        return try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE id = ?", arguments: [id]).map(Self.tokenRecord)
        }
    }

    public func tokens() async throws -> [APITokenRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY created_at DESC, id").map(Self.tokenRecord)
        }
    }

    public func revokeToken(id: String, at time: EpochMillis) async throws -> Bool {
        guard StorageCoding.isStorable(id) else { return false }
        return try await writer.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [time, id])
            return db.changesCount == 1
        }
    }

    static func tokenRecord(_ row: Row) throws -> APITokenRecord {
        let id: String = try row.decode(forColumn: "id")
        return APITokenRecord(
            id: id, name: try row.decode(forColumn: "name"), role: try StorageCoding.role(try row.decode(forColumn: "role"), key: id),
            hash: try row.decode(forColumn: "hash"), createdAt: try row.decode(forColumn: "created_at"),
            createdBy: try row.decode(forColumn: "created_by"), expiresAt: try row.decode(forColumn: "expires_at"),
            revokedAt: try row.decode(forColumn: "revoked_at"))
    }
}

// MARK: Re-identification mapping

extension SQLiteStore {
    public func insertMappings(_ mappings: [EncryptedMapping]) async throws {
        for m in mappings { try StorageCoding.requireStorable("reid_mapping", ["pseudonym": m.pseudonym]) }
        guard !mappings.isEmpty else { return }
        try await writer.write { db in
            for m in mappings {
                try db.execute(
                    sql: """
                        INSERT INTO reid_mapping (pseudonym, pseudonym_key_version, mapping_key_version, sealed, created_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT(pseudonym) DO NOTHING
                        """,
                    arguments: [m.pseudonym, m.pseudonymKeyVersion, m.mappingKeyVersion, Data(m.sealed), m.createdAt])
            }
        }
    }

    public func replaceMappings(_ mappings: [EncryptedMapping]) async throws {
        for m in mappings { try StorageCoding.requireStorable("reid_mapping", ["pseudonym": m.pseudonym]) }
        guard !mappings.isEmpty else { return }
        try await writer.write { db in
            for m in mappings {
                try db.execute(
                    sql: """
                        INSERT INTO reid_mapping (pseudonym, pseudonym_key_version, mapping_key_version, sealed, created_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT(pseudonym) DO UPDATE SET
                        pseudonym_key_version = excluded.pseudonym_key_version, mapping_key_version = excluded.mapping_key_version,
                        sealed = excluded.sealed, created_at = excluded.created_at
                        """,
                    arguments: [m.pseudonym, m.pseudonymKeyVersion, m.mappingKeyVersion, Data(m.sealed), m.createdAt])
            }
        }
    }

    public func mapping(for pseudonym: String) async throws -> EncryptedMapping? {
        guard StorageCoding.isStorable(pseudonym) else { return nil }
        return try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM reid_mapping WHERE pseudonym = ?", arguments: [pseudonym]).map(Self.mapping)
        }
    }

    public func mappings(after: String?, limit: Int) async throws -> [EncryptedMapping] {
        guard StorageCoding.isStorable(after) else { return [] }
        let limit = StorageCoding.clampLimit(limit)
        return try await writer.read { db in
            if let after {
                return try Row.fetchAll(db, sql: "SELECT * FROM reid_mapping WHERE pseudonym > ? ORDER BY pseudonym LIMIT ?", arguments: [after, limit])
                    .map(Self.mapping)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM reid_mapping ORDER BY pseudonym LIMIT ?", arguments: [limit]).map(Self.mapping)
        }
    }

    public func deleteMappings(pseudonymKeyVersion: Int) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM reid_mapping WHERE pseudonym_key_version = ?", arguments: [pseudonymKeyVersion])
            return db.changesCount
        }
    }

    static func mapping(_ row: Row) throws -> EncryptedMapping {
        let sealed: Data = try row.decode(forColumn: "sealed")
        return EncryptedMapping(
            pseudonym: try row.decode(forColumn: "pseudonym"), pseudonymKeyVersion: try row.decode(forColumn: "pseudonym_key_version"),
            mappingKeyVersion: try row.decode(forColumn: "mapping_key_version"), sealed: [UInt8](sealed),
            createdAt: try row.decode(forColumn: "created_at"))
    }
}

// MARK: Feedback

extension SQLiteStore {
    public func saveFeedback(_ record: FeedbackRecord) async throws {
        try StorageCoding.requireStorable("feedback", ["id": record.id, "finding_id": record.findingID])
        let body = try StorageCoding.encode(record)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO feedback (id, time, finding_id, offense_id, body) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET time = excluded.time, finding_id = excluded.finding_id,
                    offense_id = excluded.offense_id, body = excluded.body
                    """,
                arguments: [record.id, record.time, record.findingID, record.offenseID, body])
        }
    }

    public func feedback(from: EpochMillis, to: EpochMillis) async throws -> [FeedbackRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, body FROM feedback WHERE time >= ? AND time < ? ORDER BY time, id", arguments: [from, to])
                .map(Self.feedbackRecord)
        }
    }

    public func feedback(findingID: String) async throws -> [FeedbackRecord] {
        guard StorageCoding.isStorable(findingID) else { return [] }
        return try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, body FROM feedback WHERE finding_id = ? ORDER BY time, id", arguments: [findingID])
                .map(Self.feedbackRecord)
        }
    }

    static func feedbackRecord(_ row: Row) throws -> FeedbackRecord {
        try StorageCoding.decode(FeedbackRecord.self, from: try row.decode(forColumn: "body"), table: "feedback",
                                 key: try row.decode(forColumn: "id"))
    }
}
