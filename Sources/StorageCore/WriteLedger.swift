import VigilCore

/// The state of one write Vigil makes into QRadar.
public enum WriteState: String, Sendable, Hashable, Codable {
    /// Decided and recorded, not yet sent. After a crash, such an entry is checked against QRadar before re-sending.
    case pending
    /// QRadar confirmed it.
    case done
    /// Given up after retries; kept for the audit and for an operator.
    case failed
}

/// One write into QRadar, keyed by an idempotency key derived from what is written (finding id + target), so that a
/// retried or restarted write is recognised and never produces a second note or event.
public struct WriteLedgerEntry: Sendable, Hashable, Codable {
    public var key: String
    /// What kind of write (`"offense-note"`, `"reference-set"`, `"leef-event"`).
    public var target: String
    public var state: WriteState
    /// QRadar's id for the written object, when it has one (note id).
    public var externalID: String?
    public var attempts: Int
    public var updatedAt: EpochMillis
    /// What to write and what the writer noted about it (e.g. the last failure), as the writer encoded it (JSON),
    /// so a pending write can be carried out after a restart. `nil` for entries that only mark a key.
    public var payload: String?

    public init(key: String, target: String, state: WriteState, externalID: String? = nil, attempts: Int = 0, updatedAt: EpochMillis,
                payload: String? = nil) {
        self.key = key
        self.target = target
        self.state = state
        self.externalID = externalID
        self.attempts = attempts
        self.updatedAt = updatedAt
        self.payload = payload
    }
}

/// Where the write ledger lives.
public protocol WriteLedger: Sendable {
    func entry(forKey key: String) async throws -> WriteLedgerEntry?
    func record(_ entry: WriteLedgerEntry) async throws
    func entries(in state: WriteState) async throws -> [WriteLedgerEntry]
}
