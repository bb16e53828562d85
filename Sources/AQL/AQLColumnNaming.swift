/// Result column names as QRadar reports them.
///
/// * An alias wins (`AS 'Event Name'` → `Event Name`).
/// * A plain field keeps the spelling used in the query (`sourceIP`, `"eventDirection"` → `eventDirection`).
/// * An un-aliased scalar function is `<lowercased function>_<arguments as written>` (observed in real
///   results: `qidname_qid`, `logsourcename_logsourceid`, `utf8_payload`, `rulename_creEventList`).
///   Arguments render as written without quotes; several arguments are joined with `_`.
/// * An un-aliased aggregate follows IBM's UI convention: `<FUNCTION>_<argument>` upper-case
///   (`COUNT_sourceip`, `SUM_eventcount`), and bare `COUNT(*)` is `COUNT`. (QRadar's API naming for
///   these is unconfirmed; alias aggregates when the name matters.)
/// * In a grouped query, an un-aliased field that is not grouped is `FIRST_<field>` (IBM docs).
/// * A string literal is named by its text; any other expression by its canonical AQL text
///   (`sourcebytes + destinationbytes`).
public enum AQLColumnNaming {
    /// The name of one select item; `SELECT *` items have no single name (nil).
    public static func name(of item: AQLSelectItem) -> String? {
        switch item {
        case .all: return nil
        case .expression(let e, let alias):
            if let alias { return alias }
            return name(of: e)
        }
    }

    /// The name an un-aliased expression gets.
    public static func name(of e: AQLExpression) -> String {
        switch e.kind {
        case .field(let n):
            return n
        case .function(let fname, let arguments, _):
            let isAggregate = AQLFunction.named(fname)?.isAggregate ?? false
            if isAggregate, arguments.count == 1, case .star = arguments[0].kind { return fname }
            let rendered = arguments.map(argumentText).joined(separator: "_")
            let head = isAggregate ? fname : fname.lowercased()
            return rendered.isEmpty ? head : head + "_" + rendered
        case .literal(.string(let s)):
            return s
        default:
            return AQL.print(e)
        }
    }

    private static func argumentText(_ e: AQLExpression) -> String {
        switch e.kind {
        case .field(let n): return n
        case .literal(.string(let s)): return s
        case .star: return "*"
        default: return AQL.print(e)
        }
    }

    /// Every column name of a query's result, expanding `*` to `tableColumns`.
    ///
    /// In a grouped query an un-aliased plain field that is not a GROUP BY key is returned as
    /// `FIRST_<field>` (IBM: "The sourceip column is returned as FIRST_sourceip").
    public static func columnNames(for query: AQLQuery, tableColumns: [String]) -> [String] {
        let grouped = !query.groupBy.isEmpty || AQLEvaluator.usesAggregates(query)
        var keys: Set<String> = []
        for g in query.groupBy {
            switch g.kind {
            case .field(let n): keys.insert(n.lowercased())
            case .literal(.string(let s)): keys.insert(s.lowercased())
            default: break
            }
        }
        var out: [String] = []
        for item in query.select {
            switch item {
            case .all:
                out.append(contentsOf: tableColumns)
            case .expression(let e, let alias):
                if let alias {
                    out.append(alias)
                } else if grouped, case .field(let n) = e.kind, !keys.contains(n.lowercased()) {
                    out.append("FIRST_" + n)
                } else {
                    out.append(name(of: e))
                }
            }
        }
        return out
    }
}
