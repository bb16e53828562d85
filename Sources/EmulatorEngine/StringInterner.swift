/// Stores each distinct string once and hands out dense 32-bit ids, so that repetitive columns (IPs, user names,
/// directions) cost four bytes a row.
struct StringInterner: Sendable {
    private(set) var strings: [String] = []
    private var ids: [String: Int32] = [:]

    /// The id of `s`, adding it when new.
    mutating func intern(_ s: String) -> Int32 {
        if let id = ids[s] { return id }
        let id = Int32(strings.count)
        strings.append(s)
        ids[s] = id
        return id
    }

    /// The id of `s` if it was ever interned.
    func id(of s: String) -> Int32? { ids[s] }

    @inline(__always) func string(_ id: Int32) -> String { strings[Int(id)] }

    var count: Int { strings.count }
}

/// Stores each distinct list of ids once (rule lists, offense lists); list 0 is the empty list.
struct ListInterner: Sendable {
    private(set) var lists: [[Int64]] = [[]]
    private var ids: [[Int64]: Int32] = [[]: 0]

    mutating func intern(_ list: [Int64]) -> Int32 {
        if list.isEmpty { return 0 }
        if let id = ids[list] { return id }
        let id = Int32(lists.count)
        lists.append(list)
        ids[list] = id
        return id
    }

    @inline(__always) func list(_ id: Int32) -> [Int64] { lists[Int(id)] }
}

/// Variable-length UTF-8 text packed into one buffer (payloads): no per-row object, one byte array.
struct ByteColumn: Sendable {
    private(set) var data: [UInt8] = []
    /// End offset of each row; a negative entry `-(end + 1)` marks a null row.
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    mutating func append(_ s: String?) {
        guard let s else {
            ends.append(-(currentEnd + 1))
            return
        }
        data.append(contentsOf: s.utf8)
        ends.append(data.count)
    }

    private var currentEnd: Int {
        guard let last = ends.last else { return 0 }
        return last >= 0 ? last : -last - 1
    }

    private func end(_ row: Int) -> Int {
        let e = ends[row]
        return e >= 0 ? e : -e - 1
    }

    func string(_ row: Int) -> String? {
        let e = ends[row]
        if e < 0 { return nil }
        let start = row == 0 ? 0 : end(row - 1)
        return data.withUnsafeBufferPointer { buf in
            String(decoding: UnsafeBufferPointer(rebasing: buf[start..<e]), as: UTF8.self)
        }
    }

    func isNull(_ row: Int) -> Bool { ends[row] < 0 }

    mutating func reserveCapacity(rows: Int, bytes: Int) {
        ends.reserveCapacity(rows)
        data.reserveCapacity(bytes)
    }

    /// The column with its rows reordered: row `i` of the result is row `order[i]` of this one.
    func permuted(_ order: [Int]) -> ByteColumn {
        var out = ByteColumn()
        out.reserveCapacity(rows: order.count, bytes: data.count)
        for r in order { out.append(string(r)) }
        return out
    }
}
