import VigilCore

/// One cell of a QRadar (Ariel) result row.
///
/// Not `VigilCore.JSONValue` on purpose: an Ariel cell is a different thing from a JSON document. Rows are flat
/// (custom properties are columns named by display name), so there is no object case, and a cell's meaning is
/// Ariel's (an empty string is a missing value, see ``isNull``; ``text`` and ``int64`` read numbers as Ariel columns
/// hold them). A `JSONValue` converts with ``init(_:)``; a nested object, which Ariel does not return, is kept as
/// its JSON text so nothing is silently dropped.
public enum IngestValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([IngestValue])

    /// Whether the value is missing: JSON null, or an empty string.
    public var isNull: Bool {
        switch self {
        case .null: return true
        case .string(let s): return s.isEmpty
        default: return false
        }
    }

    /// The value as text (numbers in their canonical decimal form, arrays comma-joined); nil for null/empty.
    public var text: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 9.0e15 { return String(Int64(d)) }
            return String(d)
        case .string(let s): return s.isEmpty ? nil : s
        case .array(let items):
            let parts = items.compactMap(\.text)
            return parts.isEmpty ? nil : parts.joined(separator: ",")
        }
    }

    /// The value as a whole number: ints, integral doubles and decimal strings; nil otherwise.
    public var int64: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d == d.rounded(), abs(d) < 9.0e18 else { return nil }
            return Int64(d)
        case .string(let s):
            let t = s.trimmingSpaces()
            if let i = Int64(t) { return i }
            if let d = Double(t), d.isFinite, d == d.rounded(), abs(d) < 9.0e18 { return Int64(d) }
            return nil
        default: return nil
        }
    }

    /// The value as a floating-point number: numbers and numeric strings.
    public var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d.isFinite ? d : nil
        case .string(let s):
            guard let d = Double(s.trimmingSpaces()), d.isFinite else { return nil }
            return d
        default: return nil
        }
    }
}

/// One Ariel result row: column name (alias, field name or custom property display name) to value.
public typealias IngestRow = [String: IngestValue]

/// A row indexed by lower-cased column name, because AQL column names are case-insensitive and QRadar returns
/// the spelling used in the query (`sourceIP` or `sourceip`).
struct RowLookup {
    let row: IngestRow
    let byLowerName: [String: String]
    let byLetters: [String: String]

    init(_ row: IngestRow) {
        self.row = row
        var index: [String: String] = [:], letters: [String: String] = [:]
        index.reserveCapacity(row.count)
        // Sorted so that, when two spellings of one name are present, the choice does not depend on hash order.
        for key in row.keys.sorted() {
            if index[key.lowercased()] == nil { index[key.lowercased()] = key }
            let folded = Self.fold(key)
            if letters[folded] == nil { letters[folded] = key }
        }
        byLowerName = index
        byLetters = letters
    }

    /// Lower-case letters and digits only: `"Logon Type"`, `"logonType"` and `"logon_type"` fold alike. ASCII is
    /// folded byte by byte (this runs for every column of every row); other bytes are kept as they are.
    static func fold(_ name: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        for b in name.utf8 {
            switch b {
            case 0x30...0x39, 0x61...0x7A, 0x80...: bytes.append(b)
            case 0x41...0x5A: bytes.append(b | 0x20)
            default: continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The actual key for a column name: exact, then case-insensitive, then ignoring spaces and punctuation.
    func key(_ column: String) -> String? {
        if row[column] != nil { return column }
        if let k = byLowerName[column.lowercased()] { return k }
        return byLetters[Self.fold(column)]
    }

    func value(_ column: String) -> IngestValue? {
        key(column).flatMap { row[$0] }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

extension IngestValue {
    /// The cell for a JSON value from the REST client (objects become their compact JSON text).
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(IngestValue.init))
        case .object: self = .string(json.compactText)
        }
    }
}
