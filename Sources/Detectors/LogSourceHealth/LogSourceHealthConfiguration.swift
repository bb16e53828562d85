/// How much losing a log source hurts detection.
public enum LogSourceCriticality: Int, Sendable, Hashable, Comparable, CaseIterable {
    case low = 0
    case normal = 1
    case high = 2
    case critical = 3

    /// Multiplier on the signal score.
    public var weight: Double {
        switch self {
        case .low: 0.55
        case .normal: 0.7
        case .high: 0.85
        case .critical: 1.0
        }
    }

    public var name: String {
        switch self {
        case .low: "low"
        case .normal: "normal"
        case .high: "high"
        case .critical: "critical"
        }
    }

    /// Parses `"critical"`, `"high"`, `"medium"`/`"normal"`, `"low"` (any case), or a QRadar asset weight `0`–`10`.
    public init?(text: String) {
        switch text.lowercased() {
        case "critical", "crit", "very high": self = .critical
        case "high": self = .high
        case "medium", "normal", "moderate": self = .normal
        case "low", "none": self = .low
        default:
            guard let w = Int(text) else { return nil }
            self = w >= 9 ? .critical : w >= 7 ? .high : w >= 4 ? .normal : .low
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Settings of ``LogSourceHealthDetector``.
public struct LogSourceHealthConfiguration: Sendable {
    /// Criticality by exact log source name (case-insensitive).
    public var criticality: [String: LogSourceCriticality] = [:]
    /// Name substrings (case-insensitive) that make a source critical when neither the map nor the event's
    /// `criticality` property says otherwise: domain controllers, VPN concentrators, database servers.
    public var criticalPatterns: [String] = ["@ dc", "dc0", "domain controller", "vpn", "asa @", "sqlserver", "mssql", "oracle", "@ db-"]
    /// Name substrings (case-insensitive) that make a source low criticality: end-user devices, whose logs go quiet
    /// whenever their owner does.
    public var lowPatterns: [String] = ["@ ws-", "@ lt-", "@ pc-", "@ desktop-", "@ laptop-", "@ nb-", "@ vdi-"]
    /// Sources below this criticality are not raised for silence, drops or floods (parsing, format and clock
    /// problems are raised for every source).
    public var minimumRateCriticality: LogSourceCriticality = .normal
    /// Criticality of everything else.
    public var defaultCriticality: LogSourceCriticality = .normal
    /// Planned quiet periods.
    public var maintenanceWindows: [MaintenanceWindow] = []
    /// Offset of local time from UTC for the hour-of-day profile, minutes.
    public var utcOffsetMinutes: Int = 0

    /// Silence shorter than this is never raised (reboots, agent restarts).
    public var minimumSilence: Int64 = 15 * 60_000
    /// A silence must last this many times the source's own 99.9th-percentile gap for the same kind of hour (busy
    /// or quiet). The gap percentile is read from power-of-two buckets (upper edge), so the effective factor is
    /// between this and twice this.
    public var gapFactor: Double = 2
    /// Events the seasonal forecast must have expected in a gap for it to be a silence: a sparse source's long gap
    /// in its quiet hours is not one.
    public var minimumExpectedInGap: Double = 5
    /// Parsed events a source must have sent before its silence is judged.
    public var minimumEventsForSilence: Int = 20
    /// How long a source must have been seen before its silence is judged.
    public var silenceWarmup: Int64 = 24 * 3_600_000
    /// How often (event time) all sources are checked for silence.
    public var checkInterval: Int64 = 60_000

    /// Hours of history before drops and floods are judged.
    public var warmupHours: Int = 72
    /// Observations an hour-of-week profile slot needs before its hours are judged for drops and floods.
    public var minimumSlotObservations: Int = 3
    /// Standard deviations outside the expectation for a drop or flood.
    public var deviationThreshold: Double = 3
    /// Consecutive hours a drop must last: a real outage or a new filter persists, a quiet hour does not.
    public var dropHours: Int = 2
    /// A drop is also a count under this share of the expectation…
    public var dropRatio: Double = 0.3
    /// … a flood over this multiple of it.
    public var floodRatio: Double = 3
    /// Expected hourly events below which drops are not judged.
    public var minimumExpected: Double = 20
    /// Events in an hour below which floods are not judged.
    public var minimumFlood: Double = 100

    /// Share of malformed or unparsed events in an hour that is unusual (when also 5× the source's usual share)…
    public var malformedShare: Double = 0.2
    /// … with at least this many of them.
    public var minimumMalformed: Int = 10
    /// Consecutive malformed events that raise at once, without waiting for the hour to close.
    public var malformedStreak: Int = 20

    /// Median |receive time − device time| that is a clock problem.
    public var skewThreshold: Int64 = 5 * 60_000
    /// Receive-time samples needed before skew is judged (a ring of this many is kept).
    public var skewSamples: Int = 16

    /// Hours of history before field disappearance and new formats are judged.
    public var formatWarmupHours: Int = 24
    /// Events in an hour needed to judge fields and formats.
    public var minimumFormatEvents: Int = 30

    /// Log sources tracked at most (LRU beyond).
    public var maximumSources: Int = 50_000

    public init() {}
}
