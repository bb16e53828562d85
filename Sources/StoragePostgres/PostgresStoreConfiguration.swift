import PostgresNIO
import Storage

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the PostgreSQL store is: a client configuration and the schema that holds Vigil's tables.
public struct PostgresStoreConfiguration: Sendable {
    public var client: PostgresClient.Configuration
    /// The schema Vigil's tables live in (created by the migration when missing).
    public var schema: String

    public init(client: PostgresClient.Configuration, schema: String = PostgresStore.defaultSchema) {
        self.client = client
        self.schema = schema
    }

    /// Parses `postgres://user[:password]@host[:port]/database[?schema=…&sslmode=…&host=/socket/dir]`.
    ///
    /// `sslmode`: `disable`; `prefer` (the default: TLS when the server offers it); `require` (TLS with certificate
    /// and host name verification, i.e. libpq's verify-full — `verify-ca` and `verify-full` are accepted as
    /// synonyms). A `host` query parameter that is a directory connects through that Unix socket directory.
    /// The user defaults to `postgres`, the port to 5432, the database to the user's.
    public init(url: String, schema: String? = nil) throws {
        guard let c = URLComponents(string: url), let scheme = c.scheme, scheme == "postgres" || scheme == "postgresql" else {
            throw StoreError.invalidConfiguration("not a postgres:// URL")
        }
        var query: [String: String] = [:]
        for item in c.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let user = c.user?.removingPercentEncoding ?? c.user ?? "postgres"
        let password = c.password?.removingPercentEncoding ?? c.password
        var database = c.path
        while database.hasPrefix("/") { database.removeFirst() }
        database = database.removingPercentEncoding ?? database
        let port = c.port ?? 5432
        guard (1...65535).contains(port) else { throw StoreError.invalidConfiguration("invalid port \(port)") }

        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let other: throw StoreError.invalidConfiguration("unsupported sslmode '\(other)'")
        }

        var config: PostgresClient.Configuration
        if let socketDir = query["host"], socketDir.hasPrefix("/") {
            config = PostgresClient.Configuration(unixSocketPath: "\(socketDir)/.s.PGSQL.\(port)", username: user, password: password,
                                                  database: database.isEmpty ? nil : database)
        } else {
            guard let host = c.host, !host.isEmpty else { throw StoreError.invalidConfiguration("the postgres URL names no host") }
            let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            config = PostgresClient.Configuration(host: bareHost, port: port, username: user, password: password,
                                                  database: database.isEmpty ? nil : database, tls: tls)
        }
        config.options.connectTimeout = .seconds(5)
        let chosenSchema = schema ?? query["schema"] ?? PostgresStore.defaultSchema
        try PostgresStore.validateSchemaName(chosenSchema)
        self.init(client: config, schema: chosenSchema)
    }
}
