import Foundation
import Governance
import Ingestion
import Testing
import VigilCore
@testable import SidecarConfig

/// A configuration that sets every key, with secrets in files next to it.
@Suite struct FullConfigurationTests {
    static func makeFiles(_ dir: TempDirectory) {
        dir.write("secrets/qradar.token", Fixture.token + "\n")
        dir.write("qradar-ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        dir.write("syslog-ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        dir.write("tls/listener.crt", "cert")
        dir.write("tls/listener.key", "key")
        dir.write("tls/api.crt", "cert")
        dir.write("tls/api.key", "key")
        dir.write("secrets/pseudonym-v1.key", String(repeating: "a", count: 32) + "\n")
        dir.write("secrets/pseudonym-v2.key", String(repeating: "b", count: 40))
        dir.write("secrets/vault.key", Fixture.vaultKeyHex + "\n")
        dir.write("secrets/admin.token", Fixture.adminToken + "\n")
        dir.write("secrets/seal.key", Fixture.sealKey)
        dir.write("secrets/soar.token", "soar-bearer-token\n")
    }

    static let yaml = """
    qradar:
      url: https://qradar.example.com:8443/
      api_version: "19.0"
      token_file: secrets/qradar.token
      ca_bundle: qradar-ca.pem
      insecure_skip_verify: false
      timeout: 90s
      retry:
        max_attempts: 3
        base_delay: 100ms
        max_delay: 5s
      syslog:
        host: qradar-ec.example.com
        port: 6514
        transport: tls
        ca_bundle: syslog-ca.pem
    sources:
      - name: logons
        database: events
        filter: CATEGORYNAME(category) ILIKE '%login%'
        poll_interval: 2m
        overlap: 10m
        max_window: 1h
        ingestion_delay: 3m
        initial_lookback: 1d
        mapping: default
      - name: netflows
        database: flows
        select: SELECT starttime, sourceip, destinationip, sourcebytes, destinationbytes FROM flows
    mappings: {}
    offenses:
      enabled: false
      poll_interval: 2m
      overlap: 10m
      page_size: 100
      closing_reasons:
        "Confirmed Incident": true-positive
        "Scanner": benign:vulnerability-scanner
    syslog_listener:
      enabled: true
      host: 127.0.0.1
      udp_port: 5514
      tcp_port: 5515
      tls_port: 6515
      certificate: tls/listener.crt
      key: tls/listener.key
      max_queued_messages: 500
      max_message_bytes: 8192
      mapping: default
    rollout:
      mode: autonomous
      autonomous_use_cases: [beaconing, lateral-movement]
      min_autonomous_confidence: 0.95
      suspicious_users_set: risky_users
      suspicious_ips_set: risky_ips
      reference_set_ttl: 3d
    actions:
      blocklist_reference_set: blocked_ips
      disable_account_webhook: https://soar.example.com/hooks/disable
      webhook_token_file: secrets/soar.token
      approval_ttl: 2h
    leef:
      vendor: Acme
      product: VigilSidecar
      version: "2.1"
    privacy:
      pseudonymize: [user, source_ip]
      properties:
        "Account Name": user
      keys:
        - version: 1
          secret_file: secrets/pseudonym-v1.key
        - version: 2
          secret_file: secrets/pseudonym-v2.key
      current_key_version: 2
      vault_key_file: secrets/vault.key
    storage:
      url: sqlite:data/vigil.db
    api:
      host: 0.0.0.0
      port: 9555
      admin_token_file: secrets/admin.token
      metrics_require_auth: false
      tls_certificate: tls/api.crt
      tls_key: tls/api.key
    audit:
      seal_key_file: secrets/seal.key
      anchor_interval: 30m
    analytics:
      warmup: 14 days
      default_time_zone: Europe/London
      batch_size: 2000
    """

    @Test func everyKeyIsResolvedToTheExpectedValue() throws {
        let dir = TempDirectory()
        Self.makeFiles(dir)
        let path = dir.write("vigil.yaml", Self.yaml)
        let c = try SidecarConfigLoader.load(path: path, environment: [:])

        #expect(c.sourceFile == path)
        #expect(c.qradar.url == "https://qradar.example.com:8443")
        #expect(c.qradar.apiVersion == "19.0")
        #expect(c.qradar.token.reveal() == Fixture.token)
        #expect(c.qradar.tokenOrigin == .file(dir.path + "/secrets/qradar.token"))
        #expect(c.qradar.tls == .caBundle(dir.path + "/qradar-ca.pem"))
        #expect(c.qradar.timeoutSeconds == 90)
        #expect(c.qradar.retry == RetrySettings(maxAttempts: 3, baseDelayMillis: 100, maxDelayMillis: 5_000))
        #expect(c.qradar.syslog == SyslogTarget(host: "qradar-ec.example.com", port: 6514, transport: .tls, caBundle: dir.path + "/syslog-ca.pem"))

        #expect(c.sources.map(\.name) == ["logons", "netflows"])
        let logons = c.sources[0]
        #expect(logons == SourceDefinition(name: "logons", database: .events, filter: "CATEGORYNAME(category) ILIKE '%login%'",
                                           pollIntervalMillis: 2 * EpochMillis.minute, overlapMillis: 10 * EpochMillis.minute,
                                           maxWindowMillis: EpochMillis.hour, ingestionDelayMillis: 3 * EpochMillis.minute,
                                           initialLookbackMillis: EpochMillis.day, mapping: "default"))
        #expect(c.sources[1].database == .flows)
        #expect(c.sources[1].select?.hasPrefix("SELECT starttime") == true)
        #expect(try c.pollPlanners().count == 2)
        #expect(c.mappings.keys.sorted() == ["default"])

