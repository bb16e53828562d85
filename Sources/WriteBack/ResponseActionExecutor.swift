import AsyncHTTPClient
import Foundation
import Governance
import Logging
import NIOCore
import QRadarClient
import StorageCore
import VigilCore

/// A SOAR playbook webhook that response actions can call.
public struct SOARWebhook: Sendable, CustomStringConvertible {
    /// The name response actions refer to (``ResponseActionSettings/disableAccountWebhook``).
    public var name: String
    /// `https://…`; plain `http://` only to a loopback address (a local relay or a test).
    public var url: String
    /// Sent as `Authorization: Bearer …` when set; never logged or audited.
    public var bearerToken: String?
    /// Longest wait for the SOAR's answer.
    public var timeout: Duration

    public init(name: String, url: String, bearerToken: String? = nil, timeout: Duration = .seconds(30)) {
        self.name = name
        self.url = url
        self.bearerToken = bearerToken
        self.timeout = timeout
    }

    /// The name and URL; the token is redacted.
    public var description: String {
        "SOARWebhook(name: \(name), url: \(url), bearerToken: \(bearerToken == nil ? "none" : "<redacted>"))"
    }
}

/// Where approved response actions go.
public struct ResponseExecutionSettings: Sendable {
    /// The blocklist reference set, when the action names none (`parameters["referenceSet"]`).
    public var blocklistReferenceSet: String
    /// Time to live of blocklist entries when Vigil creates the set; `nil` keeps them until removed.
    public var blocklistTimeToLive: Int64?
    /// Webhooks by name.
    public var webhooks: [String: SOARWebhook]

    public init(blocklistReferenceSet: String = "vigil_blocklist_ips", blocklistTimeToLive: Int64? = nil, webhooks: [SOARWebhook] = []) {
        self.blocklistReferenceSet = blocklistReferenceSet
        self.blocklistTimeToLive = blocklistTimeToLive
        self.webhooks = Dictionary(webhooks.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }
}

/// Why a response action was not carried out.
public enum ResponseActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Only approved requests are executed.
    case notApproved(ApprovalStatus)
    /// The action names a webhook that is not configured, or no webhook at all.
    case webhookNotConfigured(String?)
    /// The webhook URL is not usable (not https, or http to a non-loopback host).
    case invalidWebhookURL(String)
    /// The SOAR answered with a non-2xx status.
    case webhookRejected(status: Int, body: String)
    /// The SOAR could not be reached or did not answer in time.
    case webhookUnreachable(String)
    /// The target could not be resolved to a clear value.
    case unresolvableTarget(String)
    /// QRadar refused or failed the blocklist write.
    case qradar(String)

    public var description: String {
        switch self {
        case .notApproved(let status): return "the request is \(status.rawValue), not approved: response actions need a person's approval"
        case .webhookNotConfigured(let name): return "no SOAR webhook is configured" + (name.map { " under the name '\($0)'" } ?? "")
        case .invalidWebhookURL(let url): return "the webhook URL must be https (or http to a loopback address): \(url.prefix(200))"
        case .webhookRejected(let status, let body): return "the SOAR webhook answered HTTP \(status): \(body)"
        case .webhookUnreachable(let why): return "the SOAR webhook could not be reached: \(why)"
        case .unresolvableTarget(let why): return "the target cannot be re-identified: \(why)"
        case .qradar(let why): return "QRadar: \(why)"
        }
    }
}

/// Carries out response actions that a person approved: block an IP (add it to the blocklist reference set,
/// creating the set, type `IP`, when missing) or disable an account (POST to the configured SOAR webhook).
///
/// A request that is not `approved` is refused, whatever the caller says. Targets are re-identified through the
/// vault only here. Each execution is recorded in the write ledger under a key derived from the approval id: one
/// that is done is not carried out again (its recorded detail is returned). A webhook call that is retried after a
/// crash is sent again with the same `Idempotency-Key` header (the approval id), for the SOAR to recognise.
public struct ResponseActionExecutor: Sendable {
    let client: QRadarClient
    let httpClient: HTTPClient
    let ownsHTTPClient: Bool
    let reidentifier: Reidentifier
    let audit: any AuditLogStore
    let ledger: (any WriteLedger)?
    let settings: ResponseExecutionSettings
    let clock: any EpochClock
    let logger: Logger

