/// A table the evaluator reads (the emulator's events or flows store implements this).
public protocol AQLTable {
    /// The Ariel database this table stands for: `"events"`, `"flows"`, …
    var database: String { get }
    /// Number of rows; rows are addressed `0..<rowCount`.
    var rowCount: Int { get }
    /// The column for a name, case-insensitively; custom properties by display name. `nil` if unknown.
    func columnIndex(named name: String) -> Int?
    /// The value of one cell.
    func value(row: Int, column: Int) -> AQLValue
    /// The epoch-ms time the time clauses filter on (`starttime`).
    func startTime(row: Int) -> Int64
    /// Rows whose start time is in `[start, stop)` when the table is sorted by start time; `nil` means the
    /// evaluator must scan every row and test `startTime(row:)`.
    func rows(startingAt start: Int64, before stop: Int64) -> Range<Int>?
    /// Column names in their canonical spelling, used for `SELECT *`. Defaults to none.
    var columnNames: [String] { get }
}

extension AQLTable {
    public var columnNames: [String] { [] }
    public func rows(startingAt start: Int64, before stop: Int64) -> Range<Int>? { nil }
}

/// A simple column-major in-memory table for tests and small data sets.
///
/// The time column (default `starttime`) feeds `startTime(row:)`; when its values are non-decreasing the
/// table answers `rows(startingAt:before:)` by binary search.
public struct AQLMemoryTable: AQLTable, Sendable {
    public let database: String
    public let columnNames: [String]
    /// `storage[column][row]`.
    public private(set) var storage: [[AQLValue]]
    public private(set) var rowCount: Int
    private var index: [String: Int]
    private let timeColumn: Int?
    private var times: [Int64]
    private var sorted: Bool

    /// Builds a table from rows; each row must have one value per column (short rows are padded with null,
    /// extra values are dropped).
    public init(database: String = "events", columns: [String], rows: [[AQLValue]], timeColumn: String = "starttime") {
        self.database = database
        self.columnNames = columns
        var storage = [[AQLValue]](repeating: [], count: columns.count)
        for c in 0..<columns.count { storage[c].reserveCapacity(rows.count) }
        for row in rows {
            for c in 0..<columns.count {
                storage[c].append(c < row.count ? row[c] : .null)
            }
        }
        self.storage = storage
        self.rowCount = rows.count
        var index: [String: Int] = [:]
        for (i, name) in columns.enumerated() where index[name.lowercased()] == nil {
            index[name.lowercased()] = i
        }
        self.index = index
        self.timeColumn = index[timeColumn.lowercased()]
        self.times = []
        self.sorted = true
        rebuildTimes()
    }

    /// Builds a table from column-major storage (`columns[c][r]`), avoiding a copy per row.
    public init(database: String = "events", columnNames: [String], columnMajor: [[AQLValue]], timeColumn: String = "starttime") {
        self.database = database
        self.columnNames = columnNames
        let count = columnMajor.first?.count ?? 0
        self.storage = columnMajor.map { col in
            col.count == count ? col : Array(col.prefix(count)) + Array(repeating: AQLValue.null, count: max(0, count - col.count))
        }
        while storage.count < columnNames.count { storage.append(Array(repeating: .null, count: count)) }
        self.rowCount = count
        var index: [String: Int] = [:]
        for (i, name) in columnNames.enumerated() where index[name.lowercased()] == nil {
            index[name.lowercased()] = i
        }
        self.index = index
        self.timeColumn = index[timeColumn.lowercased()]
        self.times = []
        self.sorted = true
        rebuildTimes()
    }

    /// Appends one row.
    public mutating func append(_ row: [AQLValue]) {
        for c in 0..<columnNames.count { storage[c].append(c < row.count ? row[c] : .null) }
        let t = timeColumn.map { storage[$0][rowCount].longValue ?? 0 } ?? 0
        if let last = times.last, t < last { sorted = false }
        times.append(t)
        rowCount += 1
    }

    private mutating func rebuildTimes() {
        times = []
        times.reserveCapacity(rowCount)
        sorted = true
        guard let tc = timeColumn else {
            times = Array(repeating: 0, count: rowCount)
            return
        }
        for r in 0..<rowCount {
            let t = storage[tc][r].longValue ?? 0
            if let last = times.last, t < last { sorted = false }
            times.append(t)
        }
    }

    public func columnIndex(named name: String) -> Int? {
        if let i = index[name] { return i }
        return index[name.lowercased()]
    }

    @inlinable public func value(row: Int, column: Int) -> AQLValue { storage[column][row] }

    public func startTime(row: Int) -> Int64 { times[row] }

    public func rows(startingAt start: Int64, before stop: Int64) -> Range<Int>? {
        guard sorted else { return nil }
        let lo = lowerBound(start)
        let hi = max(lo, lowerBound(stop))
        return lo..<hi
    }

    private func lowerBound(_ t: Int64) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
