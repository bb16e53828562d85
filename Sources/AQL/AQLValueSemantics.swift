/// QRadar-style comparison of loosely typed values.
///
/// * Any comparison involving NULL is false (`=`, `<`, `LIKE`, `IN`, `BETWEEN` …). `!=` is exactly
///   `NOT (a = b)`, so `field != 'x'` is true when the field is NULL, as QRadar's filters behave. Logic is
///   two-valued: `NOT` flips false to true even when the false came from a NULL.
/// * Numbers compare numerically across long/double; a string compared with a number is read as a number
///   when it is one (`destinationport = '23456'`), otherwise the two compare as text.
/// * Booleans compare with `true`/`false` (any case) and with 0/1.
/// * An array (e.g. `creEventList`) compares true when any element does.
enum AQLValueSemantics {
    /// Three-way comparison, nil when either side is NULL or the values cannot be ordered.
    static func compare(_ a: AQLValue, _ b: AQLValue) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.long(let x), .long(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.double(let x), .double(let y)): return cmp(x, y)
        case (.long(let x), .double(let y)): return cmp(Double(x), y)
        case (.double(let x), .long(let y)): return cmp(x, Double(y))
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.bool(let x), _):
            guard let y = b.boolValue else { return nil }
            return x == y ? 0 : (!x ? -1 : 1)
        case (_, .bool(let y)):
            guard let x = a.boolValue else { return nil }
            return x == y ? 0 : (!x ? -1 : 1)
        case (.string(let s), .long(let y)):
            if let x = AQLNumberParsing.parseLong(s) { return x < y ? -1 : (x == y ? 0 : 1) }
            if let x = AQLNumberParsing.parseDouble(s) { return cmp(x, Double(y)) }
            return textCompare(s, String(y))
        case (.long(let x), .string(let s)):
            if let y = AQLNumberParsing.parseLong(s) { return x < y ? -1 : (x == y ? 0 : 1) }
            if let y = AQLNumberParsing.parseDouble(s) { return cmp(Double(x), y) }
            return textCompare(String(x), s)
        case (.string(let s), .double(let y)):
            if let x = AQLNumberParsing.parseDouble(s) { return cmp(x, y) }
            return textCompare(s, AQLValue.render(y))
        case (.double(let x), .string(let s)):
            if let y = AQLNumberParsing.parseDouble(s) { return cmp(x, y) }
            return textCompare(AQLValue.render(x), s)
        case (.array, _), (_, .array):
            return nil
        }
    }

    @inline(__always) static func cmp(_ x: Double, _ y: Double) -> Int? {
        if x < y { return -1 }
        if x > y { return 1 }
        if x == y { return 0 }
        return nil // NaN
    }

    @inline(__always) static func textCompare(_ x: String, _ y: String) -> Int {
        x == y ? 0 : (x < y ? -1 : 1)
    }

    /// Whether `a op b` holds; arrays hold when any element does.
    static func holds(_ op: AQLComparisonOperator, _ a: AQLValue, _ b: AQLValue) -> Bool {
        if op == .notEqual { return !holds(.equal, a, b) }
        if case .array(let items) = a { return items.contains { holds(op, $0, b) } }
        if case .array(let items) = b { return items.contains { holds(op, a, $0) } }
        guard let c = compare(a, b) else { return false }
        switch op {
        case .equal: return c == 0
        case .notEqual: return c != 0
        case .less: return c < 0
        case .lessOrEqual: return c <= 0
        case .greater: return c > 0
        case .greaterOrEqual: return c >= 0
        }
    }

    /// A total order for ORDER BY: NULL first, then booleans, numbers, IPv4 addresses (numerically), other
    /// text (by code point), arrays.
    static func sortCompare(_ a: AQLValue, _ b: AQLValue) -> Int {
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.null, .null): return 0
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            if ra == 3 {
                let ix = AQLNetwork.parseIPv4(x) ?? 0, iy = AQLNetwork.parseIPv4(y) ?? 0
                if ix != iy { return ix < iy ? -1 : 1 }
            }
            return x < y ? -1 : 1
        case (.array(let x), .array(let y)):
            for (u, v) in zip(x, y) {
                let c = sortCompare(u, v)
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        default:
            if let c = compare(a, b) { return c }
            // NaN sorts last among numbers.
            let na = a.doubleValue?.isNaN ?? false, nb = b.doubleValue?.isNaN ?? false
            return na == nb ? 0 : (na ? 1 : -1)
        }
    }

    private static func rank(_ v: AQLValue) -> Int {
        switch v {
        case .null: return 0
        case .bool: return 1
        case .long, .double: return 2
        case .string(let s): return AQLNetwork.parseIPv4(s) != nil ? 3 : 4
        case .array: return 5
        }
    }

    /// A hashing key under which loosely-equal values coincide: numeric strings and integral doubles become
    /// longs, `'true'`/`'false'` stay strings. Used for IN lists, subquery sets and DISTINCT counting.
    static func key(_ v: AQLValue) -> AQLValue {
        switch v {
        case .string(let s):
            if let first = s.utf8.first, (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x2B || first == 0x20 {
                if let l = AQLNumberParsing.parseLong(s) { return .long(l) }
                if let d = AQLNumberParsing.parseDouble(s) { return d == d.rounded() && abs(d) < 9e18 ? .long(Int64(d)) : .double(d) }
            }
            return v
        case .double(let d):
            return d == d.rounded() && abs(d) < 9e18 ? .long(Int64(d)) : v
        default:
            return v
        }
    }
}
