import Logging
import PostgresNIO
import Storage
import VigilCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: Checkpoints

extension PostgresStore {
    public func checkpoint(for source: String) async throws -> Checkpoint? {
        guard StorageCoding.isStorable(source) else { return nil }
        let rows = try await client.query(
            "SELECT source, watermark, seen_ids, updated_at FROM \(unescaped: t.checkpoint) WHERE source = \(source)", logger: logger)
        for try await (src, watermark, ids, updatedAt) in rows.decode((String, Int64, String, Int64).self) {
            let seen = try StorageCoding.decode([String].self, from: ids, table: "checkpoint", key: src)
            return Checkpoint(source: src, watermark: watermark, seenIDs: seen, updatedAt: updatedAt)
        }
        return nil
    }

    public func save(_ checkpoint: Checkpoint) async throws {
        try StorageCoding.requireStorable("checkpoint", ["source": checkpoint.source])
        let ids = try StorageCoding.encode(checkpoint.seenIDs)
        try await client.query(
            """
            INSERT INTO \(unescaped: t.checkpoint) (source, watermark, seen_ids, updated_at)
            VALUES (\(checkpoint.source), \(checkpoint.watermark), \(ids), \(checkpoint.updatedAt))
            ON CONFLICT (source) DO UPDATE SET watermark = excluded.watermark, seen_ids = excluded.seen_ids,
            updated_at = excluded.updated_at
            """, logger: logger)
    }
}

// MARK: Write ledger

extension PostgresStore {
    public func entry(forKey key: String) async throws -> WriteLedgerEntry? {
        guard StorageCoding.isStorable(key) else { return nil }
        return try await ledgerEntries(try await client.query(
            "SELECT key, target, state, external_id, attempts, updated_at, payload FROM \(unescaped: t.writeLedger) WHERE key = \(key)",
            logger: logger)).first
    }

    public func record(_ entry: WriteLedgerEntry) async throws {
        try StorageCoding.requireStorable(
            "write_ledger", ["key": entry.key, "target": entry.target, "external_id": entry.externalID, "payload": entry.payload])
        try await client.query(
            """
            INSERT INTO \(unescaped: t.writeLedger) (key, target, state, external_id, attempts, updated_at, payload)
            VALUES (\(entry.key), \(entry.target), \(entry.state.rawValue), \(entry.externalID), \(entry.attempts), \(entry.updatedAt),
                \(entry.payload))
            ON CONFLICT (key) DO UPDATE SET target = excluded.target, state = excluded.state,
            external_id = excluded.external_id, attempts = excluded.attempts, updated_at = excluded.updated_at,
            payload = excluded.payload
            """, logger: logger)
    }

    public func entries(in state: WriteState) async throws -> [WriteLedgerEntry] {
        try await ledgerEntries(try await client.query(
            """
            SELECT key, target, state, external_id, attempts, updated_at, payload FROM \(unescaped: t.writeLedger)
            WHERE state = \(state.rawValue) ORDER BY updated_at, key
            """, logger: logger))
    }

    private func ledgerEntries(_ rows: PostgresRowSequence) async throws -> [WriteLedgerEntry] {
        var out: [WriteLedgerEntry] = []
        for try await (key, target, stateText, externalID, attempts, updatedAt, payload)
            in rows.decode((String, String, String, String?, Int, Int64, String?).self) {
            guard let state = WriteState(rawValue: stateText) else {
                throw StoreError.corruptRow(table: "write_ledger", key: key, detail: "unknown state '\(stateText)'")
            }
            out.append(WriteLedgerEntry(
                key: key, target: target, state: state, externalID: externalID, attempts: attempts, updatedAt: updatedAt, payload: payload))
        }
        return out
    }
}

// MARK: Findings

extension PostgresStore {
    public func saveFinding(_ f: StoredFinding) async throws {
        try StorageCoding.requireStorable("finding", ["id": f.id, "entity": f.entity, "title": f.title, "body": f.body])
        try await client.query(
            """
            INSERT INTO \(unescaped: t.finding) (id, time, entity, severity, title, body, status, updated_at)
            VALUES (\(f.id), \(f.time), \(f.entity), \(f.severity.rawValue), \(f.title), \(f.body), \(f.status.rawValue), \(f.updatedAt))
            ON CONFLICT (id) DO UPDATE SET time = excluded.time, entity = excluded.entity, severity = excluded.severity,
            title = excluded.title, body = excluded.body, status = excluded.status, updated_at = excluded.updated_at
            """, logger: logger)
    }