        #expect(!c.offenses.enabled)
        #expect(c.offenses.pollIntervalMillis == 2 * EpochMillis.minute)
        #expect(c.offenses.overlapMillis == 10 * EpochMillis.minute)
        #expect(c.offenses.pageSize == 100)
        #expect(c.offenses.closingReasons.label(forClosingReason: "confirmed incident") == .truePositive)
        #expect(c.offenses.closingReasons.label(forClosingReason: "Scanner") == .benign(.vulnerabilityScanner))
        #expect(c.offenses.closingReasons.label(forClosingReason: "Non-Issue") == .benign(.unspecified), "stock reasons stay")

        let l = try #require(c.syslogListener)
        #expect(l == SyslogListenerSettings(host: "127.0.0.1", udpPort: 5514, tcpPort: 5515, tlsPort: 6515,
                                            tlsCertificate: dir.path + "/tls/listener.crt", tlsKey: dir.path + "/tls/listener.key",
                                            maxQueuedMessages: 500, maxMessageBytes: 8192, mapping: "default"))

        #expect(c.rollout.mode == .autonomous)
        #expect(c.rollout.autonomousUseCases == ["beaconing", "lateral-movement"])
        #expect(c.rollout.minimumAutonomousConfidence == 0.95)
        #expect(c.rollout.suspiciousUsersSet == "risky_users")
        #expect(c.rollout.suspiciousIPsSet == "risky_ips")
        #expect(c.rollout.referenceSetTimeToLive == 3 * EpochMillis.day)
        #expect(c.rollout.actions == ResponseActionSettings(blocklistReferenceSet: "blocked_ips",
                                                            disableAccountWebhook: "https://soar.example.com/hooks/disable",
                                                            approvalTimeToLive: 2 * EpochMillis.hour))
        #expect(c.disableAccountWebhookToken?.reveal() == "soar-bearer-token")

        #expect(c.leef == LEEFSettings(vendor: "Acme", product: "VigilSidecar", version: "2.1"))

        #expect(c.privacy.policy.fields == [.user, .sourceIP])
        #expect(c.privacy.policy.properties == ["Account Name": .user])
        #expect(c.privacy.pseudonymKeys.map(\.version) == [1, 2])
        #expect(c.privacy.pseudonymKeys[0].secret.bytes == Array(String(repeating: "a", count: 32).utf8), "trailing newline trimmed")
        #expect(c.privacy.currentPseudonymKeyVersion == 2)
        #expect(try c.privacy.makeKeyRing().current == 2)
        #expect(c.privacy.vaultKeys.count == 1)
        #expect(c.privacy.vaultKeys[0].secret.bytes == Array(0..<32))
        #expect(try c.privacy.makeMappingCipher()?.current == 1)

        #expect(c.storage.url.reveal() == "sqlite:" + dir.path + "/data/vigil.db")
        #expect(c.storage.sqlitePath == dir.path + "/data/vigil.db")
        #expect(!c.storage.isPostgres)

        #expect(c.api.host == "0.0.0.0")
        #expect(c.api.port == 9555)
        #expect(c.api.bootstrapAdminToken?.reveal() == Fixture.adminToken)
        #expect(!c.api.metricsRequireAuth)
        #expect(c.api.tlsCertificate == dir.path + "/tls/api.crt")
        #expect(c.api.tlsKey == dir.path + "/tls/api.key")

        #expect(c.audit.sealKey?.reveal() == Fixture.sealKey)
        #expect(c.audit.anchorIntervalMillis == 30 * EpochMillis.minute)
        #expect(try c.audit.makeSealer() != nil)

        #expect(c.analytics == AnalyticsSettings(warmupMillis: 14 * EpochMillis.day, defaultTimeZone: "Europe/London", batchSize: 2000))
        #expect(c.warnings.count == 1, "only the unauthenticated metrics: \(c.warnings)")
        #expect(c.warnings.first?.contains("metrics_require_auth") == true)
    }

    @Test func theExampleConfigurationLoadsWithSecretsFromTheEnvironment() throws {
        let dir = TempDirectory()
        let ca = dir.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let example = Fixture.configDirectory + "/vigil.example.yaml"
        let env = [
            "VIGIL_QRADAR_TOKEN": Fixture.token,
            "VIGIL_QRADAR_CA_BUNDLE": ca,
            "VIGIL_PSEUDONYM_KEY": Fixture.pseudonymKey,
            "VIGIL_VAULT_KEY": Fixture.vaultKeyHex,
            "VIGIL_ADMIN_TOKEN": Fixture.adminToken,
            "VIGIL_AUDIT_SEAL_KEY": Fixture.sealKey,
        ]
        let c = try SidecarConfigLoader.load(path: example, environment: env)
        #expect(c.qradar.url == "https://qradar.example.com")
        #expect(c.qradar.tls == .caBundle(ca))
        #expect(c.qradar.token.reveal() == Fixture.token)
        #expect(c.sources.map(\.name) == ["authentication", "vpn", "file-access", "flows"])
        #expect(c.rollout.mode == .shadow)
        #expect(c.syslogListener == nil)
        #expect(c.storage.sqlitePath == Fixture.configDirectory + "/vigil.db")
        #expect(c.privacy.policy == PseudonymizationPolicy(fields: Set(PseudonymizedField.allCases), properties: ["Account Name": .user]))
        #expect(c.privacy.pseudonymKeys.map(\.origin) == [.environment("VIGIL_PSEUDONYM_KEY")])
        #expect(c.audit.sealKeyOrigin == .environment("VIGIL_AUDIT_SEAL_KEY"))
        #expect(c.offenses.closingReasons.label(forClosingReason: "Pen Test") == .benign(.pentestAccount))
    }
}
