import Correlation
import Governance
import Ingestion
import VigilCore

/// Where a secret came from, for summaries and errors (never the value).
public enum SecretOrigin: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case environment(String)

    public var description: String {
        switch self {
        case .file(let path): return "from file \(path)"
        case .environment(let name): return "from environment variable \(name)"
        }
    }
}

/// The sidecar's configuration, resolved (defaults applied, relative paths made absolute, secrets read) and
/// validated. Built by ``SidecarConfigLoader``; printing it never shows a secret.
public struct SidecarConfiguration: Sendable {
    public var qradar: QRadarSettings
    /// The Ariel polling sources, each validated with `PollPlanner(source:mapping:)`.
    public var sources: [SourceDefinition]
    /// Field mappings by name; always holds `"default"` (`FieldMapping.defaultMapping()`).
    public var mappings: [String: FieldMapping]
    public var offenses: OffenseSettings
    /// The forwarded-LEEF syslog listener; nil when off (the default).
    public var syslogListener: SyslogListenerSettings?
    /// Mode, autonomous use cases, reference sets and (in `rollout.actions`) response-action settings.
    public var rollout: RolloutPolicy
    /// Secret for the SOAR webhook that disables accounts (sent as `Authorization: Bearer`), when configured.
    public var disableAccountWebhookToken: Secret?
    public var leef: LEEFSettings
    public var privacy: PrivacySettings
    public var storage: StorageSettings
    public var api: APISettings
    public var audit: AuditSettings
    public var analytics: AnalyticsSettings
    /// The campaign correlation (`correlation:`): window, decay, raise thresholds and linking limits
    /// (docs/CAMPAIGNS.md); the defaults when the section is absent.
    public var correlation: CorrelationConfiguration = CorrelationConfiguration()
    /// Things that are allowed but deserve attention (disabled certificate checks, plain HTTP, …).
    public var warnings: [String]
    /// The configuration file, when loaded from one.
    public var sourceFile: String?

    /// Where approved response actions go (the same value as `rollout.actions`).
    public var actions: ResponseActionSettings { rollout.actions }

    /// The planners of ``sources`` (already validated at load, so this does not fail for a loaded configuration).
    public func pollPlanners() throws(IngestionConfigurationError) -> [PollPlanner] {
        var out: [PollPlanner] = []
        for source in sources {
            guard let mapping = mappings[source.mapping] else {
                throw IngestionConfigurationError(source: source.name, message: "unknown mapping '\(source.mapping)'")
            }
            out.append(try PollPlanner(source: source, mapping: mapping))
        }
        return out
    }
}

/// How to reach QRadar.
public struct QRadarSettings: Sendable {
    /// `https://host[:port]` (http only for 127.0.0.1 / localhost), without a trailing `/`.
    public var url: String
    /// The `Version` header (`"20.0"`).
    public var apiVersion: String
    /// The authorized service token (`SEC` header).
    public var token: Secret
    public var tokenOrigin: SecretOrigin
    public var tls: TLSVerification
    /// Read timeout for one request.
    public var timeoutSeconds: Int
    public var retry: RetrySettings
    /// Where autonomous LEEF events go (QRadar's syslog listener); nil = no LEEF events can be sent.
    public var syslog: SyslogTarget?
}

/// How QRadar's certificate is checked.
public enum TLSVerification: Sendable, Hashable, CustomStringConvertible {
    /// Against the system trust roots (the default).
    case systemTrustRoots
    /// Against the CA certificates in a PEM file (absolute path, checked to exist).
    case caBundle(String)
    /// Not at all (`insecure_skip_verify: true`); always listed in the warnings.
    case insecure

    public var description: String {
        switch self {
        case .systemTrustRoots: return "verify with system trust roots"
        case .caBundle(let path): return "verify with CA bundle \(path)"
        case .insecure: return "CERTIFICATE VERIFICATION DISABLED"
        }
    }
}

/// Retries of transient QRadar failures (exponential back-off with jitter).
public struct RetrySettings: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelayMillis: Int64
    public var maxDelayMillis: Int64

    public init(maxAttempts: Int = 5, baseDelayMillis: Int64 = 250, maxDelayMillis: Int64 = 15_000) {
        self.maxAttempts = maxAttempts
        self.baseDelayMillis = baseDelayMillis
        self.maxDelayMillis = maxDelayMillis
    }
}

/// Syslog transports.
public enum SyslogTransport: String, Sendable, Hashable, CaseIterable {
    case tcp, udp, tls
}

/// QRadar's syslog listener, for the LEEF events Vigil sends.
public struct SyslogTarget: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var transport: SyslogTransport
    /// CA bundle for `tls` (nil = system trust roots).
    public var caBundle: String?
}

/// The offense poller and how closing reasons become feedback.
public struct OffenseSettings: Sendable {
    public var enabled: Bool
    public var pollIntervalMillis: Int64
    public var overlapMillis: Int64
    public var pageSize: Int
    public var closingReasons: ClosingReasonMapping

    public init(enabled: Bool = true, pollIntervalMillis: Int64 = EpochMillis.minute, overlapMillis: Int64 = 5 * EpochMillis.minute,
                pageSize: Int = 50, closingReasons: ClosingReasonMapping = .qradarDefault) {
        self.enabled = enabled
        self.pollIntervalMillis = pollIntervalMillis
        self.overlapMillis = overlapMillis
        self.pageSize = pageSize
        self.closingReasons = closingReasons
    }
}

