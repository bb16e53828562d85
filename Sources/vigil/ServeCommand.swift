import ArgumentParser
import Foundation
import Logging
import Sidecar
import SidecarConfig

/// `vigil serve`: the sidecar, from a configuration file.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Vigil sidecar beside QRadar: poll Ariel and offenses, score, write findings back under the rollout mode, serve the API.",
        discussion: """
            Everything comes from the configuration file (YAML) and VIGIL_* environment variables; see \
            docs/CONFIGURATION.md and config/vigil.example.yaml. Secrets (the QRadar token, keys, the database \
            password) are read from files or the environment, never from the command line, and are never logged. \
            SIGTERM or Ctrl-C stops ingestion after the batch in flight, saves checkpoints, finishes pending \
            write-backs and exits.
            """
    )

    @Option(name: .shortAndLong, help: "The configuration file (YAML).")
    var config: String

    @Flag(help: "Validate the configuration and test connectivity (QRadar, token, each source's AQL, the store, the syslog target), then exit: 0 when everything passed, 1 otherwise.")
    var check = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        var logger = Logger(label: "vigil.sidecar")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let configuration: SidecarConfiguration
        do {
            configuration = try SidecarConfigLoader.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("The configuration has problems:\n\(error)\n".utf8))
            throw ExitCode(2)
        }
        if check {
            print(configuration.redactedSummary())
            print("")
            let report = await SidecarRuntime.check(configuration: configuration, logger: logger)
            for line in report.lines { print(line) }
            print(report.ok ? "\nAll checks passed." : "\nSome checks failed.")
            if !report.ok { throw ExitCode(1) }
            return
        }
        let log = logger
        try await SidecarRuntime.run(configuration: configuration, logger: logger, onAPIReady: { port in
            log.info("API listening", metadata: ["url": "http://\(configuration.api.host):\(port)"])
        })
    }
}
