/// Runs parsed queries over an `AQLTable` with QRadar's semantics.
///
/// * Time: no time clause means the last `defaultWindowMillis` (QRadar: 5 minutes) up to and including
///   `now`; `LAST n UNITS` is `[now − n·unit, now]`; `START a STOP b` works in whole minutes, as QRadar does:
///   it covers from the start of a's minute to the end of b's minute (`STOP` defaults to now). Quoted
///   times are read in `timeZoneOffsetMillis` unless they end in `Z`.
/// * NULL and loose typing: see `AQLValueSemantics` (comparisons with NULL are false, `!=` is `NOT =`,
///   `destinationport = '23456'` compares numerically).
/// * Grouping: hash grouping on the GROUP BY values; non-aggregated columns of a grouped query take the
///   value from the group's first row (in table order). A query with aggregates and no GROUP BY is one
///   group, which exists even when no row matched (`COUNT(*)` is 0).
/// * Ordering: NULL first ascending, numbers numerically, IPv4 text numerically, other text by code
///   point; ties keep table order. LIMIT applies after ordering and DISTINCT.
/// * MATCHES/IMATCHES find the pattern anywhere in the value (anchor with `^…$` for a whole match);
///   regexes are compiled once per query.
/// * Un-aliased column names follow `AQLColumnNaming`.
public struct AQLEvaluator: Sendable {
    public let lookups: any AQLLookups
    /// The current time in epoch ms, for `LAST n …`, `NOW()`, `PARSEDATETIME` and the default window.
    public let now: Int64
    /// The window used when a query has no time clause (QRadar: 5 minutes).
    public let defaultWindowMillis: Int64
    /// Offset of the console's time zone from UTC in ms; quoted START/STOP times without `Z` and
    /// DATEFORMAT output use it.
    public var timeZoneOffsetMillis: Int64

    public init(lookups: any AQLLookups, now: Int64, defaultWindowMillis: Int64 = 300_000, timeZoneOffsetMillis: Int64 = 0) {
        self.lookups = lookups
        self.now = now
        self.defaultWindowMillis = defaultWindowMillis
        self.timeZoneOffsetMillis = timeZoneOffsetMillis
    }

    /// Runs `query` on `table`. The query's database must be the table's.
    public func run(_ query: AQLQuery, on table: some AQLTable) throws(AQLError) -> AQLResultSet {
        guard query.from == table.database.lowercased() else {
            throw AQLError(at: query.position, expected: table.database, found: query.from,
                           message: "The query reads \(query.from) but the table holds \(table.database).")
        }
        return try run(query, source: AQLRowSource(table))
    }

    /// The `[start, stop)` epoch-ms window a query covers at `now`.
    public func timeWindow(of query: AQLQuery) throws(AQLError) -> Range<Int64> {
        let (lo, hi) = try window(query)
        return lo..<max(lo, hi)
    }

    func window(_ query: AQLQuery) throws(AQLError) -> (Int64, Int64) {
        let end = now == Int64.max ? now : now + 1
        switch query.time {
        case nil:
            return (now &- defaultWindowMillis, end)
        case .last(let n, let unit)?:
            let (span, overflow) = n.multipliedReportingOverflow(by: unit.millis)
            return (overflow ? Int64.min : now &- span, end)
        case .startStop(let start, let stop)?:
            let s = try timeBound(start, isStop: false)
            let e = try stop.map { (x) throws(AQLError) in try timeBound(x, isStop: true) } ?? end
            if s > e {
                throw AQLError(at: start.position, message: "START must precede STOP.")
            }
            return (s, e)
        }
    }

    /// One START/STOP bound in ms, rounded to whole minutes (STOP to the end of its minute).
    private func timeBound(_ e: AQLExpression, isStop: Bool) throws(AQLError) -> Int64 {
        var millis: Int64
        switch e.kind {
        case .literal(.string(let s)):
            guard let t = AQLDateTime.parseQRadarTime(s) else {
                throw AQLError(at: e.position, found: "'\(s)'", message: "Invalid time '\(s)'.")
            }
            millis = t.isUTC ? t.wallMillis : t.wallMillis &- timeZoneOffsetMillis
        case .literal(.integer(let ms)):
            millis = ms
        default:
            let empty = AQLRowSource.empty
            let compiler = AQLCompiler(evaluator: self, source: empty, query: AQLQuery(select: [], from: ""))
            compiler.clause = isStop ? "STOP" : "START"
            let value = try compiler.value(e)(-1)
            if let v = value.longValue, !(value.stringValue.map { AQLDateTime.parseQRadarTime($0) != nil } ?? false) {
                millis = v
            } else if let s = value.stringValue, let t = AQLDateTime.parseDateTime(s, now: now, zoneOffsetMillis: timeZoneOffsetMillis) {
                millis = t
            } else {
                throw AQLError(at: e.position, found: value.description,
                               message: "\(isStop ? "STOP" : "START") must be a time, not \(value.description).")
            }
        }
        let minute = AQLDateTime.floorDiv(millis, 60_000) &* 60_000
        return isStop ? minute &+ 60_000 : minute
    }

