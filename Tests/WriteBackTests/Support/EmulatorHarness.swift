import Foundation
import Governance
import Logging
import QRadarClient
import QRadarEmulator
import Storage
import Syslog
import VigilCore

@testable import WriteBack

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let emulatorToken = "writeback-test-token-5c1d"

/// Runs Vigil's QRadar emulator in-process on 127.0.0.1:0 (plain HTTP, a SEC token, optionally a syslog TCP
/// listener) for the duration of `body`.
func withEmulator<R: Sendable>(
    faults: FaultConfiguration = .none,
    syslog: Bool = false,
    _ body: (EmulatorEndpoints, EmulatorAPI) async throws -> R
) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-writeback-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var logger = Logger(label: "test.emulator")
    logger.logLevel = .critical
    let configuration = EmulatorConfiguration(
        host: "127.0.0.1", port: 0, tokens: [emulatorToken: "vigil"], dataDirectory: directory, tls: .disabled,
        syslogTCPPort: syslog ? 0 : nil, faults: faults, seed: 11, logger: logger)
    let api = try makeEmulatorAPI(configuration: configuration)
    return try await withRunningEmulator(api: api, configuration: configuration) { endpoints in
        try await body(endpoints, api)
    }
}

/// A real client for the emulator. `retries: false` makes every 503 reach the executor.
func emulatorClient(_ endpoints: EmulatorEndpoints, retries: Bool = true) throws -> QRadarClient {
    var configuration = QRadarClientConfiguration(baseURL: endpoints.baseURL, authentication: .secToken(emulatorToken))
    configuration.arielPolling.initialInterval = .milliseconds(20)
    configuration.arielPolling.maxInterval = .milliseconds(200)
    configuration.arielPolling.preferWait = .seconds(1)
    configuration.retry = retries ? QRadarRetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(50)) : .none
    var logger = Logger(label: "test.qradar")
    logger.logLevel = .critical
    return try QRadarClient(configuration: configuration, logger: logger)
}

/// Runs `body` with a client, shutting it down afterwards whatever happens.
func withClient<R: Sendable>(_ client: QRadarClient, _ body: (QRadarClient) async throws -> R) async throws -> R {
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// Feeds LEEF lines to the emulator through its load hook (as if collected), e.g. to raise an offense.
func loadLEEF(_ lines: [String], into api: EmulatorAPI) async throws {
    let response = await api.respond(
        to: APIRequest(
            method: "POST", target: "/__emulator/load?format=leef", headers: [(name: "SEC", value: emulatorToken)],
            body: Array(lines.joined(separator: "\n").utf8)))
    guard response.status == 200 else { throw TestFailure("load failed: \(String(decoding: response.body, as: UTF8.self))") }
}

/// Raises an offense in the emulator (through its "Vigil: AI finding" rule) for `user` and returns its id.
func raiseOffense(for user: String, api: EmulatorAPI, client: QRadarClient) async throws -> Int {
    try await loadLEEF(["LEEF:2.0|Vigil|Sidecar|1.0|AIFinding|^|sev=6^usrName=\(user)^src=10.9.9.9"], into: api)
    let offenses = try await client.offenses().collect()
    guard let offense = offenses.first(where: { $0.offenseSource == user }) else { throw TestFailure("no offense for \(user)") }
    return offense.id
}

/// Vigil's own store, a pseudonymiser and the vault over it.
struct Governed: Sendable {
    let store: SQLiteStore
    let pseudonymizer: Pseudonymizer
    let vault: ReidentificationVault
    let clock: ManualEpochClock

    init(path: String? = nil, start: EpochMillis = 1_800_000_000_000) throws {
        store = try SQLiteStore(path: path)
        clock = ManualEpochClock(start)
        pseudonymizer = Pseudonymizer(keyRing: try PseudonymKeyRing(keys: [PseudonymKey(version: 1, secret: Array(repeating: 7, count: 32))], current: 1))
        vault = ReidentificationVault(
            store: store, audit: store, cipher: try MappingCipher(keys: [1: Array(repeating: 9, count: 32)], current: 1), clock: clock)
    }

    /// The pseudonym of `value`, with its mapping recorded in the vault.
    func pseudonym(_ value: String, _ kind: PseudonymKind) async throws -> String {
        let p = pseudonymizer.pseudonym(for: value, kind: kind)
        try await vault.record([PseudonymMapping(pseudonym: p, clearValue: value)])
        return p.text
    }

    func executor(client: QRadarClient, leefSender: (any LEEFEventSender)? = nil,
                  settings: WriteBackSettings = WriteBackSettings(leefSettleTime: 0), useVault: Bool = true) -> WriteBackExecutor {
        var logger = Logger(label: "test.write-back")
        logger.logLevel = .critical
        return WriteBackExecutor(client: client, ledger: store, audit: store, vault: useVault ? vault : nil, leefSender: leefSender,
                                 settings: settings, clock: clock, logger: logger)
    }

    /// The write-back audit records, in order.
    func writeBackAudit() async throws -> [AuditRecord] {
        try await store.allAuditRecords().filter { $0.kind == .writeBack }
    }
}

/// Runs a syslog sender to `port` for the duration of `body`.
func withSyslogSender<R: Sendable>(port: Int, _ body: (SyslogSender) async throws -> R) async throws -> R {
    var logger = Logger(label: "test.syslog")
    logger.logLevel = .critical
    let sender = SyslogSender(configuration: SyslogSenderConfiguration(transport: .tcp, host: "127.0.0.1", port: port), logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await sender.run() }
        do {
            let result = try await body(sender)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Polls `condition` (up to ~10 s of real time: the emulator ingests syslog on its own task).
func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
    for _ in 0..<200 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TestFailure("timed out waiting for \(what)")
}

/// How many events in Ariel carry `vigilKey=<key>`.
func arielCount(key: String, client: QRadarClient) async throws -> Int {
    let aql = "SELECT COUNT(*) AS n FROM events WHERE UTF8(payload) ILIKE '%vigilKey=\(key)%' LAST 1 DAYS"
    return try await client.withQuery(aql: aql, timeout: .seconds(20)) { rows in
        var n = 0
        for try await row in rows { n += Int(row["n"]?.intValue ?? 0) }
        return n
    }
}
