import Foundation
import Governance
import QRadarEmulator
import ServiceLifecycle
import Sidecar
import SidecarConfig
import Storage
import VigilCore

/// The demo's sidecar: its configuration file and secrets under the demo's data directory, and what it prints.
public enum DemoSidecar {
    /// Writes (once) the secrets and (every run) `sidecar.yaml`, then loads it the way `vigil serve` does.
    public static func configuration(root: String, endpoints: EmulatorEndpoints, qradarToken: String, mode: String, apiPort: Int) throws -> SidecarConfiguration {
        let secrets = root + "/secrets"
        try FileManager.default.createDirectory(atPath: secrets, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try writeSecret(secrets + "/qradar.token", qradarToken)
        try writeSecretOnce(secrets + "/pseudonym.key") { randomHex(32) }
        try writeSecretOnce(secrets + "/vault.key") { randomHex(32) }
        try writeSecretOnce(secrets + "/audit-seal.key") { randomHex(32) }
        try writeSecretOnce(secrets + "/admin.token") {
            try APITokens.issue(name: "demo-admin", role: .admin, createdBy: "vigil demo", now: SystemEpochClock().now(), lifetime: nil).token
        }
        let now = SystemEpochClock().now()
        let start = (try? String(contentsOfFile: root + "/simulation-start", encoding: .utf8)).flatMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let lookbackHours = start.map { max(1, (now - $0) / EpochMillis.hour + 2) } ?? 24 * 30
        let useCases = ["beaconing", "lateral-movement", "log-source-health", "privileged-sequence", "behaviour.time", "behaviour.location", "behaviour.identity", "behaviour.access", "behaviour.volume", "behaviour.failure", "behaviour.novelty", "peer-groups", "isolation-forest"]
        var yaml = """
            # Written by `vigil demo` on every start; see config/vigil.example.yaml for every key.
            qradar:
              url: \(endpoints.baseURL)
              token_file: secrets/qradar.token

            """
        if let cert = endpoints.certificatePath { yaml += "  ca_bundle: \(cert)\n" }
        if let syslog = endpoints.syslogTCPPort {
            yaml += """
                  syslog:
                    host: \(endpoints.host)
                    port: \(syslog)
                    transport: tcp

                """
        }
        yaml += """
            sources:
              - name: events
                database: events
                max_window: 6h
                poll_interval: 10s
                ingestion_delay: 0s
                initial_lookback: \(lookbackHours)h
              - name: flows
                database: flows
                max_window: 6h
                poll_interval: 10s
                ingestion_delay: 0s
                initial_lookback: \(lookbackHours)h
            offenses:
              poll_interval: 10s
            rollout:
              mode: \(mode)
              autonomous_use_cases: [\(useCases.joined(separator: ", "))]
              min_autonomous_confidence: 0.8
            privacy:
              keys:
                - version: 1
                  secret_file: secrets/pseudonym.key
              vault_key_file: secrets/vault.key
            storage:
              url: sqlite:sidecar.db
            api:
              host: 127.0.0.1
              port: \(apiPort)
              admin_token_file: secrets/admin.token
            audit:
              seal_key_file: secrets/audit-seal.key
            analytics:
              warmup: 7d

            """
        let path = root + "/sidecar.yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        do {
            return try SidecarConfigLoader.load(path: path, environment: [:])
        } catch {
            throw SidecarSetupError("the demo's sidecar configuration (\(path)) has problems:\n\(error)")
        }
    }

    /// What the demo prints once the sidecar's API listens: URLs, tokens, and how to verify the audit log.
    public static func banner(root: String, apiHost: String, apiPort: Int) -> String {
        let base = "http://\(apiHost):\(apiPort)"
        return """

            Vigil sidecar ready
              API:          \(base)/api/v1   (Authorization: Bearer $(cat \(root)/secrets/admin.token))
              Findings:     curl -s -H "Authorization: Bearer $(cat \(root)/secrets/admin.token)" '\(base)/api/v1/findings?limit=10'
              Approvals:    curl -s -H "Authorization: Bearer $(cat \(root)/secrets/admin.token)" '\(base)/api/v1/approvals'
              Metrics:      curl -s -H "Authorization: Bearer $(cat \(root)/secrets/admin.token)" '\(base)/metrics'
              Audit:        vigil audit verify --store \(root)/sidecar.db --seal-key-file \(root)/secrets/audit-seal.key
              Config:       \(root)/sidecar.yaml   (the same file `vigil serve --config` takes)
            Stop with Ctrl-C.

            """
    }

    static func randomHex(_ bytes: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let b = UInt8.random(in: 0...255, using: &rng)
            return String(b >> 4, radix: 16) + String(b & 0xF, radix: 16)
        }.joined()
    }

    static func writeSecret(_ path: String, _ value: String) throws {
        FileManager.default.createFile(atPath: path, contents: Data(value.utf8), attributes: [.posixPermissions: 0o600])
    }

    static func writeSecretOnce(_ path: String, _ make: () throws -> String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try writeSecret(path, try make())
    }
}

/// Prints the demo's progress every few seconds, and the findings once the simulated days are read; returns after
/// `exitAfter` seconds (which stops the demo gracefully).
public struct DemoReporter: Service {
    let assembly: SidecarAssembly
    let exitAfter: Int?

    public init(assembly: SidecarAssembly, exitAfter: Int?) {
        self.assembly = assembly
        self.exitAfter = exitAfter
    }

    public func run() async throws {
        let started = ContinuousClock.now
        var shownFindings = false
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            let status = await assembly.control.status()
            let ariel = status.sources.filter { $0.kind == .ariel }
            let events = ariel.reduce(Int64(0)) { $0 + $1.eventsIngested }
            let lag = ariel.compactMap(\.lagMillis).max()
            let lagText = lag.map { Self.duration($0) } ?? "—"
            print("[vigil] \(events) events read (lag \(lagText)), \(status.findingsTotal) findings, writes done \(status.writeBack.done) pending \(status.writeBack.pending), approvals pending \(status.approvalsPending)")
            if !shownFindings, let lag, lag < 2 * EpochMillis.hour, status.findingsTotal > 0 {
                shownFindings = true
                let top = (try? await assembly.store.findings(FindingQuery(limit: 200))) ?? []
                let ranked = top.sorted { ($0.severity, $0.time) > ($1.severity, $1.time) }.prefix(8)
                print("")
                print("Caught up with QRadar. Top findings (entities are pseudonyms; the API re-identifies for analysts):")
                for f in ranked {
                    print("  [\(f.severity)] \(Self.iso(f.time))  \(f.title)")
                }
                print("")
            }
            if let exitAfter, ContinuousClock.now - started >= .seconds(exitAfter) { return }
        }
    }

    static func duration(_ ms: Int64) -> String {
        if ms >= EpochMillis.day { return "\(ms / EpochMillis.day)d \(ms % EpochMillis.day / EpochMillis.hour)h" }
        if ms >= EpochMillis.hour { return "\(ms / EpochMillis.hour)h \(ms % EpochMillis.hour / EpochMillis.minute)m" }
        return "\(ms / 1000)s"
    }

    static func iso(_ t: EpochMillis) -> String { UTCTime.iso8601Seconds(t) }
}
