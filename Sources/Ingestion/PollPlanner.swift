import AQL
import VigilCore

/// One poll to run: the AQL text and the window of `starttime` it covers.
public struct PollPlan: Sendable, Hashable {
    /// The source's name.
    public var source: String
    /// The complete AQL, ending in `START <ms> STOP <ms>`.
    public var query: String
    /// The `[lower, upper)` range of `starttime` the query returns, in whole minutes (what QRadar's minute
    /// rounding of START and STOP makes of the bounds in ``query``).
    public var window: Range<EpochMillis>
    /// Whether the gap to the present is longer than one window, so another poll should follow at once.
    public var isCatchUp: Bool
    /// The checkpoint the plan was made from; a failed poll is retried from it.
    public var checkpoint: IngestionCheckpoint

    public init(source: String, query: String, window: Range<EpochMillis>, isCatchUp: Bool, checkpoint: IngestionCheckpoint) {
        self.source = source
        self.query = query
        self.window = window
        self.isCatchUp = isCatchUp
        self.checkpoint = checkpoint
    }
}

/// Plans the Ariel polls of one source from its checkpoint and the current time.
///
/// Window arithmetic (all in whole minutes, because QRadar rounds START down to the start of its minute and STOP
/// up to the end of its minute):
/// * a poll reads `[watermark, stop)` where `stop = floor(min(now − ingestionDelay, watermark + maxWindow))`; the
///   query says `START watermark STOP stop−1`, which covers exactly that range under the rounding;
/// * nothing is planned until `stop` is at least one minute past the watermark;
/// * after the poll, ``CheckpointAdvancer`` moves the watermark to `max(watermark, stop − overlap)` (overlap
///   rounded up to whole minutes), so every later poll re-reads the overlap and recognises its rows by id.
///
/// Aggregating sources (GROUP BY or aggregate functions, pushed down to QRadar) cannot be de-duplicated row by
/// row, so they read adjacent windows with no overlap and rely on the ingestion delay alone.
public struct PollPlanner: Sendable {
    public let source: SourceDefinition
    /// The validated query without its time clause.
    public let baseQuery: AQLQuery
    /// Whether the query aggregates (then windows do not overlap).
    public let isAggregate: Bool
    /// The overlap in whole minutes (0 for aggregating sources).
    public let overlapMillis: EpochMillis

    /// Validates the source's query (built from `mapping` when the source has no SELECT template) with
    /// `AQL.parse` and `AQLValidator`, using the mapping's custom properties.
    /// - Throws: ``IngestionConfigurationError`` naming the source and the problem.
    /// The WHERE condition of a built query: the source's filter, after the exclusion of Vigil's own log source type
    /// on the events database (Vigil's LEEF findings come back through Ariel; they are conclusions, not evidence).
    /// The administrator's filter, when there is one, ends the condition, in parentheses.
    public static func effectiveFilter(of source: SourceDefinition) -> String? {
        guard source.database == .events, !source.includeVigilEvents else { return source.filter }
        let own = "LOGSOURCETYPENAME(devicetype) != '\(SourceDefinition.vigilLogSourceType)'"
        return source.filter.map { "\(own) AND (\($0))" } ?? own
    }

