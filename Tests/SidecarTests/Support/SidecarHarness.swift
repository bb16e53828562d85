import EmulatorEngine
import Foundation
import Governance
import Logging
import QRadarClient
import QRadarEmulator
import ServiceLifecycle
import SidecarConfig
import Simulation
import Storage
import Syslog
import Testing
import VigilCore
import WriteBack

@testable import Sidecar

struct HarnessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

let harnessToken = "sidecar-test-token-5c1e"
let pseudonymKey = String(repeating: "k", count: 40)
/// 32 bytes, hex.
let vaultKeyHex = String(repeating: "ab", count: 32)

/// A simulated enterprise, generated once per process and shared by the tests (read-only). Its days end at the most
/// recent midnight UTC, so findings are as recent as they would be in production.
struct SharedSimulation: Sendable {
    let config: SimulationConfig
    let directory: String
    let learningDays: Int

    /// 30 people × 10 days, campaign from day 6: findings about hosts (beaconing, lateral movement).
    static let small = SharedSimulation(name: "small", users: 30, days: 10, attackStartDay: 6, learningDays: 4)
    /// 60 people × 12 days, campaign from day 7: also findings about users (behaviour).
    static let large = SharedSimulation(name: "large", users: 60, days: 12, attackStartDay: 7, learningDays: 5)

    init(name: String, users: Int, days: Int, attackStartDay: Int, learningDays: Int) {
        // Days start at midnight UTC whatever the time of day the tests run, so the simulated hours (and what the
        // models make of them) do not shift with it; the last simulated day ended at the most recent midnight.
        let now = SystemEpochClock().now()
        let start = (now / EpochMillis.day) * EpochMillis.day - Int64(days) * EpochMillis.day
        config = SimulationConfig(users: users, days: days, seed: 11, scenario: "campaign", start: start, attackStartDay: attackStartDay)
        self.learningDays = learningDays
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-sidecar-sim-\(name)-\(ProcessInfo.processInfo.processIdentifier)").path
        if !FileManager.default.fileExists(atPath: dir + "/ariel/events.jsonl") {
            do {
                _ = try Simulator.run(config: config, outputDirectory: dir) { _ in }
            } catch {
                Issue.record("simulation failed: \(error)")
            }
        }
        directory = dir
    }

    var start: EpochMillis { config.start }
}

/// A QRadar emulator loaded with the shared simulation, on 127.0.0.1 with a free port, for the duration of `body`.
func withLoadedEmulator<R: Sendable>(
    _ simulation: SharedSimulation = .small,
    faults: FaultConfiguration = .none,
    _ body: (EmulatorEndpoints, EmulatorAPI) async throws -> R
) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sidecar-emu-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var logger = Logger(label: "test.emulator")
    logger.logLevel = .critical
    let configuration = EmulatorConfiguration(
        host: "127.0.0.1", port: 0, tokens: [harnessToken: "vigil"], dataDirectory: directory, tls: .disabled,
        syslogTCPPort: 0, faults: faults, seed: 7, logger: logger)
    let api = try makeEmulatorAPI(configuration: configuration)
    let sim = simulation.directory
    for file in ["ariel/events.jsonl", "ariel/flows.jsonl"] {
        _ = try api.engine.loadFile(path: sim + "/" + file)
    }
    if let bytes = FileManager.default.contents(atPath: sim + "/context/qradar-assets.json"),
       case .array(let assets)? = try? JSONDecoder().decode(JSONValue.self, from: bytes) {
        try api.engine.addAssets(assets)
    }
    return try await withRunningEmulator(api: api, configuration: configuration) { endpoints in
        try await body(endpoints, api)
    }
}

/// The configuration a test runs with, through the real loader (YAML + environment).
func sidecarConfiguration(endpoints: EmulatorEndpoints, mode: RolloutMode, storePath: String, simulation: SharedSimulation = .small,
                          autonomousUseCases: [String] = [], extra: String = "") throws -> SidecarConfiguration {
    let now = SystemEpochClock().now()
    let lookbackHours = (now - simulation.start) / EpochMillis.hour + 2
    let useCases = autonomousUseCases.map { "\"\($0)\"" }.joined(separator: ", ")
    let yaml = """
        qradar:
          url: \(endpoints.baseURL)
          token_env: TEST_QRADAR_TOKEN
          timeout: 30s
          syslog:
            host: 127.0.0.1
            port: \(endpoints.syslogTCPPort ?? 0)
            transport: tcp
        sources:
          - name: events
            database: events
            max_window: 12h
            poll_interval: 1s
            ingestion_delay: 0s
            initial_lookback: \(lookbackHours)h
          - name: flows
            database: flows
            max_window: 12h
            poll_interval: 1s
            ingestion_delay: 0s
            initial_lookback: \(lookbackHours)h
        offenses:
          enabled: true
          poll_interval: 1s
        rollout:
          mode: \(mode.rawValue)
          autonomous_use_cases: [\(useCases)]
          min_autonomous_confidence: 0
        privacy:
          keys:
            - version: 1
              secret_env: TEST_PSEUDONYM_KEY
          vault_key_env: TEST_VAULT_KEY
        storage:
          url: sqlite:\(storePath)
        api:
          host: 127.0.0.1
          port: 0
        analytics:
          warmup: \(simulation.learningDays)d
        \(extra)
        """
    return try SidecarConfigLoader.parse(
        yaml: yaml, baseDirectory: FileManager.default.temporaryDirectory.path,
        environment: ["TEST_QRADAR_TOKEN": harnessToken, "TEST_PSEUDONYM_KEY": pseudonymKey, "TEST_VAULT_KEY": vaultKeyHex])
}

