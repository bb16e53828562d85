import AQL

/// One event or flow on its way into a table: values by slot of the table's schema.
struct ArielRecord: Sendable {
    var longs: [Int64]
    var texts: [String?]
    var bytes: [String?]
    /// Custom properties by display name, in arrival order.
    var properties: [(name: String, value: String)] = []
    /// Rules (CRE) the record matched.
    var rules: [Int64] = []
    /// Offenses the record contributed to.
    var offenses: [Int64] = []

    init(schema: ArielSchema) {
        longs = Array(repeating: ArielTable.nullLong, count: schema.longCount)
        texts = Array(repeating: nil, count: schema.textCount)
        bytes = Array(repeating: nil, count: schema.bytesCount)
    }

    /// A long slot as an optional.
    func long(_ slot: Int) -> Int64? {
        let v = longs[slot]
        return v == ArielTable.nullLong ? nil : v
    }

    /// The value of a custom property by display name (case-insensitive).
    func property(_ name: String) -> String? {
        for p in properties where p.name.caseInsensitiveEquals(name) { return p.value }
        return nil
    }
}

/// A columnar, start-time-sorted Ariel table (events or flows) that the AQL evaluator reads directly.
///
/// Repetitive text is interned, payloads are packed, custom properties are extra columns resolved by display
/// name. Rows are kept sorted by `starttime` so a time clause is a binary search; out-of-order appends mark the
/// table unsorted and ``sortIfNeeded()`` restores order before the next search.
struct ArielTable: AQLTable, Sendable {
    static let nullLong = Int64.min

    let schema: ArielSchema
    private(set) var longs: [[Int64]]
    private(set) var texts: [[Int32]]
    private(set) var bytes: [ByteColumn]
    private(set) var ruleLists: [Int32] = []
    private(set) var offenseLists: [Int32] = []
    private(set) var lists = ListInterner()
    private(set) var interner = StringInterner()
    /// The QID map's device event id and category per QID, refreshed by the engine before a search.
    var qidDetails: [Int64: (eventID: String?, eventCategory: String?)] = [:]
    /// Custom property display names, as first seen.
    private(set) var propertyNames: [String] = []
    private var propertyIndex: [String: Int] = [:]
    /// `properties[p][row]`, interned; may be shorter than `rowCount` (missing rows are null).
    private(set) var properties: [[Int32]] = []
    private(set) var rowCount: Int = 0
    private(set) var isSorted = true

    init(schema: ArielSchema) {
        self.schema = schema
        longs = Array(repeating: [], count: schema.longCount)
        texts = Array(repeating: [], count: schema.textCount)
        bytes = Array(repeating: ByteColumn(), count: schema.bytesCount)
        for name in schema.stockProperties { _ = propertySlot(name) }
    }

    var database: String { schema.database }

    var columnNames: [String] { schema.visibleNames }

    mutating func reserveCapacity(_ rows: Int) {
        for i in longs.indices { longs[i].reserveCapacity(rows) }
        for i in texts.indices { texts[i].reserveCapacity(rows) }
        ruleLists.reserveCapacity(rows)
        offenseLists.reserveCapacity(rows)
    }

    /// Appends a record; returns its row index (valid until the next sort).
    @discardableResult
    mutating func append(_ record: ArielRecord) -> Int {
        let row = rowCount
        let t = record.longs[schema.startTimeSlot]
        if isSorted, row > 0, t < longs[schema.startTimeSlot][row - 1] { isSorted = false }
        for i in 0..<schema.longCount { longs[i].append(record.longs[i]) }
        for i in 0..<schema.textCount { texts[i].append(record.texts[i].map { interner.intern($0) } ?? -1) }
        for i in 0..<schema.bytesCount { bytes[i].append(record.bytes[i]) }
        ruleLists.append(lists.intern(record.rules))
        offenseLists.append(lists.intern(record.offenses))
        for p in record.properties {
            let pi = propertySlot(p.name)
            let id = interner.intern(p.value)
            if properties[pi].count < row { properties[pi].append(contentsOf: repeatElement(-1, count: row - properties[pi].count)) }
            if properties[pi].count == row { properties[pi].append(id) } else { properties[pi][row] = id }
        }
        rowCount += 1
        return row
    }

    private mutating func propertySlot(_ name: String) -> Int {
        let key = name.lowercased()
        if let i = propertyIndex[key] { return i }
        let i = propertyNames.count
        propertyNames.append(name)
        propertyIndex[key] = i
        properties.append([])
        return i
    }

