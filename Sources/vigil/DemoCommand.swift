import ArgumentParser
import EmulatorEngine
import QRadarEmulator
import Simulation

import Foundation

/// `vigil demo`: the whole loop on one machine, with no set-up.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the demo: a QRadar emulator on this machine, loaded with a simulated enterprise that contains a labelled multi-stage attack campaign.",
        discussion: """
            The first run generates the enterprise (a few minutes on two cores) and keeps everything under --data, \
            so later runs start in seconds; --fresh starts over. The emulator speaks QRadar's REST API over HTTPS \
            with a self-signed certificate and accepts LEEF over syslog; the demo prints the URL, the token and \
            example requests. Stop it with Ctrl-C.
            """
    )

    @Option(help: "Where the demo keeps its state: the simulated enterprise, the emulator's SQLite database and its certificate.")
    var data = ".vigil/demo"

    @Option(help: "The HTTPS port of the emulated QRadar API; 0 picks a free port.")
    var port = 8443

    @Option(help: "The TCP port of the emulator's LEEF syslog listener; 0 picks a free port.")
    var syslogPort = 5514

    @Option(help: "How many people the simulated enterprise has.")
    var users = 200

    @Option(help: "How many days of activity to simulate.")
    var days = 14

    @Option(help: "The simulation seed.")
    var seed: UInt64 = 7

    @Option(help: "The scenario to simulate (\(ScenarioRegistry.names.joined(separator: ", "))).")
    var scenario = "campaign"

    @Flag(help: "Throw away earlier demo state and start over.")
    var fresh = false

    @Option(help: "Stop after this many seconds instead of running until Ctrl-C (for scripted checks).")
    var exitAfter: Int?

    func run() async throws {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: data).standardizedFileURL.path
        if fresh { try? fm.removeItem(atPath: root) }
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        let simulationDir = root + "/simulation"
        let emulatorDir = root + "/emulator"
        let token = try Self.demoToken(in: root)

        // 1. The simulated enterprise, generated once.
        let labelsPath = simulationDir + "/labels.json"
        let needsSimulation = !fm.fileExists(atPath: labelsPath)
        if needsSimulation {
            print("Generating a simulated enterprise: \(users) people, \(days) days, scenario '\(scenario)', seed \(seed) ...")
            let config = SimulationConfig(users: users, days: days, seed: seed, scenario: scenario)
            do {
                let summary = try Simulator.run(config: config, outputDirectory: simulationDir) { progress in
                    FileHandle.standardError.write(Data("\r  \(progress)   ".utf8))
                }
                FileHandle.standardError.write(Data("\n".utf8))
                print(summary)
            } catch {
                throw ValidationError("The simulation failed: \(error)")
            }
        }

        // 2. The emulator, loaded once with the simulation's Ariel data and assets.
        let configuration = EmulatorConfiguration(
            host: "127.0.0.1", port: port, tokens: [token: "vigil-demo"], dataDirectory: emulatorDir, tls: .selfSigned,
            syslogTCPPort: syslogPort)
        let api = try makeEmulatorAPI(configuration: configuration)
        let loadedMarker = emulatorDir + "/.demo-loaded"
        if needsSimulation || !fm.fileExists(atPath: loadedMarker) {
            print("Loading the simulation into the QRadar emulator ...")
            let assetsPath = simulationDir + "/context/qradar-assets.json"
            if let bytes = fm.contents(atPath: assetsPath),
               case .array(let assets)? = try? JSONDecoder().decode(JSONValue.self, from: bytes) {
                try api.engine.addAssets(assets)
            }
            for file in ["ariel/events.jsonl", "ariel/flows.jsonl"] where fm.fileExists(atPath: simulationDir + "/" + file) {
                let summary = try api.engine.loadFile(path: simulationDir + "/" + file)
                print("  \(file): \(summary.events) events, \(summary.flows) flows, \(summary.rejected) rejected")
            }
            fm.createFile(atPath: loadedMarker, contents: Data())
        }

        // 3. Serve until stopped.
        let campaigns = Self.campaignLines(labelsPath: labelsPath)
        let app = try buildEmulator(api: api, configuration: configuration) { endpoints in
            print("")
            print(EmulateCommand.banner(endpoints, token: token))
            print("  Data:         \(root)")
            if !campaigns.isEmpty {
                print("")
                print("The simulated enterprise hides these labelled attacks (ground truth in \(labelsPath)):")
                for line in campaigns { print("  - \(line)") }
            }
            print("")
            print("Stop with Ctrl-C.")
        }
        if let exitAfter {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.run() }
                group.addTask { try await Task.sleep(for: .seconds(exitAfter)) }
                _ = try await group.next()
                group.cancelAll()
            }
        } else {
            try await app.runService()
        }
    }

    /// A random token made on the first run and kept (readable by the owner only) for later runs.
    static func demoToken(in root: String) throws -> String {
        let path = root + "/demo-token"
        if let data = FileManager.default.contents(atPath: path) {
            let t = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { return t }
        }
        var rng = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(rng.next() as UInt64, radix: 16) }.joined(separator: "-")
        FileManager.default.createFile(atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        return token
    }

    /// One line per labelled campaign: name, stages and time range.
    static func campaignLines(labelsPath: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: labelsPath),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let campaigns = root["campaigns"] as? [[String: Any]] else { return [] }
        return campaigns.map { c in
            let name = c["name"] as? String ?? c["id"] as? String ?? "campaign"
            let kind = c["kind"] as? String
            var stages: [String] = []
            for stage in (c["stages"] as? [[String: Any]]) ?? [] {
                guard let s = stage["stage"] as? String else { continue }
                if stages.last != s { stages.append(s) }
            }
            var line = name
            if let kind, kind != name { line += " (\(kind))" }
            if !stages.isEmpty { line += ": " + stages.joined(separator: " → ") }
            return line
        }
    }
}
