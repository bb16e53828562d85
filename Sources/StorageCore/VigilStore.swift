import Governance

/// Everything the sidecar keeps, as one store. ``SQLiteStore`` and `PostgresStore` implement all of it, and one
/// behaviour test suite runs against both.
public typealias VigilStore = CheckpointStore & WriteLedger & AuditLogStore & FindingStore & ApprovalStore & APITokenStore
    & ReidentificationMappingStore & FeedbackStore & ModelSnapshotStore

/// A storage failure that is not the database driver's own error.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stored row could not be read back (an unknown enum value, malformed JSON).
    case corruptRow(table: String, key: String, detail: String)
    /// An insert hit an existing key where a new one was required.
    case duplicateKey(table: String, key: String)
    /// The store location or configuration is not usable.
    case invalidConfiguration(String)
    /// Text with a NUL character, which neither backend can store exactly.
    case invalidText(table: String, field: String)

    public var description: String {
        switch self {
        case .corruptRow(let table, let key, let detail): return "unreadable row in \(table) (\(key.prefix(80))): \(detail)"
        case .duplicateKey(let table, let key): return "\(table) already has '\(key.prefix(80))'"
        case .invalidConfiguration(let why): return why
        case .invalidText(let table, let field): return "\(table).\(field) holds a NUL character, which cannot be stored"
        }
    }
}

/// Where a store is, as the CLI's `--store` option names it.
public enum StoreLocation: Sendable, Hashable {
    /// A SQLite file, or memory when `nil`.
    case sqlite(path: String?)
    /// A PostgreSQL URL (`postgres://user[:password]@host[:port]/database[?schema=…&sslmode=…]`).
    case postgres(url: String)

    /// Parses `postgres://…` / `postgresql://…`, `sqlite:PATH`, `sqlite::memory:`, `:memory:`, or a plain path
    /// (taken as a SQLite file).
    public init(parsing text: String) throws {
        let t = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        guard !t.isEmpty else { throw StoreError.invalidConfiguration("the store location is empty") }
        if t.hasPrefix("postgres://") || t.hasPrefix("postgresql://") {
            self = .postgres(url: t)
        } else if t == ":memory:" || t == "sqlite::memory:" {
            self = .sqlite(path: nil)
        } else if t.hasPrefix("sqlite://") {
            self = .sqlite(path: String(t.dropFirst("sqlite://".count)))
        } else if t.hasPrefix("sqlite:") {
            self = .sqlite(path: String(t.dropFirst("sqlite:".count)))
        } else if t.contains("://") {
            throw StoreError.invalidConfiguration("unsupported store URL scheme in '\(t.prefix(40))…'; use postgres:// or a SQLite path")
        } else {
            self = .sqlite(path: t)
        }
    }
}