/// The syslog listener for LEEF events that QRadar (or log sources) forward to Vigil.
public struct SyslogListenerSettings: Sendable, Hashable {
    public var host: String
    public var udpPort: Int?
    public var tcpPort: Int?
    public var tlsPort: Int?
    /// PEM certificate chain and private key for the TLS port (absolute paths, checked to exist).
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var maxQueuedMessages: Int
    public var maxMessageBytes: Int
    /// The field mapping that turns LEEF attributes into events.
    public var mapping: String
}

/// The identity of the LEEF events Vigil sends.
public struct LEEFSettings: Sendable, Hashable {
    public var vendor: String
    public var product: String
    public var version: String

    public init(vendor: String = "Vigil", product: String = "Sidecar", version: String = "1.0") {
        self.vendor = vendor
        self.product = product
        self.version = version
    }
}

/// One versioned secret (a pseudonymisation or vault key).
public struct VersionedSecret: Sendable, Hashable {
    public var version: Int
    public var secret: Secret
    public var origin: SecretOrigin
}

/// What is pseudonymised and with which keys.
public struct PrivacySettings: Sendable {
    public var policy: PseudonymizationPolicy
    /// Pseudonymisation keys (each at least 32 bytes), sorted by version.
    public var pseudonymKeys: [VersionedSecret]
    public var currentPseudonymKeyVersion: Int
    /// Keys of the re-identification vault (each exactly 32 bytes, decoded from hex or base64); empty when no vault
    /// is configured (allowed in shadow mode only).
    public var vaultKeys: [VersionedSecret]
    public var currentVaultKeyVersion: Int

    /// The key ring for `Pseudonymizer(keyRing:)`.
    public func makeKeyRing() throws -> PseudonymKeyRing {
        try PseudonymKeyRing(keys: pseudonymKeys.map { try PseudonymKey(version: $0.version, secret: $0.secret.bytes) },
                             current: currentPseudonymKeyVersion)
    }

    /// The cipher for `ReidentificationVault(cipher:)`; nil when no vault key is configured.
    public func makeMappingCipher() throws -> MappingCipher? {
        guard !vaultKeys.isEmpty else { return nil }
        var keys: [Int: [UInt8]] = [:]
        for k in vaultKeys { keys[k.version] = k.secret.bytes }
        return try MappingCipher(keys: keys, current: currentVaultKeyVersion)
    }
}

/// Where Vigil keeps its state.
public struct StorageSettings: Sendable {
    /// The store location for `StoreLocation(parsing:)`: `sqlite:/abs/path.db`, `sqlite::memory:`, or a
    /// `postgres://` URL with the password merged in (hence a secret).
    public var url: Secret
    /// The location with any password replaced by `***`, for logs and summaries.
    public var displayURL: String
    public var isPostgres: Bool
    /// The SQLite file (absolute), nil for memory or PostgreSQL.
    public var sqlitePath: String?
    public var passwordOrigin: SecretOrigin?
}

/// Vigil's own HTTP API.
public struct APISettings: Sendable {
    public var host: String
    public var port: Int
    /// A token granting the admin role at first start (to create real tokens), when configured.
    public var bootstrapAdminToken: Secret?
    public var bootstrapAdminTokenOrigin: SecretOrigin?
    public var metricsRequireAuth: Bool
    /// PEM certificate chain and key for HTTPS (absolute paths); both nil = plain HTTP.
    public var tlsCertificate: String?
    public var tlsKey: String?
}

/// The audit log's anchors.
public struct AuditSettings: Sendable {
    /// HMAC key (≥ 32 bytes) for sealed anchors (`AuditSealer(secret:)`); nil = anchors are not sealed.
    public var sealKey: Secret?
    public var sealKeyOrigin: SecretOrigin?
    public var anchorIntervalMillis: Int64

    /// The sealer, when a key is configured.
    public func makeSealer() throws -> AuditSealer? {
        guard let sealKey else { return nil }
        return try AuditSealer(secret: sealKey.bytes)
    }
}

/// Analytics runtime settings.
public struct AnalyticsSettings: Sendable, Hashable {
    /// How long baselines learn before scores can raise findings.
    public var warmupMillis: Int64
    /// IANA time zone for hour-of-day features when an entity has none.
    public var defaultTimeZone: String
    /// Events scored per batch.
    public var batchSize: Int
    /// The directory/HR file (`vigil.directory.v1`, docs/DIRECTORY.md): departments, roles, time zones, sites and
    /// dated HR facts. `nil`: Vigil learns peers from behaviour alone.
    public var directoryFile: String?
    /// Sigma rule files and folders (docs/DETECTORS.md "Sigma rules"); empty: no Sigma rules run.
    public var sigmaRules: [String]
    /// Lowest Sigma rule level loaded (`informational` … `critical`).
    public var sigmaMinimumLevel: String

    public init(warmupMillis: Int64 = 7 * EpochMillis.day, defaultTimeZone: String = "UTC", batchSize: Int = 5_000,
                directoryFile: String? = nil, sigmaRules: [String] = [], sigmaMinimumLevel: String = "low") {
        self.warmupMillis = warmupMillis
        self.defaultTimeZone = defaultTimeZone
        self.batchSize = batchSize
        self.directoryFile = directoryFile
        self.sigmaRules = sigmaRules
        self.sigmaMinimumLevel = sigmaMinimumLevel
    }
}