func quietLogger(_ label: String = "test.sidecar") -> Logger {
    var l = Logger(label: label)
    l.logLevel = .critical
    return l
}

func testClient(_ c: SidecarConfiguration) throws -> QRadarClient {
    var configuration = SidecarRuntime.clientConfiguration(c)
    configuration.arielPolling.initialInterval = .milliseconds(10)
    configuration.arielPolling.maxInterval = .milliseconds(100)
    configuration.retry.initialBackoff = .milliseconds(5)
    configuration.retry.maxBackoff = .milliseconds(50)
    configuration.retry.maxAttempts = 8
    return try QRadarClient(configuration: configuration, logger: quietLogger())
}

/// Write-back settings with short waits (the defaults wait minutes between retries, as they should in production).
let fastWriteBack = WriteBackSettings(initialBackoff: 10, maxBackoff: 100, leefSettleTime: 300, leefCheckTimeout: .seconds(20))

/// One sidecar "process": an assembly over a store, with its syslog sender running.
struct SidecarInstance: Sendable {
    let assembly: SidecarAssembly
    let store: any VigilStore
}

/// Builds a sidecar over the SQLite file at `storePath` and runs `body` with it.
func withSidecar<R: Sendable>(_ configuration: SidecarConfiguration, storePath: String,
                              _ body: (SidecarInstance) async throws -> R) async throws -> R {
    try await withSidecar(configuration, store: try SQLiteStore(path: storePath), body)
}

/// Builds a sidecar over `store` and runs `body` with its LEEF sender running (as the service group would).
func withSidecar<R: Sendable>(_ configuration: SidecarConfiguration, store: any VigilStore,
                              _ body: (SidecarInstance) async throws -> R) async throws -> R {
    let client = try testClient(configuration)
    let assembly = try SidecarAssembly(configuration: configuration, store: store, client: client,
                                       writeBackSettings: fastWriteBack, logger: quietLogger())
    let instance = SidecarInstance(assembly: assembly, store: store)
    do {
        // As `vigil serve` does at start (SidecarRuntime.runAssembly).
        _ = try await assembly.pipeline.restoreCampaigns()
        let result = try await withThrowingTaskGroup(of: Void.self) { group in
            if let sender = assembly.leefSender { group.addTask { try await sender.run() } }
            defer { group.cancelAll() }
            return try await body(instance)
        }
        try await assembly.actions.shutdown()
        try await client.shutdown()
        return result
    } catch {
        try? await assembly.actions.shutdown()
        try? await client.shutdown()
        throw error
    }
}

extension SidecarInstance {
    /// Polls every Ariel source until all are caught up; returns the number of cycles.
    @discardableResult
    func catchUp(maxCycles: Int = 400) async throws -> Int {
        var states = try await assembly.ariel.start()
        var cycles = 0
        while cycles < maxCycles {
            cycles += 1
            if await assembly.ariel.cycle(&states) { return cycles }
        }
        throw HarnessFailure("not caught up after \(maxCycles) cycles")
    }

    /// Runs the write-back until nothing is pending (or `timeout` passes).
    func drainWriteBack(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            _ = await assembly.writeBack.runPending()
            if try await store.entries(in: .pending).isEmpty { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessFailure("write-back still pending after \(timeout)")
    }

    /// Every event id the audit log records as ingested, per source (duplicates kept, so they can be counted).
    func auditedEventIDs() async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for r in try await store.allAuditRecords() where r.kind == .inputBatch {
            let payload = try JSONSerialization.jsonObject(with: Data(r.payload.utf8)) as? [String: Any] ?? [:]
            out[r.subject, default: []] += payload["eventIDs"] as? [String] ?? []
        }
        return out
    }
}

/// Rows of an AQL query run through QRadar's own search API (the emulator's).
func arielRows(_ client: QRadarClient, _ aql: String) async throws -> [ArielRow] {
    var rows: [ArielRow] = []
    for try await r in client.runQuery(aql: aql, timeout: .seconds(60)) { rows.append(r) }
    return rows
}

/// The ids of every event (or flow) QRadar holds in the simulated period, via Ariel.
func emulatorEventCount(_ client: QRadarClient, database: String, simulation: SharedSimulation = .small) async throws -> Int {
    let rows = try await arielRows(client, "SELECT COUNT(*) AS n FROM \(database) START \(simulation.start - EpochMillis.hour) STOP \(SystemEpochClock().now())")
    return Int(rows.first?["n"]?.intValue ?? -1)
}
