import ArgumentParser
import EmulatorEngine
import Foundation
import Governance
import Logging
import QRadarEmulator
import ServiceLifecycle
import Sidecar
import SidecarConfig
import Simulation
import VigilCore

/// `vigil demo`: the whole loop on one machine, with no set-up.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole loop on this machine: a QRadar emulator loaded with a simulated enterprise (with a labelled multi-stage attack campaign) and the Vigil sidecar running against it.",
        discussion: """
            The first run generates the enterprise and keeps everything under --data, so later runs start in \
            seconds; --fresh starts over. The emulator speaks QRadar's REST API over HTTPS with a self-signed \
            certificate and accepts LEEF over syslog. The sidecar (on SQLite under --data) reads the simulated \
            days through Ariel, scores them, writes findings back into the emulator under --mode, and serves its \
            API; the demo prints URLs, tokens, progress and the findings. Stop it with Ctrl-C.
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

    @Option(help: "The sidecar's rollout mode: shadow (record only), assist (notes and reference sets) or autonomous (also LEEF events that QRadar turns into offenses).")
    var mode: String = "autonomous"

    @Option(help: "The port of the sidecar's HTTP API; 0 picks a free port.")
    var apiPort = 9440

    @Flag(help: "Run only the emulator, without the sidecar.")
    var noSidecar = false

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
            // The simulated days end at the last whole hour, so the sidecar meets them as recent history.
            let now = SystemEpochClock().now()
            let start = (now / EpochMillis.hour) * EpochMillis.hour - Int64(days) * EpochMillis.day
            try Data(String(start).utf8).write(to: URL(fileURLWithPath: root + "/simulation-start"))
            let config = SimulationConfig(users: users, days: days, seed: seed, scenario: scenario, start: start)
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

        // 3. Serve until stopped: the emulator alone, or the emulator with the sidecar against it.
        let campaigns = Self.campaignLines(labelsPath: labelsPath)
        let (ready, readyContinuation) = AsyncStream.makeStream(of: EmulatorEndpoints.self)
        let app = try buildEmulator(api: api, configuration: configuration) { endpoints in
            print("")
            print(EmulateCommand.banner(endpoints, token: token))
            print("  Data:         \(root)")
            if !campaigns.isEmpty {
                print("")
                print("The simulated enterprise hides these labelled attacks (ground truth in \(labelsPath)):")
                for line in campaigns { print("  - \(line)") }
            }
            readyContinuation.yield(endpoints)
            readyContinuation.finish()
        }
        if noSidecar {
            try await Self.runEmulatorOnly(app, exitAfter: exitAfter)
            return
        }
        guard RolloutMode(rawValue: mode) != nil else { throw ValidationError("--mode must be shadow, assist or autonomous") }
        // The emulator's certificate and ports exist once it listens; the sidecar's configuration names them.
        let emulator = Task { try await app.run() }
        var iterator = ready.makeAsyncIterator()
        guard let endpoints = await iterator.next() else {
            emulator.cancel()
            throw ValidationError("The emulator did not start: \(String(describing: await emulator.result))")
        }
        let sidecarConfig = try DemoSidecar.configuration(root: root, endpoints: endpoints, qradarToken: token, mode: mode, apiPort: apiPort)
        var logger = Logger(label: "vigil.sidecar")
        logger.logLevel = .warning
        let exitAfter = self.exitAfter
        print("")
        print("Starting the Vigil sidecar (\(mode) mode) against the emulator ...")
        do {
            try await SidecarRuntime.run(
                configuration: sidecarConfig, logger: logger,
                after: { assembly in [DemoReporter(assembly: assembly, exitAfter: exitAfter)] },
                onAPIReady: { port in
                    print(DemoSidecar.banner(root: root, apiHost: sidecarConfig.api.host, apiPort: port))
                })
        } catch {
            emulator.cancel()
            throw error
        }
        emulator.cancel()
        _ = await emulator.result
    }

    static func runEmulatorOnly(_ app: some Service, exitAfter: Int?) async throws {
        print("")
        print("Stop with Ctrl-C.")
        if let exitAfter {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.run() }
                group.addTask { try await Task.sleep(for: .seconds(exitAfter)) }
                _ = try await group.next()
                group.cancelAll()
            }
        } else {
            let group = ServiceGroup(configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint],
                                                          logger: Logger(label: "vigil.demo")))
            try await group.run()
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
