import VigilCore

/// Kinds of benign behaviour that rule-based detection mistakes for attacks.
public enum BenignKind: String, Sendable, Hashable, Codable, CaseIterable {
    case businessTravel = "business-travel"
    case roleChange = "role-change"
    case newProject = "new-project"
    case newHire = "new-hire"
    case maintenanceWindow = "maintenance-window"
    case penetrationTest = "penetration-test"
    case nightlyBackup = "nightly-backup"
    case bulkExport = "bulk-export"
    case onCallNightWork = "on-call-night-work"
    case daylightSavingShift = "daylight-saving-shift"
    case vpnEgressChange = "vpn-egress-change"
    case passwordResetBurst = "password-reset-burst"
    /// A leaver's honest last days: handing files over, archiving their work, taking personal files home.
    case leaver
    /// A log source that goes quiet for a while for an ordinary reason (agent restart, network blip, collector
    /// maintenance).
    case logSourceHiccup = "log-source-hiccup"
    /// A misconfigured or freshly upgraded source sending malformed lines for a few hours.
    case logSourceMisconfiguration = "log-source-misconfiguration"
    /// An administrator archives a full Security log and clears it (`wevtutil cl Security /bu:…`, event 1102).
    case logArchive = "log-archive"
}

/// A window in which a log source sent nothing (log tampering), part of a campaign step.
public struct LogSourceGap: Sendable, Hashable, Codable {
    public var logSource: String
    public var start: EpochMillis
    public var end: EpochMillis
}

/// One step of a campaign: a stage of the attack carried out with one ATT&CK technique.
public struct CampaignStep: Sendable, Hashable {
    /// Stage (`"initial-access"`, `"lateral-movement"`, `"exfiltration"`).
    public var stage: String
    /// ATT&CK tactic name (`"Initial Access"`).
    public var tactic: String
    /// ATT&CK technique id (`"T1078"`, `"T1550.002"`).
    public var technique: String
    public var techniqueName: String
    public var description: String
    public var entities: [EntityRef]
    /// Planned window; widened at the end to cover every event of the step.
    public var start: EpochMillis
    public var end: EpochMillis
    /// Ids of the step's events (filled in as events are written).
    public var eventIDs: [String] = []
    /// Windows in which a log source went silent.
    public var gaps: [LogSourceGap] = []
}

/// A labelled attack campaign.
public struct CampaignLabel: Sendable, Hashable {
    /// Stable id (`"C1"`); event ids do not mention it.
    public var id: String
    /// Attack family (`"credential-compromise"`, `"multi-stage"`).
    public var kind: String
    public var name: String
    public var description: String
    public var entities: [EntityRef]
    public var steps: [CampaignStep]
    public var start: EpochMillis
    public var end: EpochMillis
}

/// A labelled benign look-alike.
public struct LookalikeLabel: Sendable, Hashable {
    /// Stable id (`"B3"`).
    public var id: String
    public var kind: BenignKind
    public var description: String
    public var entities: [EntityRef]
    public var start: EpochMillis
    public var end: EpochMillis
    public var eventIDs: [String] = []
    /// Windows in which a log source went quiet (reboots in a maintenance window).
    public var gaps: [LogSourceGap] = []
}

/// Every label of a run.
public struct LabelBook: Sendable {
    public var campaigns: [CampaignLabel] = []
    public var lookalikes: [LookalikeLabel] = []

    public init() {}

    /// Records that an event with a label was written: its id goes to the label, and the label's window widens
    /// to contain it.
    mutating func record(_ truth: GroundTruth, id: String, time: EpochMillis) {
        switch truth {
        case let .malicious(c, s):
            campaigns[c].steps[s].eventIDs.append(id)
            campaigns[c].steps[s].start = min(campaigns[c].steps[s].start, time)
            campaigns[c].steps[s].end = max(campaigns[c].steps[s].end, time)
            campaigns[c].start = min(campaigns[c].start, time)
            campaigns[c].end = max(campaigns[c].end, time)
        case let .benign(l):
            lookalikes[l].eventIDs.append(id)
            lookalikes[l].start = min(lookalikes[l].start, time)
            lookalikes[l].end = max(lookalikes[l].end, time)
        }
    }

    /// The label text of a ground truth: `"C1/initial-access/T1078"` or `"B2/business-travel"`.
    public func describe(_ truth: GroundTruth) -> String {
        switch truth {
        case let .malicious(c, s):
            let step = campaigns[c].steps[s]
            return campaigns[c].id + "/" + step.stage + "/" + step.technique
        case let .benign(l):
            return lookalikes[l].id + "/" + lookalikes[l].kind.rawValue
        }
    }

    /// Labels with the event ids cleared and windows reset to their planned values: the state before writing.
    func clearingEvents() -> LabelBook {
        var copy = self
        for c in copy.campaigns.indices {
            for s in copy.campaigns[c].steps.indices { copy.campaigns[c].steps[s].eventIDs = [] }
        }
        for l in copy.lookalikes.indices { copy.lookalikes[l].eventIDs = [] }
        return copy
    }
}
