/// The rows a query produced, with QRadar's column names (aliases, field spellings, `qidname_qid`, …).
public struct AQLResultSet: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[AQLValue]]
    public init(columns: [String], rows: [[AQLValue]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Rows as dictionaries keyed by column name, the shape of Ariel's JSON results (`{"events":[{…}]}`).
    /// When two columns share a name the later one wins, as in a JSON object.
    public var records: [[String: AQLValue]] {
        rows.map { row in
            var d: [String: AQLValue] = [:]
            for (i, c) in columns.enumerated() where i < row.count { d[c] = row[i] }
            return d
        }
    }
}
