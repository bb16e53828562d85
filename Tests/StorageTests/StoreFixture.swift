import Foundation
import Governance
import Storage
import StoragePostgres
import Testing

/// The storage backends every behaviour test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqliteMemory
    case sqliteFile
    case postgres

    var testDescription: String { rawValue }
}

/// A store under test, with the hooks some tests need.
struct StoreContext: Sendable {
    let backend: Backend
    let store: any VigilStore
    /// The name to use for a table in ``raw``.
    let table: @Sendable (String) -> String
    /// Executes SQL directly, as someone with database access could.
    let raw: @Sendable (String) async throws -> Void
    /// Opens the same data again through a new store object (a restart).
    let reopen: @Sendable () async throws -> any VigilStore
}

enum StoreFixtureError: Error, CustomStringConvertible {
    case postgresMissingInCI
    var description: String {
        "CI=true but VIGIL_TEST_POSTGRES_URL is not set: the PostgreSQL backend must be tested in CI (eval \"$(bash .ci/postgres.sh)\")"
    }
}

enum StoreFixture {
    static var postgresURL: String? {
        let v = ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"]
        return v?.isEmpty == false ? v : nil
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Runs `body` against a fresh, isolated store of `backend`: an in-memory database, a file in its own temporary
    /// directory, or a PostgreSQL schema of its own (dropped afterwards), so tests run in parallel.
    ///
    /// Without `VIGIL_TEST_POSTGRES_URL` the PostgreSQL case is cancelled (reported as skipped) — unless `CI` is
    /// `true`, where it fails.
    static func with(_ backend: Backend, _ body: (StoreContext) async throws -> Void) async throws {
        switch backend {
        case .sqliteMemory:
            let store = try SQLiteStore(path: nil)
            try await body(StoreContext(backend: backend, store: store, table: { $0 }, raw: { try await store.rawExecute($0) },
                                        reopen: { store }))
        case .sqliteFile:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("vigil.sqlite").path
            let store = try SQLiteStore(path: path)
            try await body(StoreContext(backend: backend, store: store, table: { $0 }, raw: { try await store.rawExecute($0) },
                                        reopen: { try SQLiteStore(path: path) }))
        case .postgres:
            guard let url = postgresURL else {
                if isCI { throw StoreFixtureError.postgresMissingInCI }
                // A warning makes the skip visible in the output (a cancelled case is otherwise reported quietly).
                Issue.record("PostgreSQL case skipped: VIGIL_TEST_POSTGRES_URL is not set (eval \"$(bash .ci/postgres.sh)\")", severity: .warning)
                try Test.cancel("VIGIL_TEST_POSTGRES_URL is not set")
            }
            let schema = "vigil_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let config = try PostgresStoreConfiguration(url: url, schema: String(schema))
            try await PostgresStore.withStore(configuration: config) { store in
                let client = store.client
                let context = StoreContext(
                    backend: backend, store: store, table: { store.qualifiedTable($0) }, raw: { try await store.rawExecute($0) },
                    reopen: {
                        let again = try PostgresStore(client: client, schema: String(schema))
                        try await again.migrate()
                        return again
                    })
                do {
                    try await body(context)
                } catch {
                    try? await store.dropSchema()
                    throw error
                }
                try await store.dropSchema()
            }
        }
    }
}

@Suite struct BackendAvailabilityTests {
    @Test func postgresIsConfiguredWhenRunningInCI() {
        if StoreFixture.isCI {
            #expect(StoreFixture.postgresURL != nil, "CI=true requires VIGIL_TEST_POSTGRES_URL (eval \"$(bash .ci/postgres.sh)\")")
        }
    }
}
