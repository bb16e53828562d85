import VigilCore

/// A team starting to use a SaaS product: the first contact anyone in the organisation has with its domain.
struct SaaSAdoption: Sendable {
    var destination: Int
    /// Adopters in the order they start, with the epoch day each starts.
    var adopters: [(person: Int, fromDay: Int)]
}

/// A log source whose formatting is broken: a trickle of malformed lines, or a burst after an upgrade.
struct BrokenSource: Sendable {
    var logSource: Int
    var start: EpochMillis
    var end: EpochMillis
    /// Malformed lines per hour.
    var perHour: Double
    /// Look-alike label for a burst (nil for the everyday trickle, or when look-alikes are off).
    var label: Int?
}

/// The everyday background the hour generator produces, planned once per run.
struct BackgroundPlan: Sendable {
    var adoptions: [SaaSAdoption] = []
    var brokenSources: [BrokenSource] = []
    /// The account the software-deployment tool uses, and the epoch days it pushes packages.
    var deploymentAccount: String?
    var deploymentDays: Set<Int> = []
    /// Addresses the scenario gave attackers or threat-intelligence noise; Internet scanners never use them, so
    /// an attacker's address stays the attacker's.
    var reservedAddresses: Set<String> = []
}