    /// - Parameters:
    ///   - httpClient: for the webhooks, owned by the caller; `nil` makes one (``makeHTTPClient()``) that
    ///     ``shutdown()`` closes.
    ///   - ledger: records executions so that a repeated call does not act twice; `nil` disables that guard.
    public init(client: QRadarClient, httpClient: HTTPClient? = nil, vault: ReidentificationVault?, audit: any AuditLogStore,
                ledger: (any WriteLedger)?, settings: ResponseExecutionSettings, clock: any EpochClock = SystemEpochClock(),
                logger: Logger = Logger(label: "vigil.response-actions")) {
        self.client = client
        self.httpClient = httpClient ?? Self.makeHTTPClient()
        self.ownsHTTPClient = httpClient == nil
        self.reidentifier = Reidentifier(vault: vault)
        self.audit = audit
        self.ledger = ledger
        self.settings = settings
        self.clock = clock
        self.logger = logger
    }

    /// An HTTP client for webhooks: certificate verification on (system trust roots), redirects refused (so the
    /// bearer token cannot be carried elsewhere). Shut it down when done.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the HTTP client when this executor made it (copies share it: call once, when done with all of them).
    public func shutdown() async throws {
        if ownsHTTPClient { try await httpClient.shutdown() }
    }

    /// The ledger key of an approval's execution.
    public static func ledgerKey(approvalID: String) -> String { stableID("vigil.response.v1", approvalID) }

    /// Executes an approved request and returns what was done (no clear identities in it).
    ///
    /// - Throws: ``ResponseActionError`` (`notApproved` for any status but `approved`), and audits the failure.
    public func execute(_ request: ApprovalRequest) async throws -> String {
        guard request.status == .approved else { throw ResponseActionError.notApproved(request.status) }
        let key = Self.ledgerKey(approvalID: request.id)
        let target = request.action.kind.rawValue
        let previous = try await ledger?.entry(forKey: key)
        if let done = previous, done.state == .done {
            return done.payload ?? "already executed"
        }
        // Counted before acting, so a crash during the call is known to be a retry.
        var attempt = previous ?? WriteLedgerEntry(key: key, target: target, state: .pending, attempts: 0, updatedAt: clock.now())
        attempt.attempts += 1
        attempt.state = .pending
        attempt.updatedAt = clock.now()
        try await ledger?.record(attempt)

        do {
            let detail: String
            switch request.action.kind {
            case .blockIP: detail = try await blockIP(request)
            case .disableAccount: detail = try await disableAccount(request)
            }
            attempt.state = .done
            attempt.payload = detail
            attempt.updatedAt = clock.now()
            try await ledger?.record(attempt)
            try await audit.appendAudit(AuditDraft.writeBack(
                findingID: request.findingID, target: target, idempotencyKey: key, outcome: "done", detail: detail, time: clock.now()))
            return detail
        } catch {
            let reason = (error as? ResponseActionError)?.description ?? String(describing: error)
            attempt.state = .failed
            attempt.payload = reason
            attempt.updatedAt = clock.now()
            // The failure is what matters to the caller; a ledger or audit problem on top is logged.
            do { try await ledger?.record(attempt) } catch { logger.error("Could not record a failed response action", metadata: ["vigil.error": "\(error)"]) }
            do {
                try await audit.appendAudit(AuditDraft.writeBack(
                    findingID: request.findingID, target: target, idempotencyKey: key, outcome: "failed", detail: reason, time: clock.now()))
            } catch {
                logger.error("Could not audit a failed response action", metadata: ["vigil.error": "\(error)"])
            }
            throw error
        }
    }

    /// Executes the approval `id` from `queue` and records the outcome there (executed, or failed with the
    /// reason). Refuses requests that are not approved without changing them.
    @discardableResult
    public func execute(approvalID id: String, queue: ApprovalQueue) async throws -> ApprovalRequest {
        guard let request = try await queue.store.approval(id: id) else { throw ApprovalError.notFound(id) }
        guard request.status == .approved else { throw ResponseActionError.notApproved(request.status) }
        let detail: String
        do {
            detail = try await execute(request)
        } catch {
            let reason = (error as? ResponseActionError)?.description ?? String(describing: error)
            _ = try await queue.markFailed(id: id, reason: reason)
            throw error
        }
        return try await queue.markExecuted(id: id, detail: detail)
    }

    // MARK: Actions

