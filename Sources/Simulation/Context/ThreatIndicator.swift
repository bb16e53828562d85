import VigilCore

/// One threat-intelligence indicator, as a SOC's feed would carry it.
public struct ThreatIndicator: Sendable, Hashable, Codable {
    /// The value: an address, a domain or a file hash.
    public var indicator: String
    /// `ipv4`, `domain` or `sha256`.
    public var type: String
    /// What it is known for (`command-and-control`, `credential-stuffing`, `anonymizer`, `malware`, `scanner`).
    public var threat: String
    /// Confidence 0–100.
    public var confidence: Int
    /// The feed that reported it.
    public var source: String
    public var firstSeen: EpochMillis
    public var lastSeen: EpochMillis
    public var description: String

    public init(indicator: String, type: String, threat: String, confidence: Int, source: String, firstSeen: EpochMillis,
                lastSeen: EpochMillis, description: String) {
        self.indicator = indicator
        self.type = type
        self.threat = threat
        self.confidence = confidence
        self.source = source
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.description = description
    }
}
