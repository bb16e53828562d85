/// A parsed QRadar `filter` expression (QRADAR.md §1.5).
indirect enum FilterExpression: Sendable, Hashable {
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)
    /// `field <op> value`
    case compare(FieldPath, ComparisonOperator, FilterLiteral)
    /// `field [not] in (a, b, …)`
    case inList(FieldPath, [FilterLiteral], negated: Bool)
    /// `field [not] between low and high` (inclusive)
    case between(FieldPath, FilterLiteral, FilterLiteral, negated: Bool)
    /// `field is [not] null`
    case isNull(FieldPath, negated: Bool)
    /// `field [not] like "pattern"` / `ilike`
    case like(FieldPath, pattern: String, caseInsensitive: Bool, negated: Bool)
    /// `list contains value` or `list contains <condition on each element>`
    case contains(FieldPath, ContainsTarget)

    /// The first component of every field this expression names at its own level (not inside `contains`
    /// conditions, whose fields belong to the list's elements).
    var topLevelFields: [FieldPath] {
        switch self {
        case .and(let l, let r), .or(let l, let r): return l.topLevelFields + r.topLevelFields
        case .not(let e): return e.topLevelFields
        case .compare(let p, _, _), .inList(let p, _, _), .between(let p, _, _, _), .isNull(let p, _), .like(let p, _, _, _),
            .contains(let p, _):
            return [p]
        }
    }

    /// Fields compared with `<`, `>`, `<=`, `>=` or `between` at this level.
    var orderedFields: [FieldPath] {
        switch self {
        case .and(let l, let r), .or(let l, let r): return l.orderedFields + r.orderedFields
        case .not(let e): return e.orderedFields
        case .compare(let p, let op, _): return op.isOrdering ? [p] : []
        case .between(let p, _, _, _): return [p]
        default: return []
        }
    }
}

/// What follows `contains`.
indirect enum ContainsTarget: Sendable, Hashable {
    /// `categories contains "Misc Exploit"`: some element equals the value.
    case value(FilterLiteral)
    /// `source_address_ids contains (. < 3)` / `interfaces contains ip_addresses contains value = "…"`:
    /// some element satisfies the condition, evaluated with the element as the current object.
    case condition(FilterExpression)
}

/// A field reference: `id`, `duration(days)` (sub-field of an object), `.` (the element itself).
struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// Empty for `.`.
    var components: [String]

    var description: String {
        guard let first = components.first else { return "." }
        return components.dropFirst().reduce(first) { "\($0)(\($1)" } + String(repeating: ")", count: components.count - 1)
    }
}

/// The comparison operators; `<>` and `^=` are spellings of `!=`.
enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    init?(token: String) {
        switch token {
        case "=", "==": self = .equal
        case "!=", "<>", "^=": self = .notEqual
        case "<": self = .less
        case "<=": self = .lessOrEqual
        case ">": self = .greater
        case ">=": self = .greaterOrEqual
        default: return nil
        }
    }

    var isOrdering: Bool { self != .equal && self != .notEqual }
}

/// A literal in a filter.
enum FilterLiteral: Sendable, Hashable {
    /// A quoted string, or an unquoted word that is neither a number nor a boolean (`status=OPEN`).
    case string(String)
    /// A number; `raw` keeps the spelling for comparisons against string fields (`version=26.0`).
    case number(Double, integer: Int64?, raw: String)
    case bool(Bool)

    /// The literal as text.
    var text: String {
        switch self {
        case .string(let s): return s
        case .number(_, _, let raw): return raw
        case .bool(let b): return b ? "true" : "false"
        }
    }

    /// Classifies an unquoted word.
    static func word(_ w: String) -> FilterLiteral {
        let lower = w.lowercased()
        if lower == "true" { return .bool(true) }
        if lower == "false" { return .bool(false) }
        if let n = number(w) { return n }
        return .string(w)
    }

    static func number(_ w: String) -> FilterLiteral? {
        guard let first = w.utf8.first, first != UInt8(ascii: "e"), first != UInt8(ascii: "E"),
            w.utf8.allSatisfy({ b in
                (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
                    || b == UInt8(ascii: "+") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            }),
            w.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let d = Double(w)
        else { return nil }
        return .number(d, integer: Int64(w.hasPrefix("+") ? String(w.dropFirst()) : w), raw: w)
    }
}
