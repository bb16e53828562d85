import VigilCore

/// What the offense poller needs of one offense.
public struct OffenseRecord: Sendable, Hashable {
    public var id: Int64
    public var lastPersistedTime: EpochMillis

    public init(id: Int64, lastPersistedTime: EpochMillis) {
        self.id = id
        self.lastPersistedTime = lastPersistedTime
    }

    /// Reads `id` and `last_persisted_time` from an offense object; nil when either is missing or not a number.
    public init?(row: IngestRow) {
        guard let id = row["id"]?.int64, let t = row["last_persisted_time"]?.int64 else { return nil }
        self.init(id: id, lastPersistedTime: t)
    }

    /// The de-duplication key: an offense counts again each time QRadar persists a change to it.
    public var key: String { "\(id)@\(lastPersistedTime)" }
}

/// The offense poller's persisted state.
public struct OffenseCheckpoint: Sendable, Hashable, Codable {
    /// The highest `last_persisted_time` delivered.
    public var watermark: EpochMillis
    /// Keys (`id@last_persisted_time`) delivered with `last_persisted_time ≥ watermark − overlap`, sorted.
    public var seenKeys: [String]

    public init(watermark: EpochMillis, seenKeys: [String] = []) {
        self.watermark = watermark
        self.seenKeys = seenKeys
    }
}

/// One `GET /siem/offenses` request.
public struct OffensePollRequest: Sendable, Hashable {
    /// The `filter` query parameter (not yet URL-encoded).
    public var filter: String
    /// The `sort` query parameter.
    public var sort: String
    /// The `Range` header value (`items=0-49`).
    public var range: String
}

/// Plans the offense poll: `last_persisted_time > <watermark − overlap − 1>` (so offenses persisted at the
/// watermark itself, or slightly out of order, are read again), sorted `+last_persisted_time,+id`, read in `Range`
/// pages; de-duplicated by (id, last_persisted_time).
///
/// Paging is by key, not by offset alone: `last_persisted_time` changes while a poll pages through it (an updated
/// offense jumps to the end), so after a full page the next page starts at that page's highest
/// `last_persisted_time`, skipping (by `Range` offset) the rows of that time already read. An offense that
/// moves during the poll is read again at its new time — which is an update and counts.
public struct OffensePollPlanner: Sendable {
    public var overlapMillis: EpochMillis
    public var pageSize: Int
    /// An extra condition ANDed to the filter (e.g. `domain_id = 0`).
    public var extraFilter: String?

    public init(overlapMillis: EpochMillis = 5 * EpochMillis.minute, pageSize: Int = 50, extraFilter: String? = nil) {
        self.overlapMillis = max(0, overlapMillis)
        self.pageSize = max(1, pageSize)
        self.extraFilter = extraFilter
    }

    /// Starts a poll from the persisted checkpoint (nil for the first poll: start at `initialWatermark`).
    public func start(checkpoint: OffenseCheckpoint?, initialWatermark: EpochMillis = 0) -> OffensePoll {
        OffensePoll(planner: self, checkpoint: checkpoint ?? OffenseCheckpoint(watermark: initialWatermark))
    }

    func request(lowerBound: EpochMillis, offset: Int) -> OffensePollRequest {
        var filter = "last_persisted_time > \(lowerBound - 1)"
        if let extra = extraFilter, !extra.trimmingSpaces().isEmpty { filter = "(\(filter)) and (\(extra))" }
        return OffensePollRequest(filter: filter, sort: "+last_persisted_time,+id",
                                  range: "items=\(offset)-\(offset + pageSize - 1)")
    }
}

/// One offense poll in progress: ask for ``request``, feed the page to ``receive(_:)``, repeat until
/// ``isComplete``, then persist ``checkpoint``. A failed request is simply retried (the state does not change).
public struct OffensePoll: Sendable {
    public let planner: OffensePollPlanner
    /// The checkpoint the poll started from.
    public let startCheckpoint: OffenseCheckpoint
    private var seen: Set<String>
    private var lowerBound: EpochMillis
    private var offset = 0
    private var highest: EpochMillis
    public private(set) var isComplete = false

    init(planner: OffensePollPlanner, checkpoint: OffenseCheckpoint) {
        self.planner = planner
        startCheckpoint = checkpoint
        seen = Set(checkpoint.seenKeys)
        lowerBound = checkpoint.watermark - planner.overlapMillis
        highest = checkpoint.watermark
    }

    /// The next request, or nil once the poll is complete.
    public var request: OffensePollRequest? {
        isComplete ? nil : planner.request(lowerBound: lowerBound, offset: offset)
    }

    /// Takes one page (in the order QRadar returned it) and returns the offenses not delivered before.
    public mutating func receive(_ page: [OffenseRecord]) -> [OffenseRecord] {
        guard !isComplete else { return [] }
        var fresh: [OffenseRecord] = []
        for r in page {
            highest = max(highest, r.lastPersistedTime)
            if seen.insert(r.key).inserted { fresh.append(r) }
        }
        if page.count < planner.pageSize {
            isComplete = true
        } else {
            let top = page.map(\.lastPersistedTime).max() ?? lowerBound
            let atTop = page.filter { $0.lastPersistedTime == top }.count
            if top > lowerBound {
                lowerBound = top
                offset = atTop
            } else {
                offset += page.count
            }
        }
        return fresh
    }

    /// The checkpoint to persist once the poll is complete (before that, the start checkpoint).
    public var checkpoint: OffenseCheckpoint {
        guard isComplete else { return startCheckpoint }
        let floor = highest - planner.overlapMillis
        let keep = seen.filter { key in
            guard let at = key.lastIndex(of: "@"), let t = Int64(key[key.index(after: at)...]) else { return false }
            return t >= floor
        }
        return OffenseCheckpoint(watermark: highest, seenKeys: keep.sorted())
    }
}
