import Foundation
import Governance
import Ingestion
#if canImport(Glibc)
import Glibc
#endif
import Logging
import QRadarClient
import ServiceLifecycle
import SidecarConfig
import Storage
import StoragePostgres
import VigilCore

/// Starting and checking the sidecar from a configuration.
public enum SidecarRuntime {
    /// The QRadar client a configuration describes. The token goes only into the client's header (which the client
    /// redacts from its logs).
    public static func clientConfiguration(_ c: SidecarConfiguration) -> QRadarClientConfiguration {
        let tls: QRadarTLSConfiguration
        switch c.qradar.tls {
        case .systemTrustRoots: tls = .verifyWithSystemTrustRoots
        case .caBundle(let path): tls = .customCABundle(pemFile: path)
        case .insecure: tls = .dangerouslyDisableCertificateVerification
        }
        var retry = QRadarRetryPolicy()
        retry.maxAttempts = c.qradar.retry.maxAttempts
        retry.initialBackoff = .milliseconds(c.qradar.retry.baseDelayMillis)
        retry.maxBackoff = .milliseconds(c.qradar.retry.maxDelayMillis)
        return QRadarClientConfiguration(
            baseURL: c.qradar.url, authentication: .secToken(c.qradar.token.reveal()), apiVersion: c.qradar.apiVersion, tls: tls,
            readTimeout: .seconds(Int64(c.qradar.timeoutSeconds)), requestTimeout: .seconds(Int64(c.qradar.timeoutSeconds) * 2),
            retry: retry)
    }

