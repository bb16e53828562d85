/// How one pending write ended in a run.
public enum WriteOutcome: String, Sendable, Hashable, Codable {
    /// Written; QRadar confirmed it.
    case done
    /// Found already written (the note marker, an earlier LEEF event in Ariel): marked done without writing again.
    case deduplicated
    /// A transient failure: still pending, retried after a backoff.
    case retrying = "retry"
    /// A permanent failure (or too many attempts): marked failed.
    case failed
}

/// One write's result in a run.
public struct WriteResult: Sendable, Hashable, Codable {
    public var key: String
    public var findingID: String
    /// The ledger target (`offense-note`, `reference-set-entry`, `leef-event`).
    public var target: String
    public var outcome: WriteOutcome
    /// QRadar's id for what was written (the note id), when it has one.
    public var externalID: String?
    /// The failure reason, for `retry` and `failed`.
    public var detail: String?
    /// Attempts so far, this one included.
    public var attempts: Int

    public init(key: String, findingID: String, target: String, outcome: WriteOutcome, externalID: String? = nil,
                detail: String? = nil, attempts: Int) {
        self.key = key
        self.findingID = findingID
        self.target = target
        self.outcome = outcome
        self.externalID = externalID
        self.detail = detail
        self.attempts = attempts
    }
}

/// What one ``WriteBackExecutor/runPending()`` did.
public struct WriteBackReport: Sendable, Hashable, Codable {
    /// Every write attempted, in order.
    public var results: [WriteResult] = []
    /// Pending writes left alone because their backoff has not elapsed.
    public var deferred: Int = 0
    /// Writes still pending after the run (retrying and deferred ones).
    public var stillPending: Int = 0
    /// Problems with Vigil's own ledger or audit log during the run (the writes concerned stay pending or are
    /// reported here; nothing is dropped).
    public var errors: [String] = []

    public init() {}

    /// Writes carried out in this run.
    public var done: Int { count(.done) }
    /// Writes found already done in QRadar.
    public var deduplicated: Int { count(.deduplicated) }
    /// Writes that failed transiently and wait for a retry.
    public var retrying: Int { count(.retrying) }
    /// Writes marked failed in this run.
    public var failed: Int { count(.failed) }

    func count(_ outcome: WriteOutcome) -> Int { results.reduce(0) { $0 + ($1.outcome == outcome ? 1 : 0) } }
}

/// The executor's counters since it was created.
public struct WriteBackStats: Sendable, Hashable, Codable {
    /// Writes carried out.
    public var done: Int = 0
    /// Writes marked failed.
    public var failed: Int = 0
    /// Writes found already done in QRadar and not repeated.
    public var deduplicated: Int = 0
    /// Transient failures (each one is retried later).
    public var retried: Int = 0
    /// Tasks accepted by `enqueue` (new keys only).
    public var enqueued: Int = 0
    /// Tasks `enqueue` skipped because their key was already in the ledger.
    public var alreadyKnown: Int = 0
    /// Writes pending in the ledger after the last run (or enqueue).
    public var pending: Int = 0
    /// Ledger or audit-log errors.
    public var storeErrors: Int = 0

    public init() {}
}
