import Correlation
import Governance
import Narrative
import VigilCore

/// A finding as Vigil keeps it (the JSON body of a `StoredFinding`): the report, the alert it came from (so a
/// later verdict can be fed back to the models), the offense it was linked to and what the rollout policy decided.
public struct FindingDocument: Sendable, Hashable, Codable {
    public var report: FindingReport
    /// The composite-risk alert as a signal: the subject of analyst feedback.
    public var subject: Signal
    /// The QRadar offense the finding was attached to, when there was one.
    public var offenseID: Int?
    /// The rollout mode in force when it was decided.
    public var mode: RolloutMode
    /// What the rollout policy decided, in order.
    public var writes: [PlannedWrite]
    /// The campaign the finding reports, as of its latest revision (nil for findings stored before campaigns).
    public var campaign: Campaign?
    /// The open offense QRadar raised from Vigil's own LEEF events for the campaign, when Vigil has seen it (kept so
    /// that a restart still knows it).
    public var campaignOffenseID: Int?

    public init(report: FindingReport, subject: Signal, offenseID: Int?, mode: RolloutMode, writes: [PlannedWrite], campaign: Campaign? = nil,
                campaignOffenseID: Int? = nil) {
        self.report = report
        self.subject = subject
        self.offenseID = offenseID
        self.mode = mode
        self.writes = writes
        self.campaign = campaign
        self.campaignOffenseID = campaignOffenseID
    }
}