    public init(source: SourceDefinition, mapping: FieldMapping) throws(IngestionConfigurationError) {
        func fail(_ message: String) -> IngestionConfigurationError {
            IngestionConfigurationError(source: source.name, message: message)
        }
        guard !source.name.isEmpty else { throw fail("the source has no name") }
        guard source.pollIntervalMillis > 0 else { throw fail("pollIntervalMillis must be positive") }
        guard source.overlapMillis >= 0, source.ingestionDelayMillis >= 0, source.initialLookbackMillis >= 0 else {
            throw fail("overlapMillis, ingestionDelayMillis and initialLookbackMillis must not be negative")
        }
        let text: String
        if let select = source.select {
            text = select
        } else {
            text = ArielQueryBuilder.select(for: mapping, database: source.database, filter: Self.effectiveFilter(of: source))
        }
        let query: AQLQuery
        do {
            query = try AQL.parse(text)
        } catch {
            throw fail("invalid AQL at \(error.line):\(error.column): \(error.message) — in: \(text)")
        }
        guard query.from == source.database.rawValue else {
            throw fail("the query reads '\(query.from)' but the source is declared for '\(source.database.rawValue)'")
        }
        guard query.time == nil else {
            throw fail("the query must not have a time clause (LAST/START/STOP); Vigil adds START and STOP per poll")
        }
        guard query.limit == nil else { throw fail("the query must not have a LIMIT: it would silently drop rows of a window") }
        guard query.into == nil else { throw fail("the query must not name its cursor with INTO") }
        let validator = AQLValidator(customProperties: mapping.allCustomProperties)
        let errors = validator.errors(query)
        if !errors.isEmpty {
            let all = errors.map { "\($0.position.line):\($0.position.column): \($0.message)" }.joined(separator: "; ")
            throw fail("the query does not validate: \(all)")
        }
        let aggregate = !query.groupBy.isEmpty || query.select.contains { item in
            if case .expression(let e, _) = item { return Self.containsAggregate(e) }
            return false
        }
        if !aggregate {
            let columns = validator.resultColumns(of: query).map { $0.name.lowercased() }
            guard columns.contains(mapping.windowTimeColumn.lowercased()) else {
                throw fail("the query must select '\(mapping.windowTimeColumn)' (the time Ariel windows on), so overlapping polls can be de-duplicated")
            }
        }
        let overlap = aggregate ? 0 : Minutes.ceil(source.overlapMillis)
        guard source.maxWindowMillis >= overlap + EpochMillis.minute else {
            throw fail("maxWindowMillis (\(source.maxWindowMillis)) must exceed the overlap (\(overlap), whole minutes) by at least one minute, or polls would never advance")
        }
        self.source = source
        self.baseQuery = query
        self.isAggregate = aggregate
        self.overlapMillis = overlap
    }

    /// The checkpoint of a source that has never been polled: start `initialLookback` before `now`.
    public func initialCheckpoint(now: EpochMillis) -> IngestionCheckpoint {
        IngestionCheckpoint(watermark: Minutes.floor(now - source.ingestionDelayMillis - source.initialLookbackMillis))
    }

    /// The next poll, or nil when less than a whole minute of complete data lies past the watermark.
    /// - Parameter checkpoint: the persisted checkpoint; nil for a new source (see ``initialCheckpoint(now:)``).
    /// - Parameter until: an upper bound for the window's end (floored to the minute), so that several sources
    ///   catching up together advance in step and their events can be merged in time order.
    public func plan(checkpoint: IngestionCheckpoint?, now: EpochMillis, until: EpochMillis? = nil) -> PollPlan? {
        let checkpoint = checkpoint ?? initialCheckpoint(now: now)
        // A watermark written by another version may not be minute-aligned; flooring only re-reads, never skips.
        let start = Minutes.floor(checkpoint.watermark)
        let complete = Minutes.floor(now - source.ingestionDelayMillis)
        let horizon = until.map { min(complete, Minutes.floor($0)) } ?? complete
        let (limit, overflow) = start.addingReportingOverflow(Minutes.floor(source.maxWindowMillis))
        let stop = min(horizon, overflow ? horizon : limit)
        guard stop - start >= EpochMillis.minute else { return nil }
        var query = baseQuery
        query.time = .startStop(start: .integer(start), stop: .integer(stop - 1))
        return PollPlan(source: source.name, query: AQL.print(query), window: start..<stop,
                        isCatchUp: stop < complete, checkpoint: checkpoint)
    }

    /// When the next poll is due after one finished at `finishedAt`: at once while catching up, else after the
    /// poll interval.
    public func nextPollTime(after plan: PollPlan?, finishedAt: EpochMillis) -> EpochMillis {
        if let plan, plan.isCatchUp { return finishedAt }
        return finishedAt + source.pollIntervalMillis
    }

    static func containsAggregate(_ e: AQLExpression) -> Bool {
        switch e.kind {
        case .function(let name, let arguments, _):
            if AQLFunction.named(name)?.isAggregate == true { return true }
            return arguments.contains(where: containsAggregate)
        case .negate(let x), .not(let x): return containsAggregate(x)
        case .arithmetic(_, let a, let b), .comparison(_, let a, let b): return containsAggregate(a) || containsAggregate(b)
        case .and(let xs), .or(let xs): return xs.contains(where: containsAggregate)
        case .caseWhen(let subject, let branches, let otherwise):
            return (subject.map(containsAggregate) ?? false) || (otherwise.map(containsAggregate) ?? false)
                || branches.contains { containsAggregate($0.when) || containsAggregate($0.then) }
        default: return false
        }
    }
}
