/// How Vigil is allowed to act on QRadar.
public enum RolloutMode: String, Codable, Sendable, Hashable, CaseIterable {
    /// Record findings in Vigil only; write nothing to QRadar.
    case shadow
    /// Enrich offenses QRadar raised: notes and reference-set entries.
    case assist
    /// Also send LEEF events that a QRadar rule turns into offenses, for opted-in use cases.
    case autonomous
}

/// What Vigil decided to do about a campaign or a signal.
public enum FindingAction: Codable, Sendable, Hashable {
    case shadowLog
    case offenseNote(offenseID: Int)
    case referenceSetEntry(set: String, value: String)
    case leefEvent
    case awaitingApproval(action: String)
}

/// A decision, with the campaign or signal it is about.
public struct Finding: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var subject: String
    public var severity: Severity
    public var actions: [FindingAction]
    public var time: EpochMillis

    public init(id: String, subject: String, severity: Severity, actions: [FindingAction], time: EpochMillis) {
        self.id = id
        self.subject = subject
        self.severity = severity
        self.actions = actions
        self.time = time
    }
}
