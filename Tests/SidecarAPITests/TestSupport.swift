import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import SidecarAPI
import Storage
import Testing
import VigilCore

/// A fake sidecar: records what the API asks, and does what the real one would to the store (feedback is saved,
/// decisions go through the real approval queue).
actor FakeControl: SidecarControl {
    struct FeedbackCall: Sendable, Hashable {
        var findingID: String
        var label: FeedbackLabel
        var note: String?
        var principal: APIPrincipal
    }

    struct DecisionCall: Sendable, Hashable {
        var id: String
        var approve: Bool
        var note: String?
        var principal: APIPrincipal
    }

    struct ReidentifyCall: Sendable, Hashable {
        var pseudonym: String
        var reason: String
        var principal: APIPrincipal
    }

    let store: SQLiteStore
    let clock: ManualEpochClock
    var statusValue: SidecarStatus
    var qualityValue: QualityReport?
    var reidentifyValues: [String: String] = [:]
    var decisionError: (any Error)?
    private(set) var feedbackCalls: [FeedbackCall] = []
    private(set) var decisionCalls: [DecisionCall] = []
    private(set) var reidentifyCalls: [ReidentifyCall] = []

    init(store: SQLiteStore, clock: ManualEpochClock) {
        self.store = store
        self.clock = clock
        self.statusValue = SidecarStatus(mode: .shadow, startedAt: clock.now())
    }

    func setStatus(_ status: SidecarStatus) { statusValue = status }
    func setReidentifyValues(_ values: [String: String]) { reidentifyValues = values }
    func setDecisionError(_ error: (any Error)?) { decisionError = error }

    func status() async -> SidecarStatus { statusValue }

    func submitFeedback(findingID: String, label: FeedbackLabel, note: String?, principal: APIPrincipal) async throws -> FeedbackRecord {
        feedbackCalls.append(FeedbackCall(findingID: findingID, label: label, note: note, principal: principal))
        let record = FeedbackRecord(id: "fb-\(feedbackCalls.count)", findingID: findingID, label: label, source: .analyst,
                                    actor: principal.name, note: note, time: clock.now())
        try await store.saveFeedback(record)
        return record
    }

    func decideApproval(id: String, approve: Bool, note: String?, principal: APIPrincipal) async throws -> ApprovalRequest {
        decisionCalls.append(DecisionCall(id: id, approve: approve, note: note, principal: principal))
        if let decisionError { throw decisionError }
        return try await ApprovalQueue(store: store, clock: clock).decide(id: id, approve: approve, by: principal.name, role: principal.role, note: note)
    }

    func reidentify(pseudonym: String, reason: String, principal: APIPrincipal) async throws -> String {
        reidentifyCalls.append(ReidentifyCall(pseudonym: pseudonym, reason: reason, principal: principal))
        guard let value = reidentifyValues[pseudonym] else { throw GovernanceError.unknownPseudonym(pseudonym) }
        return value
    }

    func quality() async -> QualityReport {
        qualityValue ?? QualityReportBuilder(days: 3).build(samples: [], feedback: [], now: clock.now())
    }
}

/// One in-memory store, a fake control, a token per role and the API over them.
struct TestEnvironment {
    static let start: EpochMillis = 1_800_000_000_000

    let store: SQLiteStore
    let clock: ManualEpochClock
    let control: FakeControl
    let registry: PrometheusCollectorRegistry
    let server: SidecarAPIServer
    /// A valid token for each role.
    let tokens: [Role: String]
    /// The token records' ids, by role.
    let tokenIDs: [Role: String]

    init(settings: SidecarAPISettings = SidecarAPISettings(), permissions: PermissionMatrix = .default) async throws {
        store = try SQLiteStore(path: nil)
        clock = ManualEpochClock(Self.start)
        control = FakeControl(store: store, clock: clock)
        registry = PrometheusCollectorRegistry()
        server = SidecarAPIServer(store: store, control: control, registry: registry, permissions: permissions, clock: clock,
                                  settings: settings)
        var tokens: [Role: String] = [:]
        var ids: [Role: String] = [:]
        for role in Role.allCases {
            let issued = try APITokens.issue(name: "\(role.rawValue)-user", role: role, createdBy: "test", now: clock.now(), lifetime: nil)
            try await store.saveToken(issued.record)
            tokens[role] = issued.token
            ids[role] = issued.record.id
        }
        self.tokens = tokens
        self.tokenIDs = ids
    }

    func token(_ role: Role) throws -> String { try #require(tokens[role]) }

    /// Runs `body` against the API through Hummingbird's router test client.
    func run(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await server.makeApplication().test(.router) { client in try await body(client) }
    }

    @discardableResult
    func saveFinding(id: String, time: EpochMillis, entity: String = "user:u_v1_00000000000000000000000000000001",
                     severity: Severity = .medium, status: FindingStatus = .open, body: String = #"{"narrative":"n"}"#) async throws -> StoredFinding {
        let f = StoredFinding(id: id, time: time, entity: entity, severity: severity, title: "finding \(id)", body: body, status: status,
                              updatedAt: time)
        try await store.saveFinding(f)
        return f
    }

    /// Queues a pending approval requested by Vigil, to block an address of its own (one per id: Vigil's requests for
    /// the same target would share one).
    @discardableResult
    func queueApproval(id: String) async throws -> ApprovalRequest {
        let target = "ip_v1_" + String(repeating: "0", count: 16) + stableID("approval-target", id)
        return try await ApprovalQueue(store: store, clock: clock).submit(
            id: id, action: ResponseAction(kind: .blockIP, target: target), findingID: "f-1",
            summary: "block it", evidence: ["e1"], requestedBy: .system("pipeline"))
    }
}

extension TestClientProtocol {
    /// A request with an optional bearer token and JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> JSONValue { try JSONValue.parse(text) }
}

extension JSONValue {
    var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var doubleValue: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }
}
