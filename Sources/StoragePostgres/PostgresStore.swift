import Governance
import Logging
import PostgresNIO
import Storage
import VigilCore

/// Vigil's store on PostgreSQL, for deployments that outgrow one SQLite file or run several replicas.
///
/// It implements the same protocols as `SQLiteStore` (``VigilStore``) and passes the same behaviour tests. All
/// values go to the server as bind parameters through PostgresNIO's string interpolation; the only text spliced
/// into SQL is the schema name, which is checked against `[a-z_][a-z0-9_]*` before any statement is built.
///
/// The `PostgresClient` must be running (`run()` in a task group or a `ServiceGroup`) before the store is used;
/// ``withStore(configuration:logger:_:)`` does that for short-lived uses such as the CLI and tests.
public final class PostgresStore: VigilStore, Sendable {
    public static let defaultSchema = "vigil"

    public let client: PostgresClient
    public let schema: String
    let logger: Logger
    let t: Tables

    /// A store over a (running) client, in `schema`. Call ``migrate()`` once before use.
    public init(client: PostgresClient, schema: String = PostgresStore.defaultSchema,
                logger: Logger = Logger(label: "vigil.storage.postgres")) throws {
        try Self.validateSchemaName(schema)
        self.client = client
        self.schema = schema
        self.logger = logger
        self.t = Tables(schema: schema)
    }

    /// Accepts only plain lower-case identifiers, so the schema name can be spliced into SQL safely.
    public static func validateSchemaName(_ name: String) throws {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63,
              (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) || first == UInt8(ascii: "_"),
              bytes.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") }),
              !name.hasPrefix("pg_")
        else {
            throw StoreError.invalidConfiguration("schema name must match [a-z_][a-z0-9_]{0,62} and not start with pg_: '\(name.prefix(80))'")
        }
    }

    /// Starts a client, runs it, migrates the store, gives it to `body`, and shuts the client down afterwards.
    public static func withStore<T: Sendable>(configuration: PostgresStoreConfiguration,
                                              logger: Logger = Logger(label: "vigil.storage.postgres"),
                                              _ body: (PostgresStore) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = try PostgresStore(client: client, schema: configuration.schema, logger: logger)
            try await store.migrate()
            return try await body(store)
        }
    }

    /// Runs `body` in a transaction and rethrows the error from inside it as is (PostgresNIO wraps it).
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { conn in try await body(conn) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError { throw inner }
            throw error
        }
    }

    /// Drops the schema and everything in it. For tests only.
    package func dropSchema() async throws {
        try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(t.schema) CASCADE"), logger: logger)
    }
}

/// Qualified table names, built once from the validated schema name.
struct Tables: Sendable {
    let schema: String
    let migrations, checkpoint, writeLedger, audit, anchor, finding, approval, token, mapping, feedback, snapshot: String

    init(schema: String) {
        // The name is validated; quoting it as well keeps it exact even if it matches a keyword.
        let s = "\"\(schema)\""
        self.schema = s
        migrations = "\(s).schema_migration"
        checkpoint = "\(s).checkpoint"
        writeLedger = "\(s).write_ledger"
        audit = "\(s).audit_record"
        anchor = "\(s).audit_anchor"
        finding = "\(s).finding"
        approval = "\(s).approval"
        token = "\(s).api_token"
        mapping = "\(s).reid_mapping"
        feedback = "\(s).feedback"
        snapshot = "\(s).model_snapshot"
    }
}

extension PostgresStore {
    /// Runs SQL text as is, outside any check. For tests that must act like someone with direct database access
    /// (tampering with the audit log); `package` keeps it out of the public API.
    package func rawExecute(_ sql: String) async throws {
        try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// The qualified name of one of the store's tables, for ``rawExecute(_:)``.
    package func qualifiedTable(_ name: String) -> String { "\(t.schema).\(name)" }
}
