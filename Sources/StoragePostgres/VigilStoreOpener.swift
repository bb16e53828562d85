import Logging
import PostgresNIO
import Storage

/// Opens whichever store a `--store` location names, for the CLI (`vigil audit verify --store …`) and other
/// short-lived uses. A long-running service should instead put the `PostgresClient` into its `ServiceGroup` and
/// build a ``PostgresStore`` over it.
public enum VigilStoreOpener {
    /// Opens (and migrates) the store at `location`, runs `body` with it, and closes it.
    public static func withStore<T: Sendable>(at location: StoreLocation, logger: Logger = Logger(label: "vigil.storage"),
                                              _ body: (any VigilStore) async throws -> T) async throws -> T {
        switch location {
        case .sqlite(let path):
            return try await body(try SQLiteStore(path: path))
        case .postgres(let url):
            let configuration = try PostgresStoreConfiguration(url: url)
            return try await PostgresStore.withStore(configuration: configuration, logger: logger) { store in try await body(store) }
        }
    }

    /// Parses `text` as a ``StoreLocation`` and opens it.
    public static func withStore<T: Sendable>(at text: String, logger: Logger = Logger(label: "vigil.storage"),
                                              _ body: (any VigilStore) async throws -> T) async throws -> T {
        try await withStore(at: try StoreLocation(parsing: text), logger: logger, body)
    }
}
