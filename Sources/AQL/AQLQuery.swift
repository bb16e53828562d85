/// The root of a parsed AQL query, clause by clause in QRadar's order:
/// `SELECT … FROM … [INTO …] [WHERE …] [GROUP BY …] [HAVING …] [ORDER BY …] [LIMIT n] [time] [PARAMETERS …]`.
///
/// Equality ignores source positions.
public struct AQLQuery: Sendable, Hashable {
    /// `SELECT DISTINCT`.
    public var distinct: Bool
    /// The select list; never empty.
    public var select: [AQLSelectItem]
    /// The Ariel database, lower-cased: `events`, `flows`, `simarc`, …
    public var from: String
    /// `INTO <cursor>` — names the search.
    public var into: String?
    public var `where`: AQLExpression?
    public var groupBy: [AQLExpression]
    public var having: AQLExpression?
    public var orderBy: [AQLOrderItem]
    public var limit: Int64?
    public var time: AQLTimeClause?
    public var parameters: [AQLParameter]
    /// Where the query starts.
    public var position: AQLSourcePosition

    public init(distinct: Bool = false, select: [AQLSelectItem], from: String, into: String? = nil,
                where: AQLExpression? = nil, groupBy: [AQLExpression] = [], having: AQLExpression? = nil,
                orderBy: [AQLOrderItem] = [], limit: Int64? = nil, time: AQLTimeClause? = nil,
                parameters: [AQLParameter] = [], position: AQLSourcePosition = .synthesized) {
        self.distinct = distinct
        self.select = select
        self.from = from
        self.into = into
        self.where = `where`
        self.groupBy = groupBy
        self.having = having
        self.orderBy = orderBy
        self.limit = limit
        self.time = time
        self.parameters = parameters
        self.position = position
    }
}

/// One entry of the select list.
public enum AQLSelectItem: Sendable, Hashable {
    /// `*` — every column of the database.
    case all(AQLSourcePosition)
    /// An expression with an optional alias (`AS name` or `AS 'Display Name'`).
    case expression(AQLExpression, alias: String?)
}

/// Sort direction of an ORDER BY item; ASC when omitted.
public enum AQLSortDirection: String, Sendable, Hashable {
    case ascending = "ASC", descending = "DESC"
}

/// One `ORDER BY` key.
public struct AQLOrderItem: Sendable, Hashable {
    public var expression: AQLExpression
    public var direction: AQLSortDirection
    /// `COLLATE 'bcp47-tag'` — accepted and kept; ordering is by code point regardless.
    public var collation: String?
    public init(_ expression: AQLExpression, _ direction: AQLSortDirection = .ascending, collation: String? = nil) {
        self.expression = expression
        self.direction = direction
        self.collation = collation
    }
}

/// Units of `LAST n …`.
public enum AQLTimeUnit: String, Sendable, Hashable, CaseIterable {
    case seconds = "SECONDS", minutes = "MINUTES", hours = "HOURS", days = "DAYS"

    /// Milliseconds per unit.
    public var millis: Int64 {
        switch self {
        case .seconds: return 1_000
        case .minutes: return 60_000
        case .hours: return 3_600_000
        case .days: return 86_400_000
        }
    }
}

/// The time clause.
public enum AQLTimeClause: Sendable, Hashable {
    /// `LAST n MINUTES` etc.
    case last(Int64, AQLTimeUnit)
    /// `START t [STOP t]`: each bound is a quoted date (`'2024-01-31 10:00'`), epoch milliseconds, or an
    /// expression such as `PARSEDATETIME('1 hour ago')`. A missing STOP means now.
    case startStop(start: AQLExpression, stop: AQLExpression?)
}

/// One `name=value` of the PARAMETERS clause; the name keeps its spelling.
public struct AQLParameter: Sendable, Hashable {
    public var name: String
    public var value: AQLExpression
    public init(name: String, value: AQLExpression) {
        self.name = name
        self.value = value
    }
}
