import VigilCore

/// What an audit record is about.
///
/// An open set of names rather than a closed `enum`: a record written by a newer Vigil with a kind this version
/// does not know must still be read, hashed and verified, never rejected as unreadable.
public struct AuditKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A batch of input read from QRadar (with the QRadar event ids).
    public static let inputBatch = AuditKind(rawValue: "input-batch")
    /// A model or detector version put into service.
    public static let modelVersion = AuditKind(rawValue: "model-version")
    /// A signal a detector raised.
    public static let signal = AuditKind(rawValue: "signal")
    /// A decision under the rollout policy (what Vigil plans to write).
    public static let decision = AuditKind(rawValue: "decision")
    /// A transition of an approval request (requested, approved, rejected, expired, executed, failed).
    public static let approval = AuditKind(rawValue: "approval")
    /// A write into QRadar (note, reference-set entry, LEEF event) or a response action executed.
    public static let writeBack = AuditKind(rawValue: "write-back")
    /// A pseudonym resolved to its clear value (or a refused attempt).
    public static let reidentification = AuditKind(rawValue: "reidentification")
    /// A configuration, key or token change.
    public static let configuration = AuditKind(rawValue: "configuration")
    /// An analyst's or QRadar's verdict on a finding.
    public static let feedback = AuditKind(rawValue: "feedback")

    /// The kinds this version writes.
    public static let known: [AuditKind] = [
        .inputBatch, .modelVersion, .signal, .decision, .approval, .writeBack, .reidentification, .configuration, .feedback,
    ]

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// One entry of the append-only audit log. `hash` covers every other field, `previousHash` links it to the record
/// before, so changing, removing or reordering any record breaks the chain at a place ``AuditChain/verify(_:anchors:)``
/// names.
public struct AuditRecord: Sendable, Hashable, Codable {
    /// Position in the log, starting at 1, without gaps.
    public var sequence: Int64
    /// When the audited thing happened, epoch milliseconds.
    public var time: EpochMillis
    public var kind: AuditKind
    /// Who did it: a person's account, an API token's name, or `"vigil"` for the pipeline.
    public var actor: String
    /// What it is about: a finding id, an approval request id, a pseudonym, a source name.
    public var subject: String
    /// Details as canonical JSON text (see ``JSONValue/canonicalText``).
    public var payload: String
    /// The previous record's hash (``AuditChain/genesisHash`` for the first record).
    public var previousHash: String
    /// SHA-256 (lower-case hex) over the canonical encoding of all fields above.
    public var hash: String

    public init(sequence: Int64, time: EpochMillis, kind: AuditKind, actor: String, subject: String, payload: String,
                previousHash: String, hash: String) {
        self.sequence = sequence
        self.time = time
        self.kind = kind
        self.actor = actor
        self.subject = subject
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The payload parsed, or `nil` when it is not valid JSON (which only a tampered record can be).
    public var payloadValue: JSONValue? { try? JSONValue.parse(payload) }
}

/// A record to append: everything but the chain fields, which the store computes inside its transaction.
public struct AuditDraft: Sendable, Hashable {
    public var time: EpochMillis
    public var kind: AuditKind
    public var actor: String
    public var subject: String
    /// Canonical JSON text.
    public var payload: String

    /// `actor` and `subject` may come from data (a user name in a log line); a NUL character in them is replaced
    /// by U+FFFD, because databases cut or refuse text at NUL and a record must store exactly what was hashed.
    /// The payload needs no such care: canonical JSON escapes NUL.
    public init(time: EpochMillis, kind: AuditKind, actor: String, subject: String, payload: JSONValue) {
        self.time = time
        self.kind = kind
        self.actor = Self.storable(actor)
        self.subject = Self.storable(subject)
        self.payload = payload.canonicalText
    }

    static func storable(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }
}

extension AuditDraft {
    /// The actor name the pipeline uses for its own records.
    public static let systemActor = "vigil"

