import Analytics
import Detectors
import Governance
import Ingestion
import Logging
import Narrative
import NIOSSL
import Prometheus
import QRadarClient
import ServiceLifecycle
import SidecarAPI
import SidecarConfig
import Storage
import Triage
import Syslog
import VigilCore
import WriteBack
import VigilMetrics

/// Every part of a running sidecar, wired from a configuration over a store and a QRadar client. `vigil serve`,
/// `vigil demo` and the end-to-end tests build the same assembly; only who owns the store, the client and the
/// clock differs.
public struct SidecarAssembly: Sendable {
    public let configuration: SidecarConfiguration
    public let store: any VigilStore
    public let client: QRadarClient
    public let clock: any EpochClock
    public let status: StatusBoard
    public let pipeline: SidecarPipeline
    public let writeBack: WriteBackExecutor
    public let approvals: ApprovalQueue
    public let vault: ReidentificationVault?
    public let gate: PrivacyGate
    public let control: SidecarControlService
    public let registry: PrometheusCollectorRegistry
    public let metrics: SidecarMetrics
    public let ariel: ArielIngestionService
    public let offenses: OffenseFollower?
    public let leefSender: SyslogSender?
    public let syslogReceiver: SyslogReceiver?
    public let syslogIngest: SyslogIngestService?
    public let api: SidecarAPIServer
    public let actions: ResponseActionExecutor
    let logger: Logger

    /// Builds the sidecar. Nothing runs until ``services(apiPort:onAPIReady:)`` are run in a service group.
    public init(configuration c: SidecarConfiguration, store: any VigilStore, client: QRadarClient,
                clock: any EpochClock = SystemEpochClock(), writeBackSettings: WriteBackSettings? = nil,
                logger: Logger = Logger(label: "vigil.sidecar")) throws {
        configuration = c
        self.store = store
        self.client = client
        self.clock = clock
        self.logger = logger
        status = StatusBoard(startedAt: clock.now())
        registry = PrometheusCollectorRegistry()
        metrics = SidecarMetrics(registry: registry)

        let core = try TriageCore(configuration: c)
        gate = core.gate
        if let path = c.analytics.directoryFile {
            let d = core.directorySummary
            logger.info("directory loaded", metadata: ["file": "\(path)", "accounts": "\(d.accounts)", "hosts": "\(d.hosts)",
                                                      "sites": "\(d.sites)", "changes": "\(d.changes)"])
            for p in core.directoryProblems.prefix(50) { logger.warning("directory entry skipped", metadata: ["problem": "\(p)"]) }
            if core.directoryProblems.count > 50 {
                logger.warning("more directory entries skipped", metadata: ["count": "\(core.directoryProblems.count - 50)"])
            }
        }
        if let rules = core.sigmaRules {
            let counts = rules.rejectedCounts
            logger.info("Sigma rules loaded", metadata: [
                "loaded": "\(rules.rules.count)", "malformed": "\(counts[.malformed] ?? 0)", "unsupported": "\(counts[.unsupported] ?? 0)",
                "other_log_source": "\(counts[.otherLogSource] ?? 0)", "excluded": "\(counts[.excluded] ?? 0)",
            ])
            for r in rules.rejected where r.kind == .malformed || r.kind == .unsupported {
                logger.warning("Sigma rule not loaded", metadata: ["rule": "\(r)"])
            }
        }
        if let cipher = try c.privacy.makeMappingCipher() {
            vault = ReidentificationVault(store: store, audit: store, cipher: cipher, clock: clock)
        } else {
            vault = nil
        }
        approvals = ApprovalQueue(store: store, workflow: ApprovalWorkflow(settings: c.rollout.actions), clock: clock)

        if let target = c.qradar.syslog {
            leefSender = SyslogSender(configuration: try Self.senderConfiguration(target), logger: logger)
        } else {
            leefSender = nil
        }
        var wbSettings = writeBackSettings ?? WriteBackSettings(policy: c.rollout)
        wbSettings.leefProductVersion = c.leef.version
        writeBack = WriteBackExecutor(
            client: client, ledger: store, audit: store, vault: vault, leefSender: leefSender.map { SyslogLEEFEventSender(sender: $0) },
            settings: wbSettings, clock: clock, logger: logger)

        pipeline = SidecarPipeline(
            store: store, vault: vault, writeBack: writeBack, approvals: approvals, core: core, metrics: metrics, clock: clock,
            logger: logger)

        var sources: [ArielSource] = []
        for s in c.sources {
            guard let mapping = c.mappings[s.mapping] else {
                throw IngestionConfigurationError(source: s.name, message: "unknown mapping '\(s.mapping)'")
            }
            sources.append(try ArielSource(definition: s, mapping: mapping))
        }
        ariel = ArielIngestionService(
            sources: sources, client: client, pipeline: pipeline, store: store, status: status, clock: clock,
            searchTimeout: .seconds(Int64(max(10, c.qradar.timeoutSeconds * 5))), warmupMillis: c.analytics.warmupMillis, logger: logger)
        if c.offenses.enabled {
            offenses = OffenseFollower(
                client: client, pipeline: pipeline, store: store, status: status, clock: clock, gate: gate,
                planner: OffensePollPlanner(overlapMillis: c.offenses.overlapMillis, pageSize: c.offenses.pageSize),
                closingReasons: c.offenses.closingReasons, pollIntervalMillis: c.offenses.pollIntervalMillis, logger: logger)
        } else {
            offenses = nil
        }
        if let l = c.syslogListener {
            let receiver = SyslogReceiver(configuration: try Self.receiverConfiguration(l), logger: logger)
            syslogReceiver = receiver
            guard let mapping = c.mappings[l.mapping] else {
                throw IngestionConfigurationError(source: "syslog", message: "unknown mapping '\(l.mapping)'")
            }
            syslogIngest = SyslogIngestService(receiver: receiver, pipeline: pipeline, normalizer: LEEFNormalizer(mapping: mapping),
                                               status: status, clock: clock, logger: logger)
        } else {
            syslogReceiver = nil
            syslogIngest = nil
        }
        var webhooks: [SOARWebhook] = []
        if let url = c.rollout.actions.disableAccountWebhook {
            // Named by its URL: the rollout policy puts the URL into each disable-account request.
            webhooks.append(SOARWebhook(name: url, url: url, bearerToken: c.disableAccountWebhookToken?.reveal()))
        }
        actions = ResponseActionExecutor(
            client: client, vault: vault, audit: store, ledger: store,
            settings: ResponseExecutionSettings(blocklistReferenceSet: c.rollout.actions.blocklistReferenceSet,
                                                blocklistTimeToLive: c.rollout.referenceSetTimeToLive, webhooks: webhooks),
            clock: clock, logger: logger)
        control = SidecarControlService(
            pipeline: pipeline, store: store, status: status, approvals: approvals, actions: actions, vault: vault,
            writeBack: writeBack, mode: c.rollout.mode, clock: clock, logger: logger)
        api = SidecarAPIServer(
            store: store, control: control, metrics: metrics, permissions: .default, clock: clock,
            settings: SidecarAPISettings(host: c.api.host, port: c.api.port, metricsRequireAuth: c.api.metricsRequireAuth),
            auditSealer: try c.audit.makeSealer(), logger: logger)
    }

