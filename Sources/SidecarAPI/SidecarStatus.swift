import VigilCore

/// A snapshot of the running sidecar, as `GET /api/v1/status` returns it.
public struct SidecarStatus: Sendable, Hashable, Codable {
    /// The rollout mode: shadow, assist or autonomous.
    public var mode: RolloutMode
    /// When the sidecar started.
    public var startedAt: EpochMillis
    /// One entry per ingestion source.
    public var sources: [SourceStatus]
    public var writeBack: WriteBackStatus
    /// Response actions waiting for a decision.
    public var approvalsPending: Int
    /// Findings recorded since the store was created.
    public var findingsTotal: Int
    /// Entities the analytics hold state (baselines) for.
    public var analyticsEntities: Int
    /// Free-form counters the sidecar wants to show (signals, alerts, …).
    public var counters: [String: Int64]

    public init(mode: RolloutMode, startedAt: EpochMillis, sources: [SourceStatus] = [], writeBack: WriteBackStatus = WriteBackStatus(),
                approvalsPending: Int = 0, findingsTotal: Int = 0, analyticsEntities: Int = 0, counters: [String: Int64] = [:]) {
        self.mode = mode
        self.startedAt = startedAt
        self.sources = sources
        self.writeBack = writeBack
        self.approvalsPending = approvalsPending
        self.findingsTotal = findingsTotal
        self.analyticsEntities = analyticsEntities
        self.counters = counters
    }
}

/// What kind of input a source is.
public enum SourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ariel (AQL) searches polled through the REST API.
    case ariel
    /// Offenses polled through the REST API.
    case offenses
    /// LEEF forwarded over syslog.
    case syslog
}

/// The state of one ingestion source.
public struct SourceStatus: Sendable, Hashable, Codable {
    /// The source's name (`"ariel:authentication"`, `"offenses"`, `"syslog"`).
    public var name: String
    public var kind: SourceKind
    /// Everything before this time has been read (nil before the first successful poll).
    public var watermark: EpochMillis?
    /// How far behind real time the source is, in milliseconds.
    public var lagMillis: Int64?
    public var lastPollAt: EpochMillis?
    /// The last poll's error, cleared by the next success; a source with an error makes `/health` degraded.
    public var lastError: String?
    public var eventsIngested: Int64
    public var rowsRejected: Int64
    public var duplicatesSkipped: Int64

    public init(name: String, kind: SourceKind, watermark: EpochMillis? = nil, lagMillis: Int64? = nil, lastPollAt: EpochMillis? = nil,
                lastError: String? = nil, eventsIngested: Int64 = 0, rowsRejected: Int64 = 0, duplicatesSkipped: Int64 = 0) {
        self.name = name
        self.kind = kind
        self.watermark = watermark
        self.lagMillis = lagMillis
        self.lastPollAt = lastPollAt
        self.lastError = lastError
        self.eventsIngested = eventsIngested
        self.rowsRejected = rowsRejected
        self.duplicatesSkipped = duplicatesSkipped
    }
}

/// The write-back queue and its outcomes so far.
public struct WriteBackStatus: Sendable, Hashable, Codable {
    public var pending: Int
    public var done: Int
    public var failed: Int
    /// Writes recognised as already made (idempotency) and not sent again.
    public var deduplicated: Int

    public init(pending: Int = 0, done: Int = 0, failed: Int = 0, deduplicated: Int = 0) {
        self.pending = pending
        self.done = done
        self.failed = failed
        self.deduplicated = deduplicated
    }
}
