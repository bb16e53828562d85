import VigilCore

/// The facts about a finding that the rollout policy decides on.
public struct FindingFacts: Sendable, Hashable, Codable {
    public var findingID: String
    /// The use case: the detector id for a single signal, or the campaign kind.
    public var useCase: String
    /// Calibrated confidence in [0, 1].
    public var confidence: Double
    public var severity: Severity
    public var title: String
    /// Entities involved; users and IPs become reference-set entries in assist and autonomous modes.
    public var entities: [EntityRef]
    /// The QRadar offense the finding relates to, when there is one.
    public var offenseID: Int?
    /// Response actions the finding recommends (never executed without approval).
    public var recommendedActions: [ResponseAction]

    public init(findingID: String, useCase: String, confidence: Double, severity: Severity, title: String,
                entities: [EntityRef] = [], offenseID: Int? = nil, recommendedActions: [ResponseAction] = []) {
        self.findingID = findingID
        self.useCase = useCase
        self.confidence = confidence
        self.severity = severity
        self.title = title
        self.entities = entities
        self.offenseID = offenseID
        self.recommendedActions = recommendedActions
    }
}

/// One thing Vigil plans to do about a finding.
public enum PlannedWrite: Sendable, Hashable, Codable {
    /// Keep the finding in Vigil's own store (always, in every mode).
    case record
    /// Add a note to the related QRadar offense.
    case offenseNote(offenseID: Int)
    /// Add a value to a reference set whose entries live for `timeToLive` milliseconds.
    case referenceSetEntry(set: String, value: String, timeToLive: Int64)
    /// Send a LEEF event that a QRadar rule turns into an offense.
    case leefEvent(useCase: String, confidence: Double)
    /// Remove a value Vigil added to a reference set (a campaign closed as a false positive or benign).
    case referenceSetRemoval(set: String, value: String)
    /// Queue a response action for a person to approve.
    case approvalRequest(ResponseAction)

    /// Short type name used in audit records and reports.
    public var typeName: String {
        switch self {
        case .record: return "record"
        case .offenseNote: return "offense-note"
        case .referenceSetEntry: return "reference-set-entry"
        case .leefEvent: return "leef-event"
        case .referenceSetRemoval: return "reference-set-removal"
        case .approvalRequest: return "approval-request"
        }
    }

    /// Whether this writes into QRadar (or beyond) rather than only into Vigil.
    public var writesOutsideVigil: Bool {
        switch self {
        case .record, .approvalRequest: return false
        case .offenseNote, .referenceSetEntry, .leefEvent, .referenceSetRemoval: return true
        }
    }

    /// The audit representation.
    public var auditValue: JSONValue {
        switch self {
        case .record:
            return ["type": "record"]
        case .offenseNote(let id):
            return ["type": "offense-note", "offenseID": .int(Int64(id))]
        case .referenceSetEntry(let set, let value, let ttl):
            return ["type": "reference-set-entry", "set": .string(set), "value": .string(value), "timeToLive": .int(ttl)]
        case .leefEvent(let useCase, let confidence):
            return ["type": "leef-event", "useCase": .string(useCase), "confidence": .double(confidence)]
        case .referenceSetRemoval(let set, let value):
            return ["type": "reference-set-removal", "set": .string(set), "value": .string(value)]
        case .approvalRequest(let action):
            return ["type": "approval-request", "action": .string(action.kind.rawValue), "target": .string(action.target)]
        }
    }
}

