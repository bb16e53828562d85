/// How Vigil is allowed to act on QRadar.
public enum RolloutMode: String, Codable, Sendable, Hashable, CaseIterable {
    /// Record findings in Vigil only; write nothing to QRadar.
    case shadow
    /// Enrich offenses QRadar raised: notes and reference-set entries.
    case assist
    /// Also send LEEF events that a QRadar rule turns into offenses, for opted-in use cases.
    case autonomous
}
