/// How the emulated QRadar engine is set up.
public struct EngineConfiguration: Sendable {
    /// Where the SQLite database lives; `nil` keeps everything in memory (tests).
    public var dataDirectory: String?
    /// A JSON file of custom rules for the emulated Custom Rules Engine; `nil` uses ``DefaultRules``.
    public var rulesFile: String?
    /// How long Ariel searches stay in WAIT/EXECUTE/SORTING (slow-search fault injection).
    public var searchTiming: SearchTiming
    /// The engine's clock, epoch milliseconds. Every time the engine records or compares comes from here.
    public var now: @Sendable () -> Int64

    public init(
        dataDirectory: String? = nil,
        rulesFile: String? = nil,
        searchTiming: SearchTiming = .init(),
        now: @escaping @Sendable () -> Int64
    ) {
        self.dataDirectory = dataDirectory
        self.rulesFile = rulesFile
        self.searchTiming = searchTiming
        self.now = now
    }
}

/// How long an Ariel search takes, measured on the engine clock.
///
/// A search created at `t` is in WAIT until it is first looked at (QRadar clients always see WAIT on creation),
/// in EXECUTE until `t + minimumExecuteMillis + extraMillisPerThousandRows × rows / 1000`, and is COMPLETED
/// from then on (passing through SORTING when its query sorts). With zero timing, the first poll completes it.
public struct SearchTiming: Sendable, Hashable {
    /// The least time a search spends executing.
    public var minimumExecuteMillis: Int64 = 0
    /// Extra execution time per thousand result rows.
    public var extraMillisPerThousandRows: Int64 = 0

    public init(minimumExecuteMillis: Int64 = 0, extraMillisPerThousandRows: Int64 = 0) {
        self.minimumExecuteMillis = minimumExecuteMillis
        self.extraMillisPerThousandRows = extraMillisPerThousandRows
    }
}

/// What became of one ingested syslog line.
public struct IngestOutcome: Sendable, Hashable {
    /// Whether the line was stored as an event.
    public var accepted: Bool
    /// Why it was rejected (nil when accepted).
    public var reason: String?
    /// The offenses the event created or extended.
    public var offenseIDs: [Int64]

    public init(accepted: Bool, reason: String? = nil, offenseIDs: [Int64] = []) {
        self.accepted = accepted
        self.reason = reason
        self.offenseIDs = offenseIDs
    }
}

/// What a bulk load did.
public struct LoadSummary: Sendable, Hashable {
    /// Events stored.
    public var events: Int
    /// Flows stored.
    public var flows: Int
    /// Lines that could not be loaded.
    public var rejected: Int
    /// The first few rejection reasons, each naming its line number.
    public var errors: [String]

    public init(events: Int = 0, flows: Int = 0, rejected: Int = 0, errors: [String] = []) {
        self.events = events
        self.flows = flows
        self.rejected = rejected
        self.errors = errors
    }
}
