import Logging
import PostgresNIO
import Storage
import VigilCore

extension PostgresStore {
    /// One schema change; never edit a migration once released, add a new one.
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: @Sendable (Tables) -> [String]
    }

    static let migrations: [Migration] = [
        Migration(version: 1, name: "checkpoints-ledger") { t in
            [
                """
                CREATE TABLE \(t.checkpoint) (source TEXT COLLATE "C" PRIMARY KEY, watermark BIGINT NOT NULL, seen_ids TEXT NOT NULL,
                    updated_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE \(t.writeLedger) (key TEXT COLLATE "C" PRIMARY KEY, target TEXT NOT NULL, state TEXT NOT NULL,
                    external_id TEXT, attempts BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX write_ledger_state ON \(t.writeLedger) (state)",
            ]
        },
        Migration(version: 2, name: "governance") { t in
            [
                """
                CREATE TABLE \(t.audit) (sequence BIGINT PRIMARY KEY, time BIGINT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,
                    subject TEXT NOT NULL, payload TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)
                """,
                "CREATE INDEX audit_record_time ON \(t.audit) (time)",
                // Append-only at the database level too; the hash chain catches whoever drops the triggers.
                """
                CREATE FUNCTION \(t.schema).audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_record_no_change BEFORE UPDATE OR DELETE ON \(t.audit)
                    FOR EACH ROW EXECUTE FUNCTION \(t.schema).audit_append_only()
                """,
                """
                CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON \(t.audit)
                    FOR EACH STATEMENT EXECUTE FUNCTION \(t.schema).audit_append_only()
                """,
                "CREATE TABLE \(t.anchor) (sequence BIGINT PRIMARY KEY, hash TEXT NOT NULL, time BIGINT NOT NULL, seal TEXT)",
                """
                CREATE TABLE \(t.finding) (id TEXT COLLATE "C" PRIMARY KEY, time BIGINT NOT NULL, entity TEXT COLLATE "C" NOT NULL,
                    severity BIGINT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX finding_time ON \(t.finding) (time)",
                "CREATE INDEX finding_entity ON \(t.finding) (entity, time)",
                "CREATE INDEX finding_status ON \(t.finding) (status, time)",
                """
                CREATE TABLE \(t.approval) (id TEXT COLLATE "C" PRIMARY KEY, status TEXT NOT NULL, created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL, body TEXT NOT NULL)
                """,
                "CREATE INDEX approval_status ON \(t.approval) (status, created_at)",
                """
                CREATE TABLE \(t.token) (id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL, created_by TEXT NOT NULL, expires_at BIGINT, revoked_at BIGINT)
                """,
                """
                CREATE TABLE \(t.mapping) (pseudonym TEXT COLLATE "C" PRIMARY KEY, pseudonym_key_version BIGINT NOT NULL,
                    mapping_key_version BIGINT NOT NULL, sealed BYTEA NOT NULL, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX reid_mapping_key ON \(t.mapping) (pseudonym_key_version)",
                """
                CREATE TABLE \(t.feedback) (id TEXT COLLATE "C" PRIMARY KEY, time BIGINT NOT NULL, finding_id TEXT COLLATE "C",
                    offense_id BIGINT, body TEXT NOT NULL)
                """,
                "CREATE INDEX feedback_time ON \(t.feedback) (time)",
                "CREATE INDEX feedback_finding ON \(t.feedback) (finding_id, time)",
                "CREATE TABLE \(t.snapshot) (key TEXT COLLATE \"C\" PRIMARY KEY, data BYTEA NOT NULL, updated_at BIGINT NOT NULL)",
            ]
        },
        Migration(version: 3, name: "ledger-payload") { t in
            ["ALTER TABLE \(t.writeLedger) ADD COLUMN payload TEXT"]
        },
    ]

    /// Creates the schema when missing and applies the migrations not yet applied, all in one transaction under an
    /// advisory lock, so replicas starting together migrate once.
    public func migrate() async throws {
        let lockKey = Int64(bitPattern: Self.fnv1a("vigil.migrate." + schema))
        try await transaction { conn in
            try await conn.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await conn.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(t.schema)"), logger: logger)
            try await conn.query(PostgresQuery(unsafeSQL: """
                CREATE TABLE IF NOT EXISTS \(t.migrations) (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """), logger: logger)
            var applied = Set<Int>()
            for try await version in try await conn.query("SELECT version FROM \(unescaped: t.migrations)", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            for m in Self.migrations where !applied.contains(m.version) {
                for statement in m.statements(t) {
                    try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let now = SystemEpochClock().now()
                try await conn.query(
                    "INSERT INTO \(unescaped: t.migrations) (version, name, applied_at) VALUES (\(m.version), \(m.name), \(now))",
                    logger: logger)
            }
        }
    }

    /// The migration versions applied, ascending.
    public func appliedMigrations() async throws -> [Int] {
        var out: [Int] = []
        for try await v in try await client.query("SELECT version FROM \(unescaped: t.migrations) ORDER BY version", logger: logger).decode(Int.self) {
            out.append(v)
        }
        return out
    }

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h ^= UInt64(b); h &*= 0x0000_0100_0000_01B3 }
        return h
    }
}
