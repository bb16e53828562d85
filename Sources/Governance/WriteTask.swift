import VigilCore

/// One write into QRadar that Vigil decided on for a finding, as it is kept (JSON) in the write ledger until it is
/// done: everything needed to carry it out after a restart.
public struct WriteTask: Sendable, Hashable, Codable {
    /// The idempotency key, ``key(findingID:write:)``: the same finding and write always give the same key, so a
    /// replayed decision is recognised in the ledger and never written twice.
    public var key: String
    public var findingID: String
    /// `.offenseNote`, `.referenceSetEntry` or `.leefEvent`; the other kinds never leave Vigil and are refused by
    /// ``WriteBackExecutor/enqueue(_:)``.
    public var write: PlannedWrite
    /// The note text for `.offenseNote`. It may hold pseudonyms; they are re-identified just before sending.
    public var noteText: String?
    /// What the LEEF event says, for `.leefEvent`.
    public var leef: LEEFFindingPayload?
    /// For a campaign that grew: its revision. A note and a LEEF event are written once per revision (QRadar notes
    /// cannot be edited, so a grown campaign adds one note per offense); reference-set entries once per finding.
    public var revision: Int?

    /// A task with its key derived from `findingID`, `write` and the revision.
    public init(findingID: String, write: PlannedWrite, noteText: String? = nil, leef: LEEFFindingPayload? = nil, revision: Int? = nil) {
        self.key = Self.key(findingID: findingID, write: write, revision: revision)
        self.findingID = findingID
        self.write = write
        self.noteText = noteText
        self.leef = leef
        self.revision = revision
    }

    /// The idempotency key of a write about a finding: `stableID(findingID, <write identity>)`, 16 hex digits.
    ///
    /// The identity names what is written and where, not how: the offense for a note, the set and value for a
    /// reference-set entry (not the time to live), the use case for a LEEF event (not the confidence, which may be
    /// re-scored). So one finding yields at most one note per offense, one entry per set and value, one event.
    public static func key(findingID: String, write: PlannedWrite, revision: Int? = nil) -> String {
        var identity = identity(of: write)
        if let revision, revision > 1 {
            switch write {
            case .offenseNote, .leefEvent: identity += "#r\(revision)"
            case .record, .referenceSetEntry, .referenceSetRemoval, .approvalRequest: break
            }
        }
        return stableID("vigil.write.v1", findingID, identity)
    }

    static func identity(of write: PlannedWrite) -> String {
        switch write {
        case .record: return "record"
        case .offenseNote(let offenseID): return "offense-note:\(offenseID)"
        case .referenceSetEntry(let set, let value, _): return "reference-set-entry:\(set)\u{1F}\(value)"
        case .leefEvent(let useCase, _): return "leef-event:\(useCase)"
        case .referenceSetRemoval(let set, let value): return "reference-set-removal:\(set)\u{1F}\(value)"
        case .approvalRequest(let action): return "approval-request:\(action.kind.rawValue)\u{1F}\(action.target)"
        }
    }

    /// The tasks for the writes a ``RolloutPolicy`` decided on, skipping those that stay inside Vigil (`record`,
    /// `approvalRequest`). A note needs `noteText` and a LEEF event needs `leef`; a write whose content is missing
    /// is skipped too (the policy only plans a note when there is an offense, and the caller has the text).
    public static func tasks(findingID: String, writes: [PlannedWrite], noteText: String?, leef: LEEFFindingPayload?,
                             revision: Int? = nil) -> [WriteTask] {
        writes.compactMap { write in
            switch write {
            case .record, .approvalRequest:
                return nil
            case .offenseNote:
                guard let noteText else { return nil }
                return WriteTask(findingID: findingID, write: write, noteText: noteText, revision: revision)
            case .referenceSetEntry, .referenceSetRemoval:
                return WriteTask(findingID: findingID, write: write)
            case .leefEvent:
                guard let leef else { return nil }
                return WriteTask(findingID: findingID, write: write, leef: leef, revision: revision)
            }
        }
    }

    /// Why the task cannot be executed, or `nil` when it is complete.
    public var validationProblem: String? {
        if key != Self.key(findingID: findingID, write: write, revision: revision) { return "the key does not match the finding and write" }
        if findingID.isEmpty { return "the finding id is empty" }
        switch write {
        case .record, .approvalRequest:
            return "a \(write.typeName) write is not executed by write-back"
        case .offenseNote(let offenseID):
            if offenseID < 0 { return "the offense id \(offenseID) is negative" }
            guard let noteText, !noteText.trimmingWhitespace().isEmpty else { return "an offense note needs a note text" }
        case .referenceSetEntry(let set, let value, let ttl):
            if set.isEmpty { return "the reference set name is empty" }
            if value.isEmpty { return "the reference set value is empty" }
            if ttl < 0 { return "the time to live is negative" }
        case .leefEvent:
            if leef == nil { return "a LEEF event needs its payload" }
        case .referenceSetRemoval(let set, let value):
            if set.isEmpty { return "the reference set name is empty" }
            if value.isEmpty { return "the reference set value is empty" }
        }
        return nil
    }

    /// The ledger's `target` for this task.
    public var target: String { write.typeName }
}

/// What Vigil's LEEF event about a finding carries; user and source IP may be pseudonyms (re-identified before
/// sending, so QRadar's rule indexes the offense on the real account or address).
public struct LEEFFindingPayload: Sendable, Hashable, Codable {
    public var title: String
    public var severity: Severity
    /// Calibrated confidence in [0, 1].
    public var confidence: Double
    /// The detector or campaign kind.
    public var useCase: String
    public var risk: Double
    /// The account the finding is about (LEEF `usrName`).
    public var userName: String?
    /// The address the finding is about (LEEF `src`).
    public var sourceIP: String?
    /// When the finding was made (LEEF `devTime`), epoch milliseconds.
    public var findingTime: EpochMillis?
    /// For a campaign: its id (LEEF `vigilCampaignID`), revision, tactics in order and entities (pseudonyms until
    /// the event is sent).
    public var campaignID: String?
    public var revision: Int?
    public var tactics: [String]?
    public var entities: [String]?

    public init(title: String, severity: Severity, confidence: Double, useCase: String, risk: Double,
                userName: String? = nil, sourceIP: String? = nil, findingTime: EpochMillis? = nil) {
        self.title = title
        self.severity = severity
        self.confidence = confidence
        self.useCase = useCase
        self.risk = risk
        self.userName = userName
        self.sourceIP = sourceIP
        self.findingTime = findingTime
    }

    /// The payload for a finding's facts: the first user and the first IP it names.
    public init(facts: FindingFacts, risk: Double, findingTime: EpochMillis? = nil) {
        self.init(
            title: facts.title, severity: facts.severity, confidence: facts.confidence, useCase: facts.useCase, risk: risk,
            userName: facts.entities.first { $0.kind == .user && !$0.id.isEmpty }?.id,
            sourceIP: facts.entities.first { $0.kind == .ip && !$0.id.isEmpty }?.id,
            findingTime: findingTime)
    }
}

/// What the write ledger's `payload` holds for a write-back entry: the task and what happened to it so far.
public struct WriteLedgerPayload: Sendable, Hashable, Codable {
    public var task: WriteTask
    /// The last failure, transient or final.
    public var lastError: String?
    /// A transient failure is not retried before this time (backoff).
    public var notBefore: EpochMillis?

    public init(task: WriteTask, lastError: String? = nil, notBefore: EpochMillis? = nil) {
        self.task = task
        self.lastError = lastError
        self.notBefore = notBefore
    }
}
