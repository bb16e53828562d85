/// One value flowing through the evaluator: a column value, a literal or a function result.
///
/// IP addresses are strings, as in QRadar's JSON results (`"10.0.0.1"`, `"0:0:0:0:0:0:0:0"`); times are
/// `long` epoch milliseconds.
public enum AQLValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case long(Int64)
    case double(Double)
    case string(String)
    case array([AQLValue])

    /// True for `.null`.
    @inlinable public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as a 64-bit integer when it is one or converts losslessly-enough (doubles truncate,
    /// numeric strings parse, booleans are 0/1), as QRadar's loose literal typing does.
    public var longValue: Int64? {
        switch self {
        case .long(let v): return v
        case .double(let d):
            guard d.isFinite, d >= -9.2e18, d <= 9.2e18 else { return nil }
            return Int64(d)
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return AQLNumberParsing.parseLong(s) ?? AQLNumberParsing.parseDouble(s).flatMap { d in
            guard d.isFinite, d >= -9.2e18, d <= 9.2e18 else { return nil }
            return Int64(d)
        }
        case .null, .array: return nil
        }
    }

    /// The value as a double when it is numeric or a numeric string.
    public var doubleValue: Double? {
        switch self {
        case .long(let v): return Double(v)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return AQLNumberParsing.parseDouble(s)
        case .null, .array: return nil
        }
    }

    /// The value as a boolean: booleans, `'true'`/`'false'` (any case), and numbers (non-zero is true).
    public var boolValue: Bool? {
        switch self {
        case .bool(let b): return b
        case .long(let v): return v != 0
        case .double(let d): return d != 0
        case .string(let s):
            if s.utf8.count == 4, AQLNumberParsing.equalsIgnoringASCIICase(s, "true") { return true }
            if s.utf8.count == 5, AQLNumberParsing.equalsIgnoringASCIICase(s, "false") { return false }
            return nil
        case .null, .array: return nil
        }
    }

    /// The value rendered as QRadar's `STR()` would render it; `nil` for `.null`.
    public var stringValue: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .long(let v): return String(v)
        case .double(let d): return AQLValue.render(d)
        case .string(let s): return s
        case .array(let a): return a.map { $0.stringValue ?? "null" }.joined(separator: ", ")
        }
    }

    /// Doubles render like Java's `Double.toString` for the common cases (`5.0`, `0.25`).
    static func render(_ d: Double) -> String { String(d) }
}

extension AQLValue: CustomStringConvertible {
    /// A debugging rendering: strings single-quoted, `NULL` for null.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .string(let s): return "'" + s + "'"
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        default: return stringValue ?? "NULL"
        }
    }
}

extension AQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .long(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// Byte-level number parsing shared by the lexer and loose typing; avoids Foundation.
enum AQLNumberParsing {
    /// Parses an optionally signed decimal integer (surrounding ASCII spaces allowed) without overflow.
    static func parseLong(_ s: String) -> Int64? {
        var utf8 = s.utf8[...]
        while let f = utf8.first, f == 0x20 { utf8 = utf8.dropFirst() }
        while let l = utf8.last, l == 0x20 { utf8 = utf8.dropLast() }
        guard !utf8.isEmpty else { return nil }
        var negative = false
        if let f = utf8.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        guard !utf8.isEmpty else { return nil }
        var value: Int64 = 0
        for b in utf8 {
            guard b >= 0x30, b <= 0x39 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(b - 0x30)) : m.addingReportingOverflow(Int64(b - 0x30))
            if o1 || o2 { return nil }
            value = a
        }
        return value
    }

    /// Parses a decimal floating-point number (no hex, no `inf`/`nan`).
    static func parseDouble(_ s: String) -> Double? {
        var sawDigit = false
        for b in s.utf8 {
            switch b {
            case 0x30...0x39: sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"), 0x20: break
            default: return nil
            }
        }
        guard sawDigit else { return nil }
        var trimmed = Substring(s)
        while trimmed.first == " " { trimmed = trimmed.dropFirst() }
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        return Double(trimmed)
    }

    static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        var ia = a.utf8.makeIterator()
        var ib = b.utf8.makeIterator()
        while true {
            let ca = ia.next(), cb = ib.next()
            switch (ca, cb) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y { continue }
                if lowerASCII(x) != lowerASCII(y) { return false }
            default: return false
            }
        }
    }

    @inline(__always) static func lowerASCII(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }
}
