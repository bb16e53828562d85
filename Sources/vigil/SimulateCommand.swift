import ArgumentParser
import QRadarClient
import Simulation

import Foundation

/// `vigil simulate`: the synthetic enterprise.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a synthetic enterprise's telemetry with labelled attack campaigns and benign look-alikes, deterministically for a seed.",
        discussion: """
            Writes events.jsonl (Vigil's normalized events), leef/events.leef (LEEF as QRadar receives it), \
            ariel/events.jsonl and ariel/flows.jsonl (the QRadar emulator's load format), context files (CMDB, \
            vulnerabilities, HR records, threat intelligence) and labels.json (campaigns with stages, ATT&CK \
            techniques, entities and event ids; benign look-alikes by kind). With --to, the Ariel files and the \
            assets are also loaded into a running QRadar emulator. Scenarios: \(ScenarioRegistry.names.joined(separator: ", ")).
            """
    )

    @Option(help: "How many people (including service accounts). Default: the scenario's (500; 10,000 for 'large').")
    var users: Int?

    @Option(help: "How many days to simulate. Default: the scenario's (30).")
    var days: Int?

    @Option(help: "The seed; the same seed gives byte-identical output.")
    var seed: UInt64 = 1

    @Option(help: "The scenario to generate (\(ScenarioRegistry.names.joined(separator: ", "))).")
    var scenario = "campaign"

    @Option(help: "The first simulated instant, ISO 8601 (e.g. 2026-10-01T00:00:00Z); must fall on a whole hour.")
    var start: String?

    @Option(help: "Attack volume multiplier: more sessions, files, hosts and bytes (1 is the default).")
    var intensity = 1.0

    @Option(help: "How careful the adversary is, from 0 (noisy) to 1 (business hours, small and slow, jittered).")
    var stealth = 0.5

    @Flag(help: "Leave out the benign look-alikes (travel, maintenance, backups, a penetration test, ...).")
    var noLookalikes = false

    @Option(help: "The directory to write into (created if needed).")
    var out = "simulation"

    @Option(help: "Also load the output into a running QRadar emulator at this base URL (e.g. https://127.0.0.1:8443).")
    var to: String?

    @Option(help: "The emulator's SEC token, for --to. Can also be given in the VIGIL_EMULATOR_TOKEN environment variable.")
    var token: String?

    @Option(help: "A PEM certificate to trust for --to (the emulator prints the path of its self-signed one).")
    var caCert: String?

    @Flag(help: "For --to: do not verify the emulator's TLS certificate. Only for throwaway local runs.")
    var insecure = false

    func validate() throws {
        if to != nil, caCert == nil, !insecure, !(to?.hasPrefix("http://") ?? false) {
            throw ValidationError("--to over HTTPS needs --ca-cert FILE (the emulator's certificate) or --insecure.")
        }
    }

    func run() async throws {
        var config = SimulationConfig(users: users, days: days, seed: seed, scenario: scenario, intensity: intensity,
                                      stealth: stealth, benignLookalikes: !noLookalikes)
        if let start {
            guard let t = SimTime.parseISO8601(start) else { throw ValidationError("--start is not an ISO 8601 time: \(start)") }
            config.start = t
        }
        let summary: SimulationSummary
        do {
            summary = try Simulator.run(config: config, outputDirectory: out) { progress in
                FileHandle.standardError.write(Data("\r\(progress)   ".utf8))
            }
        } catch {
            throw ValidationError("\(error)")
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print(summary)
        if let to {
            let token = token ?? ProcessInfo.processInfo.environment["VIGIL_EMULATOR_TOKEN"]
            guard let token, !token.isEmpty else { throw ValidationError("--to needs the emulator's token (--token or VIGIL_EMULATOR_TOKEN).") }
            try await Self.load(summary: summary, into: to, token: token, caFile: caCert, insecure: insecure)
        }
    }

    /// Loads a simulation's Ariel files and assets into an emulator.
    static func load(summary: SimulationSummary, into url: String, token: String, caFile: String?, insecure: Bool) async throws {
        let uploader = try EmulatorUploader(baseURL: url, token: token, caFile: caFile, insecure: insecure)
        do {
            let assetsFile = summary.path("context/qradar-assets.json")
            if FileManager.default.fileExists(atPath: assetsFile) {
                let n = try await uploader.uploadAssets(file: assetsFile)
                print("loaded \(n) assets into \(url)")
            }
            for file in ["ariel/events.jsonl", "ariel/flows.jsonl"] where FileManager.default.fileExists(atPath: summary.path(file)) {
                let t = try await uploader.upload(file: summary.path(file), format: "jsonl")
                print("loaded \(file): \(t.events) events, \(t.flows) flows, \(t.rejected) rejected")
            }
            try await uploader.shutdown()
        } catch {
            try? await uploader.shutdown()
            throw error
        }
    }
}
