import GRDB
import Governance
import VigilCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Vigil's embedded store on SQLite: no set-up, one file, durable writes (WAL).
///
/// It implements every storage protocol the sidecar uses (``VigilStore``); the PostgreSQL store implements the
/// same protocols for larger deployments. All SQL uses bind parameters.
public final class SQLiteStore: VigilStore, Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the store at `path`, or an in-memory store when `path` is `nil`, and migrates it.
    public init(path: String?) throws {
        if let path {
            var config = Configuration()
            config.busyMode = .timeout(5)
            // DatabasePool runs SQLite in WAL mode: readers never block the writer.
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
        m.registerMigration("v2-governance") { db in
            for statement in SQLiteSchema.v2 { try db.execute(sql: statement) }
        }
        m.registerMigration("v3-ledger-payload") { db in
            try db.alter(table: "write_ledger") { t in t.add(column: "payload", .text) }
        }
        return m
    }

    // MARK: Checkpoints

    public func checkpoint(for source: String) async throws -> Checkpoint? {
        guard StorageCoding.isStorable(source) else { return nil }
        return try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT source, watermark, seen_ids, updated_at FROM checkpoint WHERE source = ?", arguments: [source]) else {
                return nil
            }
            let idsJSON: String = try row.decode(forColumn: "seen_ids")
            let ids = try StorageCoding.decode([String].self, from: idsJSON, table: "checkpoint", key: source)
            return Checkpoint(source: try row.decode(forColumn: "source"), watermark: try row.decode(forColumn: "watermark"),
                              seenIDs: ids, updatedAt: try row.decode(forColumn: "updated_at"))
        }
    }

    public func save(_ checkpoint: Checkpoint) async throws {
        try StorageCoding.requireStorable("checkpoint", ["source": checkpoint.source])
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

    // MARK: Write ledger

    public func entry(forKey key: String) async throws -> WriteLedgerEntry? {
        guard StorageCoding.isStorable(key) else { return nil }
        return try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM write_ledger WHERE key = ?", arguments: [key]).map(Self.ledgerEntry)
        }
    }

    public func record(_ entry: WriteLedgerEntry) async throws {
        try StorageCoding.requireStorable(
            "write_ledger", ["key": entry.key, "target": entry.target, "external_id": entry.externalID, "payload": entry.payload])
        return try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO write_ledger (key, target, state, external_id, attempts, updated_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET target = excluded.target, state = excluded.state,
                    external_id = excluded.external_id, attempts = excluded.attempts, updated_at = excluded.updated_at,
                    payload = excluded.payload
                    """,
                arguments: [entry.key, entry.target, entry.state.rawValue, entry.externalID, entry.attempts, entry.updatedAt, entry.payload])
        }
    }

    public func entries(in state: WriteState) async throws -> [WriteLedgerEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM write_ledger WHERE state = ? ORDER BY updated_at, key", arguments: [state.rawValue])
                .map(Self.ledgerEntry)
        }
    }

    private static func ledgerEntry(_ row: Row) throws -> WriteLedgerEntry {
        let key: String = try row.decode(forColumn: "key")
        let stateText: String = try row.decode(forColumn: "state")
        guard let state = WriteState(rawValue: stateText) else {
            throw StoreError.corruptRow(table: "write_ledger", key: key, detail: "unknown state '\(stateText)'")
        }
        return WriteLedgerEntry(
            key: key, target: try row.decode(forColumn: "target"), state: state,
            externalID: try row.decode(forColumn: "external_id"), attempts: try row.decode(forColumn: "attempts"),
            updatedAt: try row.decode(forColumn: "updated_at"), payload: try row.decode(forColumn: "payload"))
    }

    // MARK: Helpers

    /// Runs `body` in an IMMEDIATE transaction: the write lock is taken before anything is read, so a
    /// read-then-write (the audit head, an approval's status) cannot interleave with another connection's,
    /// including one in another process.
    func immediateWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            guard let result else { throw StoreError.invalidConfiguration("transaction produced no result") }
            return result
        }
    }
}

/// The SQL of the governance migration, shared wording with the PostgreSQL schema where the dialects agree.
enum SQLiteSchema {
    static let v2: [String] = [
        """
        CREATE TABLE audit_record (
            sequence INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,
            subject TEXT NOT NULL, payload TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)
        """,
        "CREATE INDEX audit_record_time ON audit_record (time)",
        // Append-only at the database level too. Someone with raw access can drop these triggers, which is why
        // the hash chain exists; the triggers stop mistakes and ordinary code paths.
        "CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        """
        CREATE TABLE audit_anchor (
            sequence INTEGER PRIMARY KEY, hash TEXT NOT NULL, time INTEGER NOT NULL, seal TEXT)
        """,
        """
        CREATE TABLE finding (
            id TEXT PRIMARY KEY, time INTEGER NOT NULL, entity TEXT NOT NULL, severity INTEGER NOT NULL,
            title TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, updated_at INTEGER NOT NULL)
        """,
        "CREATE INDEX finding_time ON finding (time)",
        "CREATE INDEX finding_entity ON finding (entity, time)",
        "CREATE INDEX finding_status ON finding (status, time)",
        """
        CREATE TABLE approval (
            id TEXT PRIMARY KEY, status TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
            body TEXT NOT NULL)
        """,
        "CREATE INDEX approval_status ON approval (status, created_at)",
        """
        CREATE TABLE api_token (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL, created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL, expires_at INTEGER, revoked_at INTEGER)
        """,
        """
        CREATE TABLE reid_mapping (
            pseudonym TEXT PRIMARY KEY, pseudonym_key_version INTEGER NOT NULL, mapping_key_version INTEGER NOT NULL,
            sealed BLOB NOT NULL, created_at INTEGER NOT NULL)
        """,
        "CREATE INDEX reid_mapping_key ON reid_mapping (pseudonym_key_version)",
        """
        CREATE TABLE feedback (
            id TEXT PRIMARY KEY, time INTEGER NOT NULL, finding_id TEXT, offense_id INTEGER, body TEXT NOT NULL)
        """,
        "CREATE INDEX feedback_time ON feedback (time)",
        "CREATE INDEX feedback_finding ON feedback (finding_id, time)",
        """
        CREATE TABLE model_snapshot (key TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at INTEGER NOT NULL)
        """,
    ]
}

extension SQLiteStore {
    /// Runs SQL text as is, outside any check. For tests that must act like someone with direct database access
    /// (tampering with the audit log); `package` keeps it out of the public API.
    package func rawExecute(_ sql: String) async throws {
        try await writer.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}
