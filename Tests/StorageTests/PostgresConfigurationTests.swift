import Foundation
import Governance
import Storage
import StoragePostgres
import Testing

/// PostgreSQL configuration checks that need no server.
@Suite struct PostgresConfigurationTests {
    @Test func urlIsParsed() throws {
        let c = try PostgresStoreConfiguration(url: "postgres://vigil:s%40cret@db.example.com:6543/vigil_prod?schema=tenant_a&sslmode=require")
        #expect(c.schema == "tenant_a")
        #expect(c.client.host == "db.example.com")
        #expect(c.client.port == 6543)
        #expect(c.client.username == "vigil")
        #expect(c.client.password == "s@cret")
        #expect(c.client.database == "vigil_prod")

        let d = try PostgresStoreConfiguration(url: "postgresql://127.0.0.1/x")
        #expect(d.schema == PostgresStore.defaultSchema)
        #expect(d.client.port == 5432)
        #expect(d.client.username == "postgres")
        #expect(d.client.password == nil)

        let s = try PostgresStoreConfiguration(url: "postgres://u@/db?host=/var/run/postgresql", schema: "other")
        #expect(s.client.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5432")
        #expect(s.schema == "other")
    }

    @Test func badURLsAreRefused() {
        for bad in ["mysql://h/db", "postgres:///db", "postgres://h/db?sslmode=sometimes", "postgres://h/db?schema=Robert;DROP", "not a url"] {
            #expect(throws: (any Error).self, "\(bad)") { try PostgresStoreConfiguration(url: bad) }
        }
    }

    @Test func onlyPlainSchemaNamesAreAccepted() throws {
        for good in ["vigil", "_x", "tenant_42", String(repeating: "a", count: 63)] { try PostgresStore.validateSchemaName(good) }
        for bad in ["", "Vigil", "1abc", "a-b", "a\"b", "a;drop", "pg_catalog", String(repeating: "a", count: 64), "sch ema"] {
            #expect(throws: StoreError.self, "\(bad)") { try PostgresStore.validateSchemaName(bad) }
        }
    }
}

@Suite struct StoreOpenerTests {
    @Test func opensSQLiteAndPostgresFromTheCLIText() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v.sqlite").path
        let sequence = try await VigilStoreOpener.withStore(at: path) { store in
            try await store.appendAudit(AuditDraft(time: 1, kind: .configuration, actor: "root", subject: "x", payload: [:])).sequence
        }
        #expect(sequence == 1)
        let verification = try await VigilStoreOpener.withStore(at: "sqlite:\(path)") { store in try await AuditTools.verify(store: store) }
        #expect(verification.ok && verification.checked == 1)

        guard let url = StoreFixture.postgresURL else { return }  // covered (or failed in CI) by StoreBehaviourTests
        let schema = "vigil_o_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let pgURL = url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
        let pgSequence = try await VigilStoreOpener.withStore(at: pgURL) { store in
            let r = try await store.appendAudit(AuditDraft(time: 1, kind: .configuration, actor: "root", subject: "x", payload: [:]))
            try await (store as? PostgresStore)?.dropSchema()
            return r.sequence
        }
        #expect(pgSequence == 1)
    }
}
