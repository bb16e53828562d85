import GRDB
import VigilCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Vigil's embedded store on SQLite: no set-up, one file, durable writes (WAL).
///
/// It implements the storage protocols the sidecar uses; the PostgreSQL store implements the same protocols for
/// larger deployments.
public final class SQLiteStore: CheckpointStore, WriteLedger, Sendable {
    private let writer: any DatabaseWriter

    /// Opens (creating if needed) the store at `path`, or an in-memory store when `path` is `nil`, and migrates it.
    public init(path: String?) throws {
        if let path {
            var config = Configuration()
            config.busyMode = .timeout(5)
            writer = try DatabasePool(path: path, configuration: config)
        } else {
            writer = try DatabaseQueue()
        }
        try Self.migrator.migrate(writer)
    }

    /// The schema, one migration per change; never edit a migration once released.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-checkpoints-ledger") { db in
            try db.create(table: "checkpoint") { t in
                t.primaryKey("source", .text)
                t.column("watermark", .integer).notNull()
                t.column("seen_ids", .text).notNull()
                t.column("updated_at", .integer).notNull()
            }
            try db.create(table: "write_ledger") { t in
                t.primaryKey("key", .text)
                t.column("target", .text).notNull()
                t.column("state", .text).notNull()
                t.column("external_id", .text)
                t.column("attempts", .integer).notNull()
                t.column("updated_at", .integer).notNull()
            }
            try db.create(index: "write_ledger_state", on: "write_ledger", columns: ["state"])
        }
        return m
    }

    public func checkpoint(for source: String) async throws -> Checkpoint? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT source, watermark, seen_ids, updated_at FROM checkpoint WHERE source = ?", arguments: [source]) else {
                return nil
            }
            let idsJSON: String = row["seen_ids"]
            let ids = try JSONDecoder().decode([String].self, from: Data(idsJSON.utf8))
            return Checkpoint(source: row["source"], watermark: row["watermark"], seenIDs: ids, updatedAt: row["updated_at"])
        }
    }

    public func save(_ checkpoint: Checkpoint) async throws {
        let ids = String(decoding: try JSONEncoder().encode(checkpoint.seenIDs), as: UTF8.self)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO checkpoint (source, watermark, seen_ids, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(source) DO UPDATE SET watermark = excluded.watermark, seen_ids = excluded.seen_ids,
                    updated_at = excluded.updated_at
                    """,
                arguments: [checkpoint.source, checkpoint.watermark, ids, checkpoint.updatedAt])
        }
    }

    public func entry(forKey key: String) async throws -> WriteLedgerEntry? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM write_ledger WHERE key = ?", arguments: [key]).map(Self.ledgerEntry)
        }
    }

    public func record(_ entry: WriteLedgerEntry) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO write_ledger (key, target, state, external_id, attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET target = excluded.target, state = excluded.state,
                    external_id = excluded.external_id, attempts = excluded.attempts, updated_at = excluded.updated_at
                    """,
                arguments: [entry.key, entry.target, entry.state.rawValue, entry.externalID, entry.attempts, entry.updatedAt])
        }
    }

    public func entries(in state: WriteState) async throws -> [WriteLedgerEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM write_ledger WHERE state = ? ORDER BY updated_at, key", arguments: [state.rawValue])
                .map(Self.ledgerEntry)
        }
    }

    private static func ledgerEntry(_ row: Row) -> WriteLedgerEntry {
        let stateText: String = row["state"]
        return WriteLedgerEntry(
            key: row["key"], target: row["target"], state: WriteState(rawValue: stateText) ?? .failed,
            externalID: row["external_id"], attempts: row["attempts"], updatedAt: row["updated_at"])
    }
}
