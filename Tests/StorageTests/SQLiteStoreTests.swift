import Foundation
import Testing
@testable import Storage

/// SQLite-only behaviour; everything shared with PostgreSQL is in StoreBehaviourTests.
@Suite struct SQLiteStoreTests {
    @Test func ledgerSurvivesReopen() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("vigil.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            try await store.record(WriteLedgerEntry(key: "note:f1:42", target: "offense-note", state: .pending, updatedAt: 1))
            try await store.record(WriteLedgerEntry(key: "note:f2:42", target: "offense-note", state: .done, externalID: "7", attempts: 1, updatedAt: 2))
        }
        let reopened = try SQLiteStore(path: path)
        let pending = try await reopened.entries(in: .pending)
        #expect(pending.map(\.key) == ["note:f1:42"])
        let done = try #require(try await reopened.entry(forKey: "note:f2:42"))
        #expect(done.externalID == "7")
        #expect(done.state == .done)
    }

    @Test func fileStoreUsesWAL() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("v.sqlite").path)
        let mode = try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func unreadableRowsAreErrorsNotCrashes() async throws {
        let store = try SQLiteStore(path: nil)
        try await store.record(WriteLedgerEntry(key: "k", target: "t", state: .done, updatedAt: 1))
        try await store.rawExecute("UPDATE write_ledger SET state = 'exploded' WHERE key = 'k'")
        await #expect(throws: StoreError.self) { try await store.entry(forKey: "k") }
        // A text where a number belongs (SQLite's typing allows it) is an error too, not a trap.
        try await store.rawExecute("DROP TRIGGER audit_record_no_update")
        _ = try await store.appendAudit([AuditDraftFactory.draft(1)])
        try await store.rawExecute("UPDATE audit_record SET time = 'soon' WHERE sequence = 1")
        await #expect(throws: (any Error).self) { try await store.auditHead() }
    }

    @Test func storeLocationParsing() throws {
        #expect(try StoreLocation(parsing: "postgres://u@h/db") == .postgres(url: "postgres://u@h/db"))
        #expect(try StoreLocation(parsing: "postgresql://h") == .postgres(url: "postgresql://h"))
        #expect(try StoreLocation(parsing: " /var/lib/vigil.sqlite ") == .sqlite(path: "/var/lib/vigil.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:///var/lib/v.db") == .sqlite(path: "/var/lib/v.db"))
        #expect(try StoreLocation(parsing: "sqlite:rel.db") == .sqlite(path: "rel.db"))
        #expect(try StoreLocation(parsing: ":memory:") == .sqlite(path: nil))
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "mysql://h/db") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "  ") }
    }
}
