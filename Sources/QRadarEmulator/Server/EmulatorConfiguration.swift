import EmulatorEngine
import Logging

/// How to run the QRadar emulator. Used by `vigil emulate` and by tests.
public struct EmulatorConfiguration: Sendable {
    /// How the emulator serves HTTPS.
    public enum TLS: Sendable, Hashable {
        /// A self-signed certificate made on first start and kept in the data directory (or a temporary
        /// directory without one): QRadar's own default.
        case selfSigned
        /// A certificate chain and private key, PEM files.
        case files(certificate: String, privateKey: String)
        /// Plain HTTP, only when asked for.
        case disabled
    }

    /// Address to bind; keep the loopback address unless the emulator must be reachable from elsewhere.
    public var host: String
    /// HTTP(S) port; 0 picks a free port (reported through `onReady`).
    public var port: Int
    /// Authorized-service tokens accepted in the `SEC` header → the service name QRadar shows
    /// (`API_user: <name>` in notes and `closing_user`).
    public var tokens: [String: String]
    /// Console users for HTTP Basic: name → password.
    public var basicUsers: [String: String]
    /// Where the engine's SQLite state and the generated certificate live; nil keeps state in memory.
    public var dataDirectory: String?
    /// HTTPS setup.
    public var tls: TLS
    /// Syslog (LEEF) listener over TCP: nil = off, 0 = any free port.
    public var syslogTCPPort: Int?
    /// Syslog (LEEF) listener over UDP: nil = off, 0 = any free port.
    public var syslogUDPPort: Int?
    /// Files loaded at start (`.jsonl` Ariel JSONL, `.leef`/`.log` LEEF), as `--load FILE`.
    public var loadFiles: [String]
    /// Custom rules for the emulated CRE (JSON); nil uses the built-in rules.
    public var rulesFile: String?
    /// Fault injection at start; change it at runtime with `POST /__emulator/faults`.
    public var faults: FaultConfiguration
    /// How long Ariel searches take (slow-search fault injection). Fixed at start.
    public var searchTiming: SearchTiming
    /// When set, seeds fault injection and session tokens so runs replay exactly.
    public var seed: UInt64?
    /// Send `Deprecated: true` on answers to deprecated API versions.
    public var deprecatedHeader: Bool
    /// The largest request body accepted, bytes (bulk loads through `/__emulator/load` can be large).
    public var maxBodyBytes: Int
    /// The engine clock, epoch milliseconds.
    public var now: @Sendable () -> Int64
    /// Logger for the server; nil logs at `.info` under the label `vigil.emulator`.
    public var logger: Logger?

    public init(
        host: String = "127.0.0.1",
        port: Int = 8443,
        tokens: [String: String] = [:],
        basicUsers: [String: String] = [:],
        dataDirectory: String? = nil,
        tls: TLS = .selfSigned,
        syslogTCPPort: Int? = nil,
        syslogUDPPort: Int? = nil,
        loadFiles: [String] = [],
        rulesFile: String? = nil,
        faults: FaultConfiguration = .none,
        searchTiming: SearchTiming = .init(),
        seed: UInt64? = nil,
        deprecatedHeader: Bool = true,
        maxBodyBytes: Int = 256 * 1024 * 1024,
        now: @escaping @Sendable () -> Int64 = EmulatorConfiguration.wallClock,
        logger: Logger? = nil
    ) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.basicUsers = basicUsers
        self.dataDirectory = dataDirectory
        self.tls = tls
        self.syslogTCPPort = syslogTCPPort
        self.syslogUDPPort = syslogUDPPort
        self.loadFiles = loadFiles
        self.rulesFile = rulesFile
        self.faults = faults
        self.searchTiming = searchTiming
        self.seed = seed
        self.deprecatedHeader = deprecatedHeader
        self.maxBodyBytes = maxBodyBytes
        self.now = now
        self.logger = logger
    }

    /// The system clock in epoch milliseconds.
    public static let wallClock: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a running emulator can be reached.
public struct EmulatorEndpoints: Sendable, Hashable {
    /// The bound host.
    public var host: String
    /// The bound HTTP(S) port.
    public var port: Int
    /// `https` or `http`.
    public var scheme: String
    /// PEM certificate clients should trust (nil over plain HTTP).
    public var certificatePath: String?
    /// The bound syslog TCP port, when listening.
    public var syslogTCPPort: Int?
    /// The bound syslog UDP port, when listening.
    public var syslogUDPPort: Int?

    /// `https://127.0.0.1:8443`.
    public var baseURL: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(h):\(port)"
    }
}