    /// Restores start-time order after out-of-order appends (stable: equal times keep arrival order).
    mutating func sortIfNeeded() {
        guard !isSorted else { return }
        let times = longs[schema.startTimeSlot]
        let order = (0..<rowCount).sorted { a, b in times[a] != times[b] ? times[a] < times[b] : a < b }
        for i in longs.indices { longs[i] = order.map { [longs] in longs[i][$0] } }
        for i in texts.indices { texts[i] = order.map { [texts] in texts[i][$0] } }
        for i in bytes.indices { bytes[i] = bytes[i].permuted(order) }
        ruleLists = order.map { [ruleLists] in ruleLists[$0] }
        offenseLists = order.map { [offenseLists] in offenseLists[$0] }
        for p in properties.indices {
            let col = properties[p]
            properties[p] = order.map { $0 < col.count ? col[$0] : -1 }
        }
        isSorted = true
    }

    // MARK: Reading

    func long(row: Int, slot: Int) -> Int64? {
        let v = longs[slot][row]
        return v == Self.nullLong ? nil : v
    }

    func text(row: Int, slot: Int) -> String? {
        let id = texts[slot][row]
        return id < 0 ? nil : interner.string(id)
    }

    func payload(row: Int, slot: Int) -> String? { bytes[slot].string(row) }

    func rules(row: Int) -> [Int64] { lists.list(ruleLists[row]) }

    func offenses(row: Int) -> [Int64] { lists.list(offenseLists[row]) }

    func property(row: Int, index p: Int) -> String? {
        let col = properties[p]
        guard row < col.count else { return nil }
        let id = col[row]
        return id < 0 ? nil : interner.string(id)
    }

    /// The custom properties set on a row.
    func properties(row: Int) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for p in propertyNames.indices {
            if let v = property(row: row, index: p) { out.append((propertyNames[p], v)) }
        }
        return out
    }

    /// The row as a record (for persistence and re-evaluation).
    func record(row: Int) -> ArielRecord {
        var r = ArielRecord(schema: schema)
        for i in 0..<schema.longCount { r.longs[i] = longs[i][row] }
        for i in 0..<schema.textCount { r.texts[i] = text(row: row, slot: i) }
        for i in 0..<schema.bytesCount { r.bytes[i] = bytes[i].string(row) }
        r.properties = properties(row: row)
        r.rules = rules(row: row)
        r.offenses = offenses(row: row)
        return r
    }

    // MARK: AQLTable

    func columnIndex(named name: String) -> Int? {
        let key = name.lowercased()
        if let i = schema.index[key] { return i }
        if let p = propertyIndex[key] { return schema.columns.count + p }
        return nil
    }

    func value(row: Int, column: Int) -> AQLValue {
        if column >= schema.columns.count {
            return property(row: row, index: column - schema.columns.count).map(AQLValue.string) ?? .null
        }
        switch schema.columns[column].storage {
        case .long(let s):
            let v = longs[s][row]
            return v == Self.nullLong ? .null : .long(v)
        case .bool(let s):
            let v = longs[s][row]
            return v == Self.nullLong ? .bool(false) : .bool(v != 0)
        case .text(let s):
            let id = texts[s][row]
            return id < 0 ? .null : .string(interner.string(id))
        case .bytes(let s):
            return bytes[s].string(row).map(AQLValue.string) ?? .null
        case .ruleList:
            return .array(lists.list(ruleLists[row]).map(AQLValue.long))
        case .offenseList:
            return .array(lists.list(offenseLists[row]).map(AQLValue.long))
        case .hasOffense:
            return .bool(offenseLists[row] != 0)
        case .duration:
            let s = longs[schema.startTimeSlot][row]
            let e = longs[schema.startTimeSlot + 1][row]
            if s == Self.nullLong || e == Self.nullLong { return .long(0) }
            let (d, overflow) = e.subtractingReportingOverflow(s)
            return .long(overflow ? 0 : max(0, d))
        case .textIsSet(let s):
            return .bool(texts[s][row] >= 0)
        case .bytesIsSet(let s):
            return .bool(!bytes[s].isNull(row))
        case .constant(let v):
            return v
        case .qidEventID:
            return qidDetails[longs[schema.qidSlot][row]]?.eventID.map(AQLValue.string) ?? .null
        case .qidEventCategory:
            return qidDetails[longs[schema.qidSlot][row]]?.eventCategory.map(AQLValue.string) ?? .null
        }
    }

    func startTime(row: Int) -> Int64 { longs[schema.startTimeSlot][row] }

    func rows(startingAt start: Int64, before stop: Int64) -> Range<Int>? {
        guard isSorted else { return nil }
        let lo = lowerBound(start)
        return lo..<max(lo, lowerBound(stop))
    }

    private func lowerBound(_ t: Int64) -> Int {
        let times = longs[schema.startTimeSlot]
        var lo = 0, hi = rowCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The spec of a column index, or a custom-property spec.
    func spec(ofColumn column: Int) -> ArielColumnSpec {
        if column < schema.columns.count { return schema.columns[column] }
        return ArielColumnSpec(propertyNames[column - schema.columns.count], .constant(.null), "String")
    }
}

extension String {
    /// ASCII case-insensitive equality without allocating.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = (x >= 0x41 && x <= 0x5A) ? x | 0x20 : x
            let ly = (y >= 0x41 && y <= 0x5A) ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }
}