    // MARK: Execution

    func run(_ query: AQLQuery, source: AQLRowSource) throws(AQLError) -> AQLResultSet {
        let (lo, hi) = try window(query)
        let compiler = AQLCompiler(evaluator: self, source: source, query: query)

        compiler.clause = "WHERE"
        let filter = try query.where.map { (w) throws(AQLError) in try compiler.predicate(w) }

        let grouped = !query.groupBy.isEmpty || AQLEvaluator.usesAggregates(query)
        if query.having != nil, !grouped {
            throw AQLError(at: query.having!.position, message: "HAVING needs GROUP BY or an aggregate.")
        }

        // Candidate rows: the time window (by range when the table is time-sorted), then WHERE.
        let startTime = source.startTime
        let range = source.rowsInRange(lo, hi)
        func scan(_ body: (Int) -> Bool) {
            if let range {
                for row in range {
                    if let filter, !filter(row) { continue }
                    if !body(row) { return }
                }
            } else {
                for row in 0..<source.rowCount {
                    let t = startTime(row)
                    if t < lo || t >= hi { continue }
                    if let filter, !filter(row) { continue }
                    if !body(row) { return }
                }
            }
        }

        let columns = AQLColumnNaming.columnNames(for: query, tableColumns: source.columnNames)

        if !grouped {
            compiler.scope = .row
            compiler.clause = "SELECT"
            compiler.preferAliases = false
            let outputs = try outputAccessors(query, compiler)
            compiler.clause = "ORDER BY"
            compiler.preferAliases = true
            let orderKeys = try query.orderBy.map { (o) throws(AQLError) in try compiler.value(AQLEvaluator.quotedAlias(o.expression, compiler)) }
            let limit = query.limit.map { Int(clamping: max(0, $0)) } ?? Int.max

            var rows: [[AQLValue]] = []
            var seen: Set<[AQLValue]> = []
            if orderKeys.isEmpty {
                if limit > 0 {
                    scan { row in
                        let values = outputs.map { $0(row) }
                        if query.distinct, !seen.insert(values).inserted { return true }
                        rows.append(values)
                        return rows.count < limit
                    }
                }
                return AQLResultSet(columns: columns, rows: rows)
            }
            var matched: [Int] = []
            scan { row in
                matched.append(row)
                return true
            }
            let keys = matched.map { row in orderKeys.map { $0(row) } }
            let order = AQLEvaluator.sortedIndices(keys, query.orderBy)
            for i in order {
                if rows.count >= limit { break }
                let values = outputs.map { $0(matched[i]) }
                if query.distinct, !seen.insert(values).inserted { continue }
                rows.append(values)
            }
            return AQLResultSet(columns: columns, rows: rows)
        }

        // Grouped: keys per row, then outputs per group.
        compiler.scope = .row
        compiler.clause = "GROUP BY"
        compiler.preferAliases = false
        let keyFns = try query.groupBy.map { (g) throws(AQLError) in try compiler.value(AQLEvaluator.quotedAlias(g, compiler)) }
        compiler.scope = .group
        compiler.clause = "SELECT"
        let outputs = try outputAccessors(query, compiler)
        compiler.clause = "HAVING"
        compiler.preferAliases = true
        let having = try query.having.map { (h) throws(AQLError) in try compiler.predicate(h) }
        compiler.clause = "ORDER BY"
        let orderKeys = try query.orderBy.map { (o) throws(AQLError) in try compiler.value(AQLEvaluator.quotedAlias(o.expression, compiler)) }
        let slots = compiler.aggregateSlots
        let slotCount = slots.count

        var firstRows: [Int] = []
        var states: [AQLAggregateState] = []
        func update(_ g: Int, _ row: Int) {
            let base = g * slotCount
            for k in 0..<slotCount { states[base + k].update(slots[k], row: row) }
        }
        func newGroup(_ row: Int) -> Int {
            firstRows.append(row)
            states.append(contentsOf: repeatElement(AQLAggregateState(), count: slotCount))
            return firstRows.count - 1
        }
        switch keyFns.count {
        case 0:
            scan { row in
                let g = firstRows.isEmpty ? newGroup(row) : 0
                update(g, row)
                return true
            }
            if firstRows.isEmpty { _ = newGroup(-1) }
        case 1:
            let key = keyFns[0]
            var index: [AQLValue: Int] = [:]
            scan { row in
                let k = key(row)
                let g: Int
                if let existing = index[k] {
                    g = existing
                } else {
                    g = newGroup(row)
                    index[k] = g
                }
                update(g, row)
                return true
            }
        default:
            var index: [[AQLValue]: Int] = [:]
            var scratch = [AQLValue](repeating: .null, count: keyFns.count)
            scan { row in
                for i in 0..<keyFns.count { scratch[i] = keyFns[i](row) }
                let g: Int
                if let existing = index[scratch] {
                    g = existing
                } else {
                    g = newGroup(row)
                    index[scratch] = g
                }
                update(g, row)
                return true
            }
        }

        var outRows: [[AQLValue]] = []
        var outKeys: [[AQLValue]] = []
        let box = compiler.groupValues
        for g in 0..<firstRows.count {
            let base = g * slotCount
            box.values = (0..<slotCount).map { states[base + $0].result(slots[$0]) }
            let row = firstRows[g]
            if let having, !having(row) { continue }
            outRows.append(outputs.map { $0(row) })
            if !orderKeys.isEmpty { outKeys.append(orderKeys.map { $0(row) }) }
        }
        let limit = query.limit.map { Int(clamping: max(0, $0)) } ?? Int.max
        let order = orderKeys.isEmpty ? Array(outRows.indices) : AQLEvaluator.sortedIndices(outKeys, query.orderBy)
        var rows: [[AQLValue]] = []
        var seen: Set<[AQLValue]> = []
        for i in order {
            if rows.count >= limit { break }
            if query.distinct, !seen.insert(outRows[i]).inserted { continue }
            rows.append(outRows[i])
        }
        return AQLResultSet(columns: columns, rows: rows)
    }