    /// A batch of events read from a source, with the QRadar event ids it contained.
    public static func inputBatch(source: String, eventIDs: [String], window: ClosedRange<EpochMillis>? = nil,
                                  time: EpochMillis, actor: String = systemActor) -> AuditDraft {
        var payload: [String: JSONValue] = ["source": .string(source), "count": .int(Int64(eventIDs.count)), "eventIDs": .strings(eventIDs)]
        if let window { payload["window"] = ["from": .int(window.lowerBound), "to": .int(window.upperBound)] }
        return AuditDraft(time: time, kind: .inputBatch, actor: actor, subject: source, payload: .object(payload))
    }

    /// A model or detector version going into service.
    public static func modelVersion(model: String, version: String, details: [String: JSONValue] = [:], time: EpochMillis,
                                    actor: String = systemActor) -> AuditDraft {
        var payload = details
        payload["model"] = .string(model)
        payload["version"] = .string(version)
        return AuditDraft(time: time, kind: .modelVersion, actor: actor, subject: "\(model)@\(version)", payload: .object(payload))
    }

    /// A signal, with its evidence ids and score.
    public static func signal(_ signal: Signal, actor: String = systemActor) -> AuditDraft {
        AuditDraft(
            time: signal.time, kind: .signal, actor: actor, subject: signal.id,
            payload: [
                "detector": .string(signal.detector), "entity": .string(signal.entity.description),
                "score": .double(signal.score), "title": .string(signal.title), "evidence": .strings(signal.evidence),
                "technique": .optional(signal.technique),
            ])
    }

    /// A rollout decision: what Vigil plans to do about a finding under the mode in force.
    /// A campaign's finding is decided once per revision (and once more for each QRadar offense it is attached to
    /// later), so `revision` tells its decisions apart; a re-read batch must not repeat one.
    public static func decision(findingID: String, mode: RolloutMode, writes: [PlannedWrite], revision: Int? = nil, time: EpochMillis,
                                actor: String = systemActor) -> AuditDraft {
        var payload: [String: JSONValue] = ["mode": .string(mode.rawValue), "writes": .array(writes.map(\.auditValue))]
        if let revision { payload["revision"] = .int(Int64(revision)) }
        return AuditDraft(time: time, kind: .decision, actor: actor, subject: findingID, payload: .object(payload))
    }

    /// A write into QRadar (or an executed response action) and how it ended.
    public static func writeBack(findingID: String, target: String, idempotencyKey: String, outcome: String,
                                 externalID: String? = nil, detail: String? = nil, time: EpochMillis,
                                 actor: String = systemActor) -> AuditDraft {
        AuditDraft(
            time: time, kind: .writeBack, actor: actor, subject: findingID,
            payload: [
                "target": .string(target), "key": .string(idempotencyKey), "outcome": .string(outcome),
                "externalID": .optional(externalID), "detail": .optional(detail),
            ])
    }

    /// A configuration change (never put secrets in `details`).
    public static func configuration(change: String, details: [String: JSONValue] = [:], time: EpochMillis,
                                     actor: String) -> AuditDraft {
        var payload = details
        payload["change"] = .string(change)
        return AuditDraft(time: time, kind: .configuration, actor: actor, subject: change, payload: .object(payload))
    }

    /// An analyst's or QRadar's verdict.
    public static func feedback(_ record: FeedbackRecord) -> AuditDraft {
        AuditDraft(
            time: record.time, kind: .feedback, actor: record.actor, subject: record.findingID ?? record.offenseID.map { "offense:\($0)" } ?? record.id,
            payload: [
                "feedbackID": .string(record.id), "label": .string(record.label.name), "source": .string(record.source.rawValue),
                "findingID": .optional(record.findingID), "offenseID": .optional(record.offenseID.map { Int64($0) }),
                "note": .optional(record.note),
            ])
    }
}
