/// The evaluator's view of a table: name resolution done once, per-row access through closures over
/// resolved column indices (no string lookups per row).
struct AQLRowSource {
    let database: String
    let rowCount: Int
    let columnNames: [String]
    let columnIndex: (String) -> Int?
    /// Accessor for a resolved column; returns `.null` for the pseudo-row -1 (an empty global aggregate).
    let column: (Int) -> (Int) -> AQLValue
    let startTime: (Int) -> Int64
    let rowsInRange: (Int64, Int64) -> Range<Int>?

    init<T: AQLTable>(_ table: T) {
        database = table.database
        rowCount = table.rowCount
        columnNames = table.columnNames
        columnIndex = { table.columnIndex(named: $0) }
        if let memory = table as? AQLMemoryTable {
            column = { c in
                let values = memory.storage[c]
                return { row in row >= 0 ? values[row] : .null }
            }
            startTime = { memory.startTime(row: $0) }
            rowsInRange = { memory.rows(startingAt: $0, before: $1) }
        } else {
            column = { c in { row in row >= 0 ? table.value(row: row, column: c) : .null } }
            startTime = { table.startTime(row: $0) }
            rowsInRange = { table.rows(startingAt: $0, before: $1) }
        }
    }
}