/// How far Vigil may act on QRadar: the mode, which use cases may raise offenses on their own, and how sure
/// Vigil must be before it does.
///
/// - shadow: record only; nothing is written to QRadar and no action is queued (queued actions would act).
/// - assist: record; a note on the related offense (when there is one); reference-set entries for the users and
///   IPs involved (`vigil_suspicious_users`, `vigil_suspicious_ips`, with a time to live); recommended response
///   actions queued for approval.
/// - autonomous: everything assist does, plus a LEEF event for use cases that opted in, when the confidence is at
///   least ``minimumAutonomousConfidence``.
///
/// Response actions are only ever queued, in every mode that acts.
public struct RolloutPolicy: Sendable, Hashable, Codable {
    public var mode: RolloutMode
    /// Use cases (detector ids or campaign kinds) allowed to send LEEF events in autonomous mode.
    public var autonomousUseCases: Set<String>
    /// Confidence needed for an autonomous LEEF event.
    public var minimumAutonomousConfidence: Double
    public var suspiciousUsersSet: String
    public var suspiciousIPsSet: String
    /// How long reference-set entries live (the set is created with this `time_to_live`, LAST_SEEN).
    public var referenceSetTimeToLive: Int64
    public var actions: ResponseActionSettings

    public init(mode: RolloutMode, autonomousUseCases: Set<String> = [], minimumAutonomousConfidence: Double = 0.9,
                suspiciousUsersSet: String = "vigil_suspicious_users", suspiciousIPsSet: String = "vigil_suspicious_ips",
                referenceSetTimeToLive: Int64 = 7 * EpochMillis.day, actions: ResponseActionSettings = ResponseActionSettings()) {
        self.mode = mode
        self.autonomousUseCases = autonomousUseCases
        self.minimumAutonomousConfidence = minimumAutonomousConfidence
        self.suspiciousUsersSet = suspiciousUsersSet
        self.suspiciousIPsSet = suspiciousIPsSet
        self.referenceSetTimeToLive = referenceSetTimeToLive
        self.actions = actions
    }

    /// What to do about a finding, in a fixed order: record, offense note, reference-set entries (users, then
    /// IPs, each once, in the order the finding names them), LEEF event, approval requests. A disable-account
    /// action is left out when no SOAR webhook is configured, since approving it could not lead anywhere.
    public func decide(_ facts: FindingFacts) -> [PlannedWrite] {
        var writes: [PlannedWrite] = [.record]
        guard mode != .shadow else { return writes }

        if let offense = facts.offenseID { writes.append(.offenseNote(offenseID: offense)) }
        var seen = Set<EntityRef>()
        for kind in [EntityKind.user, .ip] {
            for e in facts.entities where e.kind == kind && !e.id.isEmpty && seen.insert(e).inserted {
                let set = kind == .user ? suspiciousUsersSet : suspiciousIPsSet
                writes.append(.referenceSetEntry(set: set, value: e.id, timeToLive: referenceSetTimeToLive))
            }
        }
        if mode == .autonomous, autonomousUseCases.contains(facts.useCase), facts.confidence >= minimumAutonomousConfidence {
            writes.append(.leefEvent(useCase: facts.useCase, confidence: facts.confidence))
        }
        var queued = Set<ResponseAction>()
        for action in facts.recommendedActions where queued.insert(action).inserted {
            guard let completed = complete(action) else { continue }
            writes.append(.approvalRequest(completed))
        }
        return writes
    }

    /// Fills executor parameters from the settings; `nil` when the action is not configured (no webhook).
    func complete(_ action: ResponseAction) -> ResponseAction? {
        var a = action
        switch action.kind {
        case .blockIP:
            if a.parameters["referenceSet"] == nil { a.parameters["referenceSet"] = actions.blocklistReferenceSet }
        case .disableAccount:
            guard let hook = actions.disableAccountWebhook else { return nil }
            if a.parameters["webhook"] == nil { a.parameters["webhook"] = hook }
        }
        return a
    }

    /// QRadar's `time_to_live` text for a duration (`"7 days"`, `"12 hours"`, `"90 minutes"`): the largest unit
    /// that divides it exactly, in whole minutes (at least one).
    public static func qradarTimeToLive(_ millis: Int64) -> String {
        let minutes = max(1, millis / EpochMillis.minute)
        if minutes % (24 * 60) == 0 { let d = minutes / (24 * 60); return "\(d) day" + (d == 1 ? "" : "s") }
        if minutes % 60 == 0 { let h = minutes / 60; return "\(h) hour" + (h == 1 ? "" : "s") }
        return "\(minutes) minute" + (minutes == 1 ? "" : "s")
    }
}
