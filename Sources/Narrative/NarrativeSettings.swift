import VigilCore

/// The QRadar field names hunt queries use for values that are custom properties in most deployments. The
/// defaults are those of Ingestion's default field mapping (`config/mapping.default.json`).
public struct HuntFields: Sendable, Hashable, Codable {
    public var sourceHost: String = "Source Host"
    public var destinationHost: String = "Destination Host"
    /// Windows event code (`4624`).
    public var eventCode: String = "Event ID"
    public var command: String = "Process CommandLine"
    public var country: String = "Country"
    public var resource: String = "Resource"
    public var application: String = "Application"

    public init() {}

    /// Every custom property the hunts may name, for `AQLValidator(customProperties:)`.
    public var customProperties: [String] {
        [sourceHost, destinationHost, eventCode, command, country, resource, application]
    }
}

/// Tunables of ``NarrativeBuilder``; the defaults are the documented rules (docs/NARRATIVE.md).
public struct NarrativeSettings: Sendable, Hashable, Codable {
    /// Confidence of an alert exactly at its threshold.
    public var confidenceFloor: Double = 0.5
    /// How fast confidence approaches 1 as risk grows past the threshold (per threshold-multiple).
    public var confidenceRate: Double = 1.0
    /// Highest confidence reported: risk scores are evidence, never proof.
    public var confidenceCeiling: Double = 0.99
    /// Risk over threshold at which the base severity becomes high, then critical.
    public var highRiskRatio: Double = 1.5
    public var criticalRiskRatio: Double = 3.0
    /// Asset criticality (CMDB, 1...10) at or above which severity is raised.
    public var highCriticality: Int = 8
    /// Asset criticality at or below which an alert about the asset itself is lowered.
    public var lowCriticality: Int = 2
    /// Threat-intelligence confidence needed for a hit to raise severity.
    public var threatIntelMinimumConfidence: Double = 0.5
    /// Confidence needed before blocking a beaconing destination is proposed.
    public var blockIPMinimumConfidence: Double = 0.8
    /// Risk over threshold needed before disabling an account is proposed.
    public var disableAccountRiskRatio: Double = 2.5
    /// Hunt window: from this long before the alert ...
    public var huntLookback: Int64 = EpochMillis.day
    /// ... to this long after it.
    public var huntLookahead: Int64 = EpochMillis.hour
    /// Wider window for "who else" hunts.
    public var huntWideLookback: Int64 = 7 * EpochMillis.day
    public var huntFields = HuntFields()

    public init() {}
}