    private func blockIP(_ request: ApprovalRequest) async throws -> String {
        let set = request.action.parameters["referenceSet"].flatMap { $0.isEmpty ? nil : $0 } ?? settings.blocklistReferenceSet
        let address: String
        do {
            address = try await reidentifier.clearValue(request.action.target, findingID: request.findingID)
        } catch let failure as Reidentifier.Failure {
            guard case .unresolvable(let why) = failure else { throw failure }
            throw ResponseActionError.unresolvableTarget(why)
        }
        do {
            try await ReferenceSetWriter(client: client).add(address, to: set, elementType: .ip, timeToLive: settings.blocklistTimeToLive)
        } catch let error as QRadarAPIError {
            throw ResponseActionError.qradar(error.description)
        } catch let error as QRadarTransportError {
            throw ResponseActionError.qradar(error.description)
        }
        return "added the address to reference set '\(set)'"
    }

    private func disableAccount(_ request: ApprovalRequest) async throws -> String {
        let name = request.action.parameters["webhook"].flatMap { $0.isEmpty ? nil : $0 }
        guard let hookName = name ?? (settings.webhooks.count == 1 ? settings.webhooks.keys.first : nil),
              let hook = settings.webhooks[hookName]
        else { throw ResponseActionError.webhookNotConfigured(name) }
        guard Self.isAcceptable(url: hook.url) else { throw ResponseActionError.invalidWebhookURL(hook.url) }
        let account: String
        do {
            account = try await reidentifier.clearValue(request.action.target, findingID: request.findingID)
        } catch let failure as Reidentifier.Failure {
            guard case .unresolvable(let why) = failure else { throw failure }
            throw ResponseActionError.unresolvableTarget(why)
        }
        let body = WebhookBody(
            action: request.action.kind.rawValue, account: account, findingID: request.findingID, approvalID: request.id,
            approvedBy: request.decidedBy ?? "", evidence: request.evidence)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var http = HTTPClientRequest(url: hook.url)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "Idempotency-Key", value: request.id)
        http.headers.add(name: "User-Agent", value: "Vigil-Sidecar/1.0")
        if let token = hook.bearerToken, !token.isEmpty { http.headers.add(name: "Authorization", value: "Bearer \(token)") }
        http.body = .bytes(ByteBuffer(bytes: try encoder.encode(body)))

        let status: Int
        let answer: String
        do {
            let response = try await httpClient.execute(http, timeout: .nanoseconds(hook.timeout.totalNanoseconds))
            status = Int(response.status.code)
            let bytes = try await response.body.collect(upTo: 64 * 1024)
            answer = String(buffer: bytes)
        } catch {
            throw ResponseActionError.webhookUnreachable(String(describing: error))
        }
        guard (200...299).contains(status) else {
            throw ResponseActionError.webhookRejected(status: status, body: String(answer.prefix(300)))
        }
        var detail = "SOAR webhook '\(hook.name)' accepted the request (HTTP \(status))"
        if let run = Self.runID(in: answer) { detail += ", run \(run)" }
        logger.info("Response action executed", metadata: [
            "vigil.approval": "\(request.id)", "vigil.action": "\(request.action.kind.rawValue)", "vigil.webhook": "\(hook.name)",
        ])
        return detail
    }

    struct WebhookBody: Encodable {
        var action: String
        var account: String
        var findingID: String
        var approvalID: String
        var approvedBy: String
        var evidence: [String]
    }

    /// `https://…`, or `http://` to 127.0.0.0/8, `localhost` or `[::1]`.
    static func isAcceptable(url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") { return lower.count > 8 }
        guard lower.hasPrefix("http://") else { return false }
        let rest = lower.dropFirst(7)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return false }
        let host: Substring
        if authority.hasPrefix("[") {
            host = authority.prefix { $0 != "]" }.dropFirst()
            return host == "::1"
        }
        host = authority.prefix { $0 != ":" }
        return host == "localhost" || host.hasPrefix("127.")
    }

    /// A run id from a SOAR's JSON answer (`id`, `runId`, `run_id`), when there is one.
    static func runID(in body: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        for key in ["runId", "run_id", "id"] {
            if let text = object[key] as? String, !text.isEmpty, text.count <= 100 { return text }
            if let number = object[key] as? Int { return String(number) }
        }
        return nil
    }
}

extension Duration {
    var totalNanoseconds: Int64 {
        let c = components
        return c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
    }
}
