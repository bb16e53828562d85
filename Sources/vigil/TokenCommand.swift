import ArgumentParser
import Foundation
import Governance
import Logging
import SidecarConfig
import Storage
import StoragePostgres
import VigilCore

/// `vigil token`: API tokens for the sidecar's HTTP API, managed on the host that holds the configuration and the
/// store (whoever can read those is an administrator already). Every change is audited.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue, list and revoke API tokens for the sidecar's HTTP API (only their hashes are stored).",
        subcommands: [Issue.self, List.self, Revoke.self]
    )

    struct Options: ParsableArguments {
        @Option(name: .shortAndLong, help: "The sidecar's configuration file (its storage section names the store).")
        var config: String

        func withStore<T: Sendable>(_ body: @escaping @Sendable (any VigilStore) async throws -> T) async throws -> T {
            let c: SidecarConfiguration
            do {
                c = try SidecarConfigLoader.load(path: config, environment: ProcessInfo.processInfo.environment)
            } catch {
                throw ValidationError("The configuration has problems:\n\(error)")
            }
            return try await VigilStoreOpener.withStore(at: try StoreLocation(parsing: c.storage.url.reveal()), body)
        }
    }

    static var actor: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token and print it once.")
        @OptionGroup var options: Options
        @Option(help: "Who or what the token is for.")
        var name: String
        @Option(help: "viewer, analyst, engineer or admin.")
        var role: String
        @Option(help: "Lifetime in hours (default: no expiry).")
        var lifetimeHours: Int?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be one of viewer, analyst, engineer, admin") }
            let now = SystemEpochClock().now()
            let issued = try APITokens.issue(name: name, role: role, createdBy: TokenCommand.actor, now: now,
                                             lifetime: lifetimeHours.map { Int64($0) * EpochMillis.hour })
            let record = issued.record
            try await options.withStore { store in
                try await store.saveToken(record)
                _ = try await store.appendAudit([.configuration(
                    change: "API token issued", details: ["tokenID": .string(record.id), "name": .string(record.name), "role": .string(record.role.rawValue)],
                    time: now, actor: TokenCommand.actor)])
            }
            print(issued.token)
            FileHandle.standardError.write(Data("Token \(record.id) for '\(record.name)' (\(record.role.rawValue)) issued. It is shown only now; Vigil keeps its hash.\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (ids, names, roles, state; never the tokens).")
        @OptionGroup var options: Options

        func run() async throws {
            let now = SystemEpochClock().now()
            let records = try await options.withStore { try await $0.tokens() }
            for r in records {
                let state = r.isActive(at: now) ? "active" : "inactive"
                print("\(r.id)  \(r.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(state.padding(toLength: 8, withPad: " ", startingAt: 0))  \(r.name)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @OptionGroup var options: Options
        @Argument(help: "The token id (the 16 hex digits after vgl_).")
        var id: String

        func run() async throws {
            let now = SystemEpochClock().now()
            let id = self.id
            let revoked = try await options.withStore { store in
                let done = try await store.revokeToken(id: id, at: now)
                if done {
                    _ = try await store.appendAudit([.configuration(change: "API token revoked", details: ["tokenID": .string(id)],
                                                                    time: now, actor: TokenCommand.actor)])
                }
                return done
            }
            print(revoked ? "revoked \(id)" : "no active token \(id)")
            if !revoked { throw ExitCode(1) }
        }
    }
}
