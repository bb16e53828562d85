import ArgumentParser
import Governance
import Storage
import StoragePostgres

import Foundation

/// `vigil audit`: verify and export Vigil's hash-chained audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify and export Vigil's append-only, hash-chained audit log: what Vigil saw, concluded and wrote, and who approved what.",
        subcommands: [Verify.self, Export.self]
    )

    /// Options shared by both subcommands.
    struct StoreOptions: ParsableArguments {
        @Option(help: "The store holding the audit log: a SQLite file path (sqlite:PATH or just PATH) or a PostgreSQL URL (postgres://user@host:port/db).")
        var store: String

        @Option(help: "A file holding the audit sealing key (32 bytes or more), to check that stored anchors were sealed by Vigil. Without it, anchors are checked for consistency only.")
        var sealKeyFile: String?

        func sealer() throws -> AuditSealer? {
            guard let path = sealKeyFile else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("Cannot read \(path).") }
            return try AuditSealer(secret: Array(data))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the audit log's hash chain and report the first record that was altered, removed or reordered. Exits with status 1 if the chain is broken."
        )

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let sealer = try options.sealer()
            let result = try await VigilStoreOpener.withStore(at: options.store) { store in
                try await AuditTools.verify(store: store, sealer: sealer)
            }
            if result.ok {
                print("audit log intact: \(result.checked) records verified" + (result.headHash.map { ", head \($0)" } ?? ""))
            } else {
                print("audit log BROKEN at record \(result.firstBrokenSequence.map(String.init) ?? "?"): \(result.reason ?? "unknown reason") (\(result.checked) records checked)")
                throw ExitCode(1)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an auditor's report of the audit log for a period, as JSON or CSV, including the result of verifying the chain."
        )

        @OptionGroup var options: StoreOptions

        @Option(help: "The start of the period (ISO 8601, e.g. 2026-11-01T00:00:00Z, or epoch milliseconds).")
        var from: String

        @Option(help: "The end of the period, exclusive (ISO 8601 or epoch milliseconds).")
        var to: String

        @Option(help: "json or csv.")
        var format: String = "json"

        @Option(help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            guard let f = AuditExportFormat(rawValue: format) else { throw ValidationError("--format is json or csv.") }
            guard let start = parseTime(from), let end = parseTime(to), start < end else {
                throw ValidationError("--from and --to must be times (ISO 8601 or epoch ms) with --from before --to.")
            }
            let sealer = try options.sealer()
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let text = try await VigilStoreOpener.withStore(at: options.store) { store in
                try await AuditTools.export(store: store, from: start, to: end, format: f, generatedAt: now, sealer: sealer)
            }
            if let output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } else {
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            }
        }

        func parseTime(_ s: String) -> Int64? {
            if let ms = Int64(s) { return ms }
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let d = f.date(from: s) { return Int64(d.timeIntervalSince1970 * 1000) }
            f.formatOptions = [.withInternetDateTime]
            return f.date(from: s).map { Int64($0.timeIntervalSince1970 * 1000) }
        }
    }
}
