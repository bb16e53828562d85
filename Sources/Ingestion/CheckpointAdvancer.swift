import VigilCore

/// One row of a poll result with its id and window time.
public struct IdentifiedRow: Sendable, Hashable {
    public var id: String
    /// The row's window time (`starttime`), nil when the row lacks it.
    public var windowTime: EpochMillis?
    public var row: IngestRow

    public init(id: String, windowTime: EpochMillis?, row: IngestRow) {
        self.id = id
        self.windowTime = windowTime
        self.row = row
    }
}

/// What one successful poll yields.
public struct PollAdvance: Sendable, Hashable {
    /// Rows not delivered before, in result order.
    public var newRows: [IdentifiedRow]
    /// Rows already delivered by an earlier poll (the overlap).
    public var duplicates: Int
    /// Rows whose window time lies outside the planned window (QRadar returned more than asked); they belong to
    /// another poll's window and are not delivered by this one.
    public var outOfWindow: Int
    /// The checkpoint to persist once ``newRows`` are safely handed on.
    public var checkpoint: IngestionCheckpoint
}

/// The pure state machine of a source's checkpoint: feed it the complete result of one planned poll; it drops rows
/// already seen, returns the new ones and computes the next checkpoint.
///
/// * The watermark moves to `max(old watermark, window end − overlap)`: it never moves backwards, and each poll
///   re-reads the overlap. An empty result moves it no further than a full one would, and only up to the planned
///   window's end, which the planner keeps `ingestionDelay` behind the present — so a quiet or empty poll skips
///   nothing that could still arrive within the allowance, and the overlap re-reads what arrives later.
/// * Seen ids are kept only for rows at or after the new watermark: every such row lies inside the next poll's
///   window and is returned again, so the set stays bounded by the overlap (plus one window).
/// * A failed or incomplete poll (search ERROR/CANCELED, Ariel unavailable, results cut short) must not be fed
///   in: retry the same plan, or re-plan from the same checkpoint.
public struct CheckpointAdvancer: Sendable {
    public let database: ArielDatabase
    public let identity: EventIdentity
    /// The column Ariel's time clause filters on (`starttime`).
    public let windowTimeColumn: String
    /// Whole minutes; 0 for aggregating sources.
    public let overlapMillis: EpochMillis
    public let isAggregate: Bool

    public init(database: ArielDatabase, identity: EventIdentity, windowTimeColumn: String = "starttime",
                overlapMillis: EpochMillis, isAggregate: Bool = false) {
        self.database = database
        self.identity = identity
        self.windowTimeColumn = windowTimeColumn
        self.overlapMillis = isAggregate ? 0 : Minutes.ceil(max(0, overlapMillis))
        self.isAggregate = isAggregate
    }

    /// The advancer matching a planner and a mapping.
    public init(planner: PollPlanner, mapping: FieldMapping) {
        self.init(database: planner.source.database, identity: mapping.identity, windowTimeColumn: mapping.windowTimeColumn,
                  overlapMillis: planner.overlapMillis, isAggregate: planner.isAggregate)
    }

    /// Processes the complete result of `plan`.
    public func advance(plan: PollPlan, rows: [IngestRow]) -> PollAdvance {
        let window = plan.window
        let old = plan.checkpoint
        let newWatermark = max(Minutes.floor(old.watermark), window.upperBound - overlapMillis)
        if isAggregate {
            // Aggregated rows summarise one window: they are new by construction and need no seen set.
            let prefix = "agg:\(window.lowerBound):"
            let ids = identity.ids(for: rows, database: database)
            let out = zip(ids, rows).map { IdentifiedRow(id: prefix + $0.0, windowTime: window.lowerBound, row: $0.1) }
            return PollAdvance(newRows: out, duplicates: 0, outOfWindow: 0,
                               checkpoint: IngestionCheckpoint(watermark: max(old.watermark, window.upperBound)))
        }
        let seen = Set(old.seenIDs)
        let ids = identity.ids(for: rows, database: database)
        var fresh: [IdentifiedRow] = []
        var keep = Set<String>()
        var duplicates = 0, outside = 0
        var deliveredNow = Set<String>()
        for (id, row) in zip(ids, rows) {
            let time = RowLookup(row).value(windowTimeColumn)?.int64
            if let time, !window.contains(time) {
                outside += 1
                continue
            }
            if let time, time < old.watermark {
                // Before a watermark that is not a whole minute (written by something else): delivered already.
                duplicates += 1
                continue
            }
            if time.map({ $0 >= newWatermark }) ?? true { keep.insert(id) }
            if seen.contains(id) || deliveredNow.contains(id) {
                duplicates += 1
                continue
            }
            deliveredNow.insert(id)
            fresh.append(IdentifiedRow(id: id, windowTime: time, row: row))
        }
        return PollAdvance(newRows: fresh, duplicates: duplicates, outOfWindow: outside,
                           checkpoint: IngestionCheckpoint(watermark: newWatermark, seenIDs: keep.sorted()))
    }
}
