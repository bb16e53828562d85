import VigilCore

/// Where a finding is in the analyst's workflow.
public enum FindingStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case acknowledged
    case closed
    case suppressed
}

/// A finding as stored: the columns the console filters on, plus the full finding as JSON.
public struct StoredFinding: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var time: EpochMillis
    /// The main entity (`"user:u_v1_…"`), as ``EntityRef/description`` spells it.
    public var entity: String
    public var severity: Severity
    public var title: String
    /// The finding (campaign, evidence, narrative, planned writes) as JSON text.
    public var body: String
    public var status: FindingStatus
    public var updatedAt: EpochMillis

    public init(id: String, time: EpochMillis, entity: String, severity: Severity, title: String, body: String,
                status: FindingStatus = .open, updatedAt: EpochMillis) {
        self.id = id
        self.time = time
        self.entity = entity
        self.severity = severity
        self.title = title
        self.body = body
        self.status = status
        self.updatedAt = updatedAt
    }
}

/// Which findings to list.
public struct FindingQuery: Sendable, Hashable {
    /// Time range `[from, to)`.
    public var from: EpochMillis
    public var to: EpochMillis
    public var status: FindingStatus?
    public var entity: String?
    public var minimumSeverity: Severity?
    public var limit: Int

    public init(from: EpochMillis = .min, to: EpochMillis = .max, status: FindingStatus? = nil, entity: String? = nil,
                minimumSeverity: Severity? = nil, limit: Int = 500) {
        self.from = from
        self.to = to
        self.status = status
        self.entity = entity
        self.minimumSeverity = minimumSeverity
        self.limit = limit
    }
}

/// Where findings live.
public protocol FindingStore: Sendable {
    /// Inserts or replaces a finding by id.
    func saveFinding(_ finding: StoredFinding) async throws
    func finding(id: String) async throws -> StoredFinding?
    /// Findings matching the query, newest first (ties by id).
    func findings(_ query: FindingQuery) async throws -> [StoredFinding]
    /// Sets a finding's status; returns `false` when there is no such finding.
    func updateFindingStatus(id: String, status: FindingStatus, at time: EpochMillis) async throws -> Bool
}
