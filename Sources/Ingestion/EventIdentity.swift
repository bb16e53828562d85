/// Stable ids for Ariel rows, which carry no per-event id of their own.
///
/// * If one of ``idColumns`` has a value (`"Vigil Event ID"`, an administrator's id property), that value is the
///   id, unchanged.
/// * Flows with a `flowid`: `flow:<flowid>:<firstpackettime>:<starttime>` — QRadar reports a long flow once per
///   interval, so the interval's `starttime` is part of the id.
/// * Otherwise a 128-bit content hash of ``hashColumns`` (names and values), prefixed `h:`. The same row gives the
///   same hash in every poll, so overlapping polls de-duplicate. Identical rows in one result (the same event
///   logged twice in the same millisecond) get `#2`, `#3` … in result order: identical rows are
///   interchangeable, so counting them gives the same ids in every poll that sees them.
public struct EventIdentity: Sendable, Hashable, Codable {
    /// Columns holding a ready-made id, first present wins.
    public var idColumns: [String]
    /// Columns hashed when no id column has a value.
    public var hashColumns: [String]

    /// The default hash columns: what tells two QRadar events apart.
    public static let defaultHashColumns = [
        "starttime", "devicetime", "qid", "qidname", "logsourceid", "logsourcename", "sourceip", "sourceport",
        "destinationip", "destinationport", "username", "payload", "utf8_payload",
    ]

    public init(idColumns: [String] = ["Vigil Event ID"], hashColumns: [String] = EventIdentity.defaultHashColumns) {
        self.idColumns = idColumns
        self.hashColumns = hashColumns
    }

    /// The row's id before duplicates in one result are numbered; `isContentHash` says whether numbering applies.
    public func baseID(of row: IngestRow, database: ArielDatabase) -> (id: String, isContentHash: Bool) {
        baseID(RowLookup(row), database: database)
    }

    func baseID(_ row: RowLookup, database: ArielDatabase) -> (id: String, isContentHash: Bool) {
        for column in idColumns {
            if let v = row.value(column)?.text { return (v, false) }
        }
        if database == .flows, let flow = row.value("flowid")?.text {
            let first = row.value("firstpackettime")?.text ?? "-"
            let start = row.value("starttime")?.text ?? "-"
            return ("flow:\(flow):\(first):\(start)", false)
        }
        var hasher = ContentHasher()
        for column in hashColumns {
            hasher.add(column.lowercased())
            hasher.add(row.value(column)?.text ?? "\u{0}")
        }
        return ("h:" + hasher.hex, true)
    }

    /// Ids for the rows of one poll result, in order.
    public func ids(for rows: [IngestRow], database: ArielDatabase) -> [String] {
        var occurrences: [String: Int] = [:]
        return rows.map { row in
            let (base, numbered) = baseID(of: row, database: database)
            guard numbered else { return base }
            let n = (occurrences[base] ?? 0) + 1
            occurrences[base] = n
            return n == 1 ? base : "\(base)#\(n)"
        }
    }
}

/// Two independent FNV-1a 64 streams (different offset bases), 128 bits in all: collisions between different
/// rows of one overlap window are negligible.
struct ContentHasher {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ s: String) {
        for byte in s.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b ^= b >> 29
        }
        // Field separator that cannot appear in UTF-8 text, so ("ab","c") and ("a","bc") differ.
        a = (a ^ 0xFF) &* 0x0000_0100_0000_01B3
        b = (b ^ 0xFE) &* 0x0000_0100_0000_01B3
    }

    var hex: String { Self.hex16(a) + Self.hex16(b) }

    static func hex16(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