    /// Makes sure the configured bootstrap admin token can be used (its hash stored, never the token).
    public func installBootstrapToken() async throws {
        guard let token = configuration.api.bootstrapAdminToken?.reveal() else { return }
        guard let id = APITokens.tokenID(of: token) else {
            throw SidecarSetupError("api.admin_token is not a Vigil token (vgl_<16 hex>_<43 base64url>); issue one with `vigil token issue`")
        }
        if try await store.token(id: id) != nil { return }
        try await store.saveToken(APITokenRecord(id: id, name: "bootstrap-admin", role: .admin, hash: APITokens.hash(token),
                                                 createdAt: clock.now(), createdBy: "configuration", expiresAt: nil))
        _ = try await store.appendAudit([.configuration(change: "bootstrap admin token installed", details: ["tokenID": .string(id)],
                                                        time: clock.now(), actor: AuditDraft.systemActor)])
    }

    /// The services, in start order; the service group stops them in reverse, so ingestion stops first (finishing
    /// its batch and checkpoint), then write-back makes a last pass, then the API goes.
    public func services(onAPIReady: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        var list: [any Service] = []
        list.append(api.makeApplication(onServerRunning: onAPIReady))
        if let leefSender { list.append(leefSender) }
        list.append(WriteBackService(executor: writeBack, logger: logger))
        list.append(ApprovalExpiryService(queue: approvals, logger: logger))
        list.append(MetricsRefreshService(control: control, metrics: metrics))
        if let syslogIngest { list.append(syslogIngest) }
        if let syslogReceiver { list.append(syslogReceiver) }
        list.append(ariel)
        if let offenses { list.append(offenses) }
        return list
    }

    static func senderConfiguration(_ t: SyslogTarget) throws -> SyslogSenderConfiguration {
        let transport: Syslog.SyslogTransport
        switch t.transport {
        case .tcp: transport = .tcp
        case .udp: transport = .udp
        case .tls: transport = .tls
        }
        var tls = SyslogTLSClientConfiguration()
        if let ca = t.caBundle {
            tls = .customCA(try NIOSSLCertificate.fromPEMFile(ca), serverHostname: t.host)
        }
        // No replay after a broken connection: a replayed LEEF event would be a second offense contribution. A
        // write lost in flight is found missing by the executor's Ariel check instead.
        return SyslogSenderConfiguration(transport: transport, host: t.host, port: t.port, tls: tls, replayWindow: .zero)
    }

    static func receiverConfiguration(_ l: SyslogListenerSettings) throws -> SyslogReceiverConfiguration {
        var listeners: [SyslogReceiverConfiguration.Listener] = []
        if let p = l.udpPort { listeners.append(.udp(host: l.host, port: p)) }
        if let p = l.tcpPort { listeners.append(.tcp(host: l.host, port: p)) }
        if let p = l.tlsPort, let cert = l.tlsCertificate, let key = l.tlsKey {
            listeners.append(.tls(host: l.host, port: p, configuration: try SyslogTLSServerConfiguration(
                certificateChainPEMFile: cert, privateKeyPEMFile: key)))
        }
        return SyslogReceiverConfiguration(listeners: listeners, maxMessageLength: l.maxMessageBytes, queueCapacity: l.maxQueuedMessages)
    }
}

/// A problem found while setting the sidecar up.
public struct SidecarSetupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Keeps the gauges (lag, pending writes and approvals, entities) current for `/metrics`.
struct MetricsRefreshService: Service {
    let control: SidecarControlService
    let metrics: SidecarMetrics

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            metrics.update(from: await control.status())
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) }
        }
    }
}