    public func finding(id: String) async throws -> StoredFinding? {
        guard StorageCoding.isStorable(id) else { return nil }
        return try await findings(rows: try await client.query(
            "SELECT id, time, entity, severity, title, body, status, updated_at FROM \(unescaped: t.finding) WHERE id = \(id)",
            logger: logger)).first
    }

    public func findings(_ q: FindingQuery) async throws -> [StoredFinding] {
        guard StorageCoding.isStorable(q.entity) else { return [] }
        let limit = StorageCoding.clampLimit(q.limit)
        let status = q.status?.rawValue
        let severity = q.minimumSeverity?.rawValue
        return try await findings(rows: try await client.query(
            """
            SELECT id, time, entity, severity, title, body, status, updated_at FROM \(unescaped: t.finding)
            WHERE time >= \(q.from) AND time < \(q.to)
            AND (\(status)::text IS NULL OR status = \(status)::text)
            AND (\(q.entity)::text IS NULL OR entity = \(q.entity)::text)
            AND (\(severity)::bigint IS NULL OR severity >= \(severity)::bigint)
            ORDER BY time DESC, id LIMIT \(limit)
            """, logger: logger))
    }

    public func updateFindingStatus(id: String, status: FindingStatus, at time: EpochMillis) async throws -> Bool {
        guard StorageCoding.isStorable(id) else { return false }
        return try await count(client.query(
            "UPDATE \(unescaped: t.finding) SET status = \(status.rawValue), updated_at = \(time) WHERE id = \(id) RETURNING id",
            logger: logger)) == 1
    }

    private func findings(rows: PostgresRowSequence) async throws -> [StoredFinding] {
        var out: [StoredFinding] = []
        for try await (id, time, entity, severity, title, body, status, updatedAt)
            in rows.decode((String, Int64, String, Int, String, String, String, Int64).self) {
            out.append(StoredFinding(
                id: id, time: time, entity: entity, severity: try StorageCoding.severity(severity, key: id), title: title, body: body,
                status: try StorageCoding.findingStatus(status, key: id), updatedAt: updatedAt))
        }
        return out
    }

    /// Counts the rows a statement returned (used with `RETURNING` to learn how many rows it changed).
    func count(_ rows: PostgresRowSequence) async throws -> Int {
        var n = 0
        for try await _ in rows { n += 1 }
        return n
    }
}

// MARK: Model snapshots

extension PostgresStore {
    public func putSnapshot(_ snapshot: ModelSnapshot) async throws {
        try StorageCoding.requireStorable("model_snapshot", ["key": snapshot.key])
        let data = ByteBuffer(bytes: snapshot.data)
        try await client.query(
            """
            INSERT INTO \(unescaped: t.snapshot) (key, data, updated_at) VALUES (\(snapshot.key), \(data), \(snapshot.updatedAt))
            ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
            """, logger: logger)
    }

    public func snapshot(key: String) async throws -> ModelSnapshot? {
        guard StorageCoding.isStorable(key) else { return nil }
        let rows = try await client.query(
            "SELECT key, data, updated_at FROM \(unescaped: t.snapshot) WHERE key = \(key)", logger: logger)
        for try await (k, data, updatedAt) in rows.decode((String, ByteBuffer, Int64).self) {
            return ModelSnapshot(key: k, data: Array(data.readableBytesView), updatedAt: updatedAt)
        }
        return nil
    }

    public func snapshotKeys(prefix: String) async throws -> [String] {
        guard StorageCoding.isStorable(prefix) else { return [] }
        var out: [String] = []
        // left() compares the prefix literally; LIKE would treat % and _ in keys as wildcards.
        let rows = try await client.query(
            "SELECT key FROM \(unescaped: t.snapshot) WHERE left(key, length(\(prefix))) = \(prefix) ORDER BY key", logger: logger)
        for try await key in rows.decode(String.self) { out.append(key) }
        return out
    }

    public func deleteSnapshot(key: String) async throws -> Bool {
        guard StorageCoding.isStorable(key) else { return false }
        return try await count(client.query("DELETE FROM \(unescaped: t.snapshot) WHERE key = \(key) RETURNING key", logger: logger)) == 1
    }
}
