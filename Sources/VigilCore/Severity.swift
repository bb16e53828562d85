/// Vigil's severity scale, aligned with how a SOC triages.
public enum Severity: Int, Codable, Sendable, Hashable, Comparable, CaseIterable {
    case informational = 1
    case low = 2
    case medium = 3
    case high = 4
    case critical = 5

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// QRadar's 0–10 severity/magnitude scale for this level.
    public var qradarScale: Int {
        switch self {
        case .informational: return 1
        case .low: return 3
        case .medium: return 5
        case .high: return 7
        case .critical: return 9
        }
    }

    public var name: String {
        switch self {
        case .informational: return "informational"
        case .low: return "low"
        case .medium: return "medium"
        case .high: return "high"
        case .critical: return "critical"
        }
    }
}
