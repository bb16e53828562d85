import ArgumentParser
import EmulatorEngine
import QRadarEmulator

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `vigil emulate`: the QRadar emulator on its own.
struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Run the QRadar emulator: QRadar's REST API (/api), Ariel searches and a LEEF syslog listener, for tests, demos and integration work without a real QRadar.",
        discussion: """
            The emulator answers the same paths, headers, paging, filters and error bodies as QRadar's REST API, \
            over HTTPS with a self-signed certificate created on first start (its path is printed). Offenses appear \
            the way QRadar makes them: events arrive (syslog or --load), the emulated custom rules engine matches \
            them and creates or extends an offense. State is kept in SQLite under --data and survives restarts.
            """
    )

    @Option(help: "The address to listen on. Keep the loopback address unless other machines must reach the emulator.")
    var host = "127.0.0.1"

    @Option(help: "The HTTPS port for QRadar's API; 0 picks a free port.")
    var port = 8443

    @Option(help: "The SEC token the emulator accepts, as an authorized service token in QRadar. Can also be given in the VIGIL_EMULATOR_TOKEN environment variable.")
    var token: String?

    @Option(help: "The authorized service name shown for the token (notes are written by 'API_user: <name>').")
    var serviceName = "vigil"

    @Option(help: "A console user for HTTP Basic authentication, as user:password. Repeatable.")
    var basicUser: [String] = []

    @Option(help: "The directory where the emulator keeps its state (SQLite) and its TLS certificate.")
    var data = ".vigil/emulator"

    @Option(help: "A file of events or flows to load at start: Ariel JSONL (.jsonl) or LEEF lines (.leef, .log). Repeatable.")
    var load: [String] = []

    @Option(help: "A JSON file of custom rules for the emulated rules engine, replacing the built-in ones.")
    var rules: String?

    @Flag(help: "Serve plain HTTP instead of HTTPS. QRadar itself never does; use only for local debugging.")
    var plainHTTP = false

    @Option(help: "A PEM certificate chain to serve instead of the self-signed one (needs --tls-key).")
    var tlsCert: String?

    @Option(help: "The PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(help: "The TCP port of the LEEF syslog listener (QRadar's event forwarding target); 0 picks a free port.")
    var syslogPort = 5514

    @Option(help: "Also listen for LEEF syslog over UDP on this port; 0 picks a free port. Off unless given.")
    var syslogUDPPort: Int?

    @Flag(help: "Do not listen for syslog at all.")
    var noSyslog = false

    @Option(help: "Fault injection: milliseconds added to every API answer.")
    var faultLatencyMs = 0

    @Option(help: "Fault injection: up to this many extra milliseconds, drawn at random per answer.")
    var faultJitterMs = 0

    @Option(name: .customLong("fault-503-rate"), help: "Fault injection: the share of API requests answered with 503 Service Unavailable (0 to 1).")
    var fault503Rate = 0.0

    @Option(help: "Fault injection: the share of connections closed without an answer (0 to 1).")
    var faultDropRate = 0.0

    @Option(help: "Fault injection: the share of successful GET answers whose JSON body is cut off halfway (0 to 1).")
    var faultGarbleRate = 0.0

    @Option(help: "Fault injection: the least time, in milliseconds, that every Ariel search spends executing.")
    var faultSlowSearchMs = 0

    @Option(help: "Seed for fault injection, so that a run replays exactly.")
    var seed: UInt64 = 0x5EED

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together.") }
        for rate in [fault503Rate, faultDropRate, faultGarbleRate] where !(0...1).contains(rate) {
            throw ValidationError("Fault rates are shares between 0 and 1.")
        }
        for u in basicUser where !u.contains(":") { throw ValidationError("--basic-user takes user:password.") }
    }

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let token = token ?? env["VIGIL_EMULATOR_TOKEN"], !token.isEmpty else {
            throw ValidationError("Give the SEC token the emulator accepts with --token or VIGIL_EMULATOR_TOKEN.")
        }
        let configuration = makeConfiguration(token: token)
        try await runEmulator(configuration: configuration) { endpoints in
            print(Self.banner(endpoints, token: token))
        }
    }

    func makeConfiguration(token: String) -> EmulatorConfiguration {
        var users: [String: String] = [:]
        for u in basicUser {
            let parts = u.split(separator: ":", maxSplits: 1)
            users[String(parts[0])] = String(parts[1])
        }
        let tls: EmulatorConfiguration.TLS
        if plainHTTP { tls = .disabled } else if let c = tlsCert, let k = tlsKey { tls = .files(certificate: c, privateKey: k) } else { tls = .selfSigned }
        return EmulatorConfiguration(
            host: host, port: port, tokens: [token: serviceName], basicUsers: users, dataDirectory: data, tls: tls,
            syslogTCPPort: noSyslog ? nil : syslogPort, syslogUDPPort: noSyslog ? nil : syslogUDPPort,
            loadFiles: load, rulesFile: rules,
            faults: FaultConfiguration(latencyMillis: faultLatencyMs, latencyJitterMillis: faultJitterMs, errorRate: fault503Rate, dropRate: faultDropRate, garbleRate: faultGarbleRate, seed: seed),
            searchTiming: SearchTiming(minimumExecuteMillis: Int64(faultSlowSearchMs)),
            seed: seed)
    }

    /// What a person needs to reach the emulator. The token is printed because the operator chose it on the
    /// command line; nothing else in Vigil ever prints a token.
    static func banner(_ e: EmulatorEndpoints, token: String) -> String {
        var lines = ["QRadar emulator ready", "  API:          \(e.baseURL)/api   (header SEC: <your token>, Version: 20.0)"]
        if let cert = e.certificatePath { lines.append("  Certificate:  \(cert)   (trust it, e.g. curl --cacert \(cert))") }
        if let p = e.syslogTCPPort { lines.append("  Syslog LEEF:  tcp://\(e.host):\(p)") }
        if let p = e.syslogUDPPort { lines.append("  Syslog LEEF:  udp://\(e.host):\(p)") }
        let curlTLS = e.certificatePath.map { "--cacert \($0) " } ?? ""
        lines.append("  Try:          curl -s \(curlTLS)-H 'SEC: \(token)' -H 'Version: 20.0' '\(e.baseURL)/api/siem/offenses?fields=id,description,status'")
        return lines.joined(separator: "\n")
    }
}
