import Foundation
import Testing
@testable import Storage

@Suite struct SQLiteStoreTests {
    @Test func checkpointRoundTripAndOverwrite() async throws {
        let store = try SQLiteStore(path: nil)
        #expect(try await store.checkpoint(for: "ariel:auth") == nil)
        try await store.save(Checkpoint(source: "ariel:auth", watermark: 1000, seenIDs: ["a", "b"], updatedAt: 5))
        try await store.save(Checkpoint(source: "ariel:auth", watermark: 2000, seenIDs: ["c"], updatedAt: 6))
        let cp = try #require(try await store.checkpoint(for: "ariel:auth"))
        #expect(cp.watermark == 2000)
        #expect(cp.seenIDs == ["c"])
        #expect(cp.updatedAt == 6)
    }

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

    @Test func keysWithQuotesAreStoredVerbatim() async throws {
        // Keys come from data; bind parameters keep them from being read as SQL.
        let store = try SQLiteStore(path: nil)
        let key = "x'); DROP TABLE write_ledger; --"
        try await store.record(WriteLedgerEntry(key: key, target: "t", state: .done, updatedAt: 1))
        #expect(try await store.entry(forKey: key)?.key == key)
    }
}
