import Governance
import Storage
import Testing

@Suite struct WriteLedgerPayloadTests {
    @Test(arguments: Backend.allCases)
    func payloadRoundTripsAndIsReplaced(_ backend: Backend) async throws {
        let json = #"{"task":{"key":"00ff","noteText":"Vigil: “ünïcøde” 𝄞 'quoted' \"x\"\n%_\\"},"lastError":null}"#
        try await StoreFixture.with(backend) { (ctx: StoreContext) async throws in
            let store = ctx.store
            try await store.record(WriteLedgerEntry(key: "k1", target: "offense-note", state: .pending, updatedAt: 1, payload: json))
            try await store.record(WriteLedgerEntry(key: "k2", target: "leef-event", state: .pending, updatedAt: 2))
            #expect(try await store.entry(forKey: "k1")?.payload == json)
            #expect(try await store.entry(forKey: "k2")?.payload == nil)
            #expect(try await store.entries(in: .pending).map(\.payload) == [json, nil])

            // An update replaces the payload (also with nil), like every other column.
            try await store.record(WriteLedgerEntry(key: "k1", target: "offense-note", state: .done, externalID: "7", attempts: 1,
                                                    updatedAt: 3, payload: "{}"))
            try await store.record(WriteLedgerEntry(key: "k2", target: "leef-event", state: .failed, attempts: 2, updatedAt: 4, payload: nil))
            #expect(try await store.entry(forKey: "k1") == WriteLedgerEntry(
                key: "k1", target: "offense-note", state: .done, externalID: "7", attempts: 1, updatedAt: 3, payload: "{}"))
            #expect(try await store.entries(in: .failed).map(\.payload) == [nil])

            // A restart reads the same payloads.
            let again = try await ctx.reopen()
            #expect(try await again.entry(forKey: "k1")?.payload == "{}")
        }
    }

    @Test(arguments: Backend.allCases)
    func payloadWithNULIsRefused(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { (ctx: StoreContext) async throws in
            await #expect(throws: StoreError.invalidText(table: "write_ledger", field: "payload")) {
                try await ctx.store.record(WriteLedgerEntry(key: "k", target: "t", state: .pending, updatedAt: 1, payload: "a\u{0}b"))
            }
            #expect(try await ctx.store.entry(forKey: "k") == nil)
        }
    }

    /// A ledger written before the payload column existed keeps its entries (without a payload) once migrated.
    @Test(arguments: [Backend.sqliteFile, .postgres])
    func migrationAddsThePayloadColumnToAnExistingLedger(_ backend: Backend) async throws {
        try await StoreFixture.with(backend) { (ctx: StoreContext) async throws in
            try await ctx.store.record(WriteLedgerEntry(key: "old", target: "offense-note", state: .done, externalID: "3", attempts: 1,
                                                        updatedAt: 5, payload: "dropped with the column"))
            // Take the store back to the schema before the migration, as an older Vigil left it.
            try await ctx.raw("ALTER TABLE \(ctx.table("write_ledger")) DROP COLUMN payload")
            switch backend {
            case .postgres: try await ctx.raw("DELETE FROM \(ctx.table("schema_migration")) WHERE version = 3")
            default: try await ctx.raw("DELETE FROM grdb_migrations WHERE identifier = 'v3-ledger-payload'")
            }

            let migrated = try await ctx.reopen()
            #expect(try await migrated.entry(forKey: "old") == WriteLedgerEntry(
                key: "old", target: "offense-note", state: .done, externalID: "3", attempts: 1, updatedAt: 5, payload: nil))
            try await migrated.record(WriteLedgerEntry(key: "new", target: "leef-event", state: .pending, updatedAt: 6, payload: "[1]"))
            #expect(try await migrated.entry(forKey: "new")?.payload == "[1]")
        }
    }
}