    /// Runs the sidecar until SIGTERM or SIGINT; on either, ingestion finishes its batch and checkpoint, write-back
    /// makes a last pass, and the process exits.
    /// - Parameters:
    ///   - before: services started before the sidecar's and stopped after them (the demo's emulator).
    ///   - after: services started after the sidecar's and stopped first (the demo's progress reporter); when one
    ///     of them returns, the whole group shuts down gracefully (the demo's `--exit-after`).
    public static func run(configuration c: SidecarConfiguration, logger: Logger,
                           before: [any Service] = [], after: @escaping @Sendable (SidecarAssembly) -> [any Service] = { _ in [] },
                           onAPIReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        for w in c.warnings { logger.warning("configuration: \(w)") }
        let location = try StoreLocation(parsing: c.storage.url.reveal())
        try await VigilStoreOpener.withStore(at: location, logger: logger) { store in
            let client = try QRadarClient(configuration: clientConfiguration(c), logger: logger)
            do {
                let assembly = try SidecarAssembly(configuration: c, store: store, client: client, logger: logger)
                do {
                    try await runAssembly(assembly, configuration: c, store: store, logger: logger, before: before, after: after,
                                          onAPIReady: onAPIReady)
                } catch {
                    // The response-action executor owns an HTTP client, which must be shut down on every path.
                    try? await assembly.actions.shutdown()
                    throw error
                }
                try await assembly.actions.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    static func runAssembly(_ assembly: SidecarAssembly, configuration c: SidecarConfiguration, store: any VigilStore, logger: Logger,
                            before: [any Service], after: @escaping @Sendable (SidecarAssembly) -> [any Service],
                            onAPIReady: @escaping @Sendable (Int) async -> Void) async throws {
        try await assembly.installBootstrapToken()
        // Campaigns raised before a restart grow under their findings instead of being raised again.
        let restored = try await assembly.pipeline.restoreCampaigns()
        if restored > 0 { logger.info("campaigns restored from stored findings", metadata: ["campaigns": "\(restored)"]) }
        _ = try await store.appendAudit([.configuration(
            change: "sidecar started",
            details: ["mode": .string(c.rollout.mode.rawValue), "sources": .strings(c.sources.map(\.name)),
                      "qradar": .string(c.qradar.url), "storage": .string(c.storage.displayURL)],
            time: SystemEpochClock().now(), actor: AuditDraft.systemActor)])
        logger.info("sidecar starting", metadata: [
            "mode": "\(c.rollout.mode.rawValue)", "qradar": "\(c.qradar.url)", "sources": "\(c.sources.map(\.name))",
            "storage": "\(c.storage.displayURL)", "api": "\(c.api.host):\(c.api.port)",
        ])
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = before.map { .init(service: $0) }
        services += assembly.services(onAPIReady: onAPIReady).map { .init(service: $0) }
        services += after(assembly).map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) }
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        try await group.run()
    }

    /// What `vigil serve --check` found.
    public struct CheckReport: Sendable {
        public var lines: [String] = []
        public var ok = true
        mutating func pass(_ s: String) { lines.append("ok    " + s) }
        mutating func fail(_ s: String) { lines.append("FAIL  " + s); ok = false }
        mutating func warn(_ s: String) { lines.append("warn  " + s) }
    }

    /// Validates what cannot be validated offline: QRadar answers with the token (and the API version exists), each
    /// source's AQL is accepted by Ariel, the store opens (and migrates), and the syslog target accepts a
    /// connection. Starts nothing.
    public static func check(configuration c: SidecarConfiguration, logger: Logger) async -> CheckReport {
        var report = CheckReport()
        for w in c.warnings { report.warn(w) }
        do {
            let client = try QRadarClient(configuration: clientConfiguration(c), logger: logger)
            do {
                let versions = try await client.apiVersions().collect().compactMap(\.version)
                if versions.contains(c.qradar.apiVersion) {
                    report.pass("QRadar at \(c.qradar.url) answers; API version \(c.qradar.apiVersion) is available")
                } else {
                    report.fail("QRadar at \(c.qradar.url) does not offer API version \(c.qradar.apiVersion) (it offers \(versions.suffix(5).joined(separator: ", ")))")
                }
                // The token is checked by a call that needs it.
                _ = try await client.offenses(QRadarListQuery(fields: "id")).page(start: 0, count: 1)
                report.pass("the token is accepted (offenses readable)")
                for s in c.sources {
                    do {
                        guard let mapping = c.mappings[s.mapping] else { throw SidecarSetupError("unknown mapping '\(s.mapping)'") }
                        // As `serve` does: mapped custom properties this console does not define are left out.
                        let columns = try await client.arielColumns(database: s.database.rawValue)
                        let (source, missing) = try ArielSource(definition: s, mapping: mapping).restricted(toColumns: columns)
                        if !missing.isEmpty {
                            report.warn("source '\(s.name)': QRadar does not define the mapped custom properties \(missing.joined(separator: ", ")); they are left out")
                        }
                        let planner = source.planner
                        let now = SystemEpochClock().now()
                        let from = now - 2 * EpochMillis.minute
                        if let plan = planner.plan(checkpoint: .init(watermark: from), now: now + s.ingestionDelayMillis) {
                            var rows = 0
                            for try await _ in client.runQuery(aql: plan.query, timeout: .seconds(120)) { rows += 1 }
                            report.pass("source '\(s.name)': Ariel accepts the query (\(rows) rows in the last minute)")
                        }
                    } catch {
                        report.fail("source '\(s.name)': \(error)")
                    }
                }
            } catch {
                report.fail("QRadar at \(c.qradar.url): \(error)")
            }
            try? await client.shutdown()
        } catch {
            report.fail("QRadar client: \(error)")
        }
        do {
            let location = try StoreLocation(parsing: c.storage.url.reveal())
            try await VigilStoreOpener.withStore(at: location, logger: logger) { store in
                _ = try await store.auditHead()
            }
            report.pass("store \(c.storage.displayURL) opens (migrations applied)")
        } catch {
            report.fail("store \(c.storage.displayURL): \(error)")
        }
        if let t = c.qradar.syslog, t.transport != .udp {
            if TCPProbe.canConnect(host: t.host, port: t.port) {
                report.pass("syslog target \(t.host):\(t.port) accepts connections")
            } else {
                report.fail("syslog target \(t.host):\(t.port) refuses connections (autonomous LEEF events would wait)")
            }
        }
        if c.rollout.mode != .shadow, c.privacy.vaultKeys.isEmpty, !c.privacy.policy.fields.isEmpty {
            report.fail("privacy: \(c.rollout.mode.rawValue) mode writes user names and addresses into QRadar, which needs the re-identification vault (privacy.vault_key_file)")
        }
        return report
    }
}

/// A plain TCP connect, for `--check`.
enum TCPProbe {
    static func canConnect(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else { return false }
        defer { freeaddrinfo(result) }
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let ai = cursor {
            let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            if fd >= 0 {
                defer { close(fd) }
                if connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 { return true }
            }
            cursor = ai.pointee.ai_next
        }
        return false
    }
}
