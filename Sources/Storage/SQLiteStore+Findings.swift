import GRDB
import VigilCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: Findings

extension SQLiteStore {
    public func saveFinding(_ f: StoredFinding) async throws {
        try StorageCoding.requireStorable("finding", ["id": f.id, "entity": f.entity, "title": f.title, "body": f.body])
        return try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO finding (id, time, entity, severity, title, body, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET time = excluded.time, entity = excluded.entity, severity = excluded.severity,
                    title = excluded.title, body = excluded.body, status = excluded.status, updated_at = excluded.updated_at
                    """,
                arguments: [f.id, f.time, f.entity, f.severity.rawValue, f.title, f.body, f.status.rawValue, f.updatedAt])
        }
    }

    public func finding(id: String) async throws -> StoredFinding? {
        guard StorageCoding.isStorable(id) else { return nil }
        return try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM finding WHERE id = ?", arguments: [id]).map(Self.finding)
        }
    }

    public func findings(_ q: FindingQuery) async throws -> [StoredFinding] {
        guard StorageCoding.isStorable(q.entity) else { return [] }
        // Optional filters are expressed in SQL with bind parameters (`? IS NULL OR column = ?`), so the text of
        // the statement never depends on the query's values.
        let limit = StorageCoding.clampLimit(q.limit)
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM finding WHERE time >= ? AND time < ?
                    AND (? IS NULL OR status = ?) AND (? IS NULL OR entity = ?) AND (? IS NULL OR severity >= ?)
                    ORDER BY time DESC, id LIMIT ?
                    """,
                arguments: [q.from, q.to, q.status?.rawValue, q.status?.rawValue, q.entity, q.entity,
                            q.minimumSeverity?.rawValue, q.minimumSeverity?.rawValue, limit]
            ).map(Self.finding)
        }
    }

    public func updateFindingStatus(id: String, status: FindingStatus, at time: EpochMillis) async throws -> Bool {
        guard StorageCoding.isStorable(id) else { return false }
        return try await writer.write { db in
            try db.execute(sql: "UPDATE finding SET status = ?, updated_at = ? WHERE id = ?", arguments: [status.rawValue, time, id])
            return db.changesCount == 1
        }
    }

    static func finding(_ row: Row) throws -> StoredFinding {
        let id: String = try row.decode(forColumn: "id")
        return StoredFinding(
            id: id, time: try row.decode(forColumn: "time"), entity: try row.decode(forColumn: "entity"),
            severity: try StorageCoding.severity(try row.decode(forColumn: "severity"), key: id), title: try row.decode(forColumn: "title"),
            body: try row.decode(forColumn: "body"), status: try StorageCoding.findingStatus(try row.decode(forColumn: "status"), key: id),
            updatedAt: try row.decode(forColumn: "updated_at"))
    }
}

// MARK: Model snapshots

extension SQLiteStore {
    public func putSnapshot(_ snapshot: ModelSnapshot) async throws {
        try StorageCoding.requireStorable("model_snapshot", ["key": snapshot.key])
        return try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO model_snapshot (key, data, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
                    """,
                arguments: [snapshot.key, Data(snapshot.data), snapshot.updatedAt])
        }
    }

    public func snapshot(key: String) async throws -> ModelSnapshot? {
        guard StorageCoding.isStorable(key) else { return nil }
        return try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM model_snapshot WHERE key = ?", arguments: [key]) else { return nil }
            let data: Data = try row.decode(forColumn: "data")
            return ModelSnapshot(key: try row.decode(forColumn: "key"), data: [UInt8](data), updatedAt: try row.decode(forColumn: "updated_at"))
        }
    }

    public func snapshotKeys(prefix: String) async throws -> [String] {
        guard StorageCoding.isStorable(prefix) else { return [] }
        return try await writer.read { db in
            // substr() compares the prefix literally; LIKE would treat % and _ in keys as wildcards.
            try String.fetchAll(db, sql: "SELECT key FROM model_snapshot WHERE substr(key, 1, length(?)) = ? ORDER BY key",
                                arguments: [prefix, prefix])
        }
    }

    public func deleteSnapshot(key: String) async throws -> Bool {
        guard StorageCoding.isStorable(key) else { return false }
        return try await writer.write { db in
            try db.execute(sql: "DELETE FROM model_snapshot WHERE key = ?", arguments: [key])
            return db.changesCount == 1
        }
    }
}
