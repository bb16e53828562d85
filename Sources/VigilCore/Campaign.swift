/// One step of a campaign: signals that belong to the same stage of an attack.
public struct CampaignStage: Codable, Sendable, Hashable {
    /// Stage name (`"initial-access"`, `"lateral-movement"`, `"exfiltration"`).
    public var name: String
    /// When the stage started and ended.
    public var start: EpochMillis
    public var end: EpochMillis
    /// Signals that make up the stage.
    public var signalIDs: [String]

    public init(name: String, start: EpochMillis, end: EpochMillis, signalIDs: [String]) {
        self.name = name
        self.start = start
        self.end = end
        self.signalIDs = signalIDs
    }
}

/// Signals linked across entities and time into one story.
public struct Campaign: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var entities: [EntityRef]
    public var stages: [CampaignStage]
    public var confidence: Double
    public var severity: Severity
    public var start: EpochMillis
    public var end: EpochMillis
    public var narrative: String

    public init(id: String, entities: [EntityRef], stages: [CampaignStage], confidence: Double, severity: Severity,
                start: EpochMillis, end: EpochMillis, narrative: String) {
        self.id = id
        self.entities = entities
        self.stages = stages
        self.confidence = confidence
        self.severity = severity
        self.start = start
        self.end = end
        self.narrative = narrative
    }
}