    private func outputAccessors(_ query: AQLQuery, _ compiler: AQLCompiler) throws(AQLError) -> [AQLRowValue] {
        var out: [AQLRowValue] = []
        for item in query.select {
            switch item {
            case .all:
                for c in 0..<compiler.source.columnNames.count { out.append(compiler.accessor(column: c)) }
            case .expression(let e, _):
                out.append(try compiler.value(e))
            }
        }
        return out
    }

    /// `ORDER BY 'count'` / `GROUP BY 'Event Name'`: a single-quoted name of a select alias refers to that
    /// column (real clients write aliases this way); any other literal stays a literal.
    static func quotedAlias(_ e: AQLExpression, _ compiler: AQLCompiler) -> AQLExpression {
        if case .literal(.string(let s)) = e.kind, compiler.aliases[s.lowercased()] != nil {
            return AQLExpression(.field(s), at: e.position)
        }
        return e
    }

    /// Row order for ORDER BY keys; stable (ties keep their original order).
    static func sortedIndices(_ keys: [[AQLValue]], _ items: [AQLOrderItem]) -> [Int] {
        var idx = Array(keys.indices)
        idx.sort { a, b in
            for (k, item) in items.enumerated() {
                let c = AQLValueSemantics.sortCompare(keys[a][k], keys[b][k])
                if c != 0 { return item.direction == .ascending ? c < 0 : c > 0 }
            }
            return a < b
        }
        return idx
    }

    /// Whether SELECT, HAVING or ORDER BY call an aggregate function (outside subqueries).
    static func usesAggregates(_ q: AQLQuery) -> Bool {
        for item in q.select {
            if case .expression(let e, _) = item, AQLExpressionWalker.containsAggregate(e) { return true }
        }
        if let h = q.having, AQLExpressionWalker.containsAggregate(h) { return true }
        return q.orderBy.contains { AQLExpressionWalker.containsAggregate($0.expression) }
    }
}

extension AQLRowSource {
    /// A source with no rows or columns, for evaluating constant expressions.
    static var empty: AQLRowSource { AQLRowSource(AQLMemoryTable(database: "", columns: [], rows: [])) }
}

/// Small traversals over expressions.
enum AQLExpressionWalker {
    /// Calls `visit` on `e` and every sub-expression (not descending into subqueries); stop by returning false.
    static func forEach(_ e: AQLExpression, _ visit: (AQLExpression) -> Bool) {
        guard visit(e) else { return }
        for child in children(e) { forEach(child, visit) }
    }

    static func children(_ e: AQLExpression) -> [AQLExpression] {
        switch e.kind {
        case .field, .literal, .star, .textSearch: return []
        case .negate(let x), .not(let x): return [x]
        case .arithmetic(_, let l, let r), .comparison(_, let l, let r): return [l, r]
        case .and(let xs), .or(let xs): return xs
        case .match(_, let v, let p, _): return [v, p]
        case .inList(let v, let items, _): return [v] + items
        case .inSubquery(let v, _, _): return [v]
        case .between(let v, let lo, let hi, _): return [v, lo, hi]
        case .isNull(let v, _): return [v]
        case .function(_, let args, _): return args
        case .caseWhen(let s, let branches, let other):
            var out: [AQLExpression] = s.map { [$0] } ?? []
            for b in branches { out += [b.when, b.then] }
            if let other { out.append(other) }
            return out
        }
    }

    static func containsAggregate(_ e: AQLExpression) -> Bool {
        var found = false
        forEach(e) { node in
            if found { return false }
            if case .function(let name, _, _) = node.kind, AQLFunction.named(name)?.isAggregate == true {
                found = true
                return false
            }
            return true
        }
        return found
    }
}
