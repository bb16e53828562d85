#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB

/// A key of the persisted object store.
struct ObjectKey: Hashable, Sendable {
    var kind: String
    var key: String
}

/// Changes waiting to be written in one transaction.
struct PersistBatch: Sendable {
    /// Objects to write (`nil` body: delete).
    var objects: [(key: ObjectKey, body: Data?)] = []
    var events: [ArielRecord] = []
    var flows: [ArielRecord] = []

    var isEmpty: Bool { objects.isEmpty && events.isEmpty && flows.isEmpty }
}

/// The engine's SQLite file: a keyed object store for registries and offenses, and one row table per Ariel
/// database. Writes go through prepared statements with bound parameters, one transaction per batch.
final class EngineDatabase: Sendable {
    let queue: DatabaseQueue

    /// Opens `<directory>/qradar-emulator.sqlite`, creating the directory and running migrations.
    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL + NORMAL: a commit per syslog line stays cheap, and a crash loses at most the last commits.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let path = directory.hasSuffix("/") ? directory + "qradar-emulator.sqlite" : directory + "/qradar-emulator.sqlite"
        queue = try DatabaseQueue(path: path, configuration: config)
        try Self.migrator.migrate(queue)
    }

    static func columns(_ schema: ArielSchema) -> [String] {
        (0..<schema.longCount).map { "l\($0)" } + (0..<schema.textCount).map { "t\($0)" }
            + (0..<schema.bytesCount).map { "b\($0)" } + ["props", "rules", "offenses"]
    }

    private static func createTable(_ name: String, _ schema: ArielSchema) -> String {
        var defs = ["seq INTEGER PRIMARY KEY AUTOINCREMENT"]
        defs += (0..<schema.longCount).map { "l\($0) INTEGER" }
        defs += (0..<schema.textCount).map { "t\($0) TEXT" }
        defs += (0..<schema.bytesCount).map { "b\($0) TEXT" }
        defs += ["props TEXT", "rules TEXT", "offenses TEXT"]
        return "CREATE TABLE \(name) (\(defs.joined(separator: ", ")))"
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: "CREATE TABLE objects (kind TEXT NOT NULL, key TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID")
            try db.execute(sql: createTable("events", .events))
            try db.execute(sql: "CREATE INDEX events_time ON events (l0)")
            try db.execute(sql: createTable("flows", .flows))
            try db.execute(sql: "CREATE INDEX flows_time ON flows (l0)")
        }
        return m
    }

    /// Writes a batch in one transaction.
    func write(_ batch: PersistBatch) throws {
        guard !batch.isEmpty else { return }
        try queue.inTransaction { db in
            if !batch.objects.isEmpty {
                let upsert = try db.makeStatement(sql: "INSERT OR REPLACE INTO objects (kind, key, body) VALUES (?, ?, ?)")
                let delete = try db.makeStatement(sql: "DELETE FROM objects WHERE kind = ? AND key = ?")
                for (key, body) in batch.objects {
                    if let body {
                        try upsert.execute(arguments: [key.kind, key.key, body])
                    } else {
                        try delete.execute(arguments: [key.kind, key.key])
                    }
                }
            }
            try Self.insert(batch.events, into: "events", schema: .events, db)
            try Self.insert(batch.flows, into: "flows", schema: .flows, db)
            return .commit
        }
    }

    private static func insert(_ records: [ArielRecord], into table: String, schema: ArielSchema, _ db: Database) throws {
        guard !records.isEmpty else { return }
        let cols = columns(schema)
        let sql = "INSERT INTO \(table) (\(cols.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: cols.count).joined(separator: ", ")))"
        let statement = try db.makeStatement(sql: sql)
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(cols.count)
        for r in records {
            values.removeAll(keepingCapacity: true)
            for v in r.longs { values.append(v == ArielTable.nullLong ? nil : v) }
            for v in r.texts { values.append(v) }
            for v in r.bytes { values.append(v) }
            values.append(r.properties.isEmpty ? nil : encodeProperties(r.properties))
            values.append(r.rules.isEmpty ? nil : r.rules.map(String.init).joined(separator: ","))
            values.append(r.offenses.isEmpty ? nil : r.offenses.map(String.init).joined(separator: ","))
            statement.setUncheckedArguments(StatementArguments(values))
            try statement.execute()
        }
    }

    static func encodeProperties(_ props: [(name: String, value: String)]) -> String {
        var out = "["
        for (k, p) in props.enumerated() {
            if k > 0 { out += "," }
            out += "["
            JSONText.writeString(p.name, into: &out)
            out += ","
            JSONText.writeString(p.value, into: &out)
            out += "]"
        }
        return out + "]"
    }

    static func decodeProperties(_ text: String) -> [(name: String, value: String)] {
        guard let list = (try? JSONText.parse(text))?.arrayValue else { return [] }
        return list.compactMap { pair in
            guard let a = pair.arrayValue, a.count == 2, let n = a[0].stringValue, let v = a[1].stringValue else { return nil }
            return (n, v)
        }
    }

    /// Every stored object of a kind.
    func objects(kind: String) throws -> [(key: String, body: Data)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT key, body FROM objects WHERE kind = ?", arguments: [kind]).map { row in
                (row[0] as String, row[1] as Data)
            }
        }
    }

    /// Streams the stored rows of an Ariel table in start-time order.
    func forEachRecord(table: String, schema: ArielSchema, _ body: (ArielRecord) throws -> Void) throws {
        let cols = Self.columns(schema)
        try queue.read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(cols.joined(separator: ", ")) FROM \(table) ORDER BY l0, seq")
            while let row = try cursor.next() {
                var r = ArielRecord(schema: schema)
                var c = 0
                for i in 0..<schema.longCount { r.longs[i] = (row[c] as Int64?) ?? ArielTable.nullLong; c += 1 }
                for i in 0..<schema.textCount { r.texts[i] = row[c] as String?; c += 1 }
                for i in 0..<schema.bytesCount { r.bytes[i] = row[c] as String?; c += 1 }
                if let p = row[c] as String? { r.properties = Self.decodeProperties(p) }
                c += 1
                if let s = row[c] as String? { r.rules = s.split(separator: ",").compactMap { Int64($0) } }
                c += 1
                if let s = row[c] as String? { r.offenses = s.split(separator: ",").compactMap { Int64($0) } }
                try body(r)
            }
        }
    }
}
