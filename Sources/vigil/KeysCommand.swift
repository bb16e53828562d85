import ArgumentParser
import Foundation
import Governance
import SidecarConfig
import Storage
import StoragePostgres
import VigilCore

/// `vigil keys`: rotation of the pseudonymisation and vault keys (see docs/SIDECAR.md, "Key rotation"). Runs on the
/// host that holds the configuration and the store, as an administrator; every step is audited.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Rotate the pseudonymisation and re-identification vault keys.",
        discussion: """
            Rotation: add the new key version to privacy.keys (or vault_keys) and make it current in the configuration, \
            stop the sidecar, run 'vigil keys rekey', start the sidecar. New events get pseudonyms under the new key; \
            the vault gains entries for them, so findings made under either key stay re-identifiable; baselines are \
            rebuilt from QRadar's history at start (analytics.warmup). Once nothing made with the old key needs \
            re-identifying any more, 'vigil keys retire --version N' deletes its vault entries.
            """,
        subcommands: [Rekey.self, Retire.self]
    )

    struct Options: ParsableArguments {
        @Option(name: .shortAndLong, help: "The sidecar's configuration file (its privacy section names the keys, its storage section the store).")
        var config: String

        func load() throws -> SidecarConfiguration {
            do {
                return try SidecarConfigLoader.load(path: config, environment: ProcessInfo.processInfo.environment)
            } catch {
                throw ValidationError("The configuration has problems:\n\(error)")
            }
        }
    }

    struct Rekey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write vault entries for every value under the current pseudonymisation key and re-seal entries under the current vault key.")
        @OptionGroup var options: Options

        func run() async throws {
            let c = try options.load()
            guard let cipher = try c.privacy.makeMappingCipher() else { throw ValidationError("No vault key is configured (privacy.vault_key_file).") }
            let pseudonymizer = Pseudonymizer(keyRing: try c.privacy.makeKeyRing())
            let report = try await VigilStoreOpener.withStore(at: try StoreLocation(parsing: c.storage.url.reveal())) { store in
                let vault = ReidentificationVault(store: store, audit: store, cipher: cipher, clock: SystemEpochClock())
                return try await vault.rekey(with: pseudonymizer, actor: TokenCommand.actor, role: .admin)
            }
            print("examined \(report.examined) entries: \(report.newPseudonyms) new pseudonyms under key \(c.privacy.currentPseudonymKeyVersion), \(report.reencrypted) re-sealed under vault key \(c.privacy.currentVaultKeyVersion)")
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the vault entries of a retired pseudonymisation key version.")
        @OptionGroup var options: Options
        @Option(help: "The retired pseudonymisation key version.")
        var version: Int

        func run() async throws {
            let c = try options.load()
            guard version != c.privacy.currentPseudonymKeyVersion else { throw ValidationError("Version \(version) is the current key.") }
            guard let cipher = try c.privacy.makeMappingCipher() else { throw ValidationError("No vault key is configured (privacy.vault_key_file).") }
            let v = version
            let removed = try await VigilStoreOpener.withStore(at: try StoreLocation(parsing: c.storage.url.reveal())) { store in
                let vault = ReidentificationVault(store: store, audit: store, cipher: cipher, clock: SystemEpochClock())
                return try await vault.retirePseudonymKey(version: v, actor: TokenCommand.actor, role: .admin)
            }
            print("removed \(removed) vault entries made with key version \(version)")
        }
    }
}
