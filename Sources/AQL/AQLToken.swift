/// AQL keywords. Reserved ones cannot be bare field names (double-quote them); contextual ones
/// (`TEXT`, `SEARCH`, the time units) are keywords only where the grammar expects them.
enum AQLKeyword: UInt8, Sendable {
    case select, distinct, from, into, `where`, group, by, having, order, asc, desc, limit, last, start, stop
    case parameters, and, or, not, like, ilike, matches, imatches, `in`, between, `is`, null, `true`, `false`
    case `case`, when, then, `else`, end, `as`, collate
    // Contextual.
    case text, search, second, seconds, minute, minutes, hour, hours, day, days

    var isReserved: Bool { rawValue <= AQLKeyword.collate.rawValue }

    var spelling: String {
        switch self {
        case .where: return "WHERE"
        case .in: return "IN"
        case .is: return "IS"
        case .true: return "TRUE"
        case .false: return "FALSE"
        case .case: return "CASE"
        case .else: return "ELSE"
        case .as: return "AS"
        default: return String(describing: self).uppercased()
        }
    }

    static let all: [AQLKeyword] = (0...AQLKeyword.days.rawValue).compactMap { AQLKeyword(rawValue: $0) }

    /// Keywords keyed by their lower-case spelling packed into a UInt64 (all are at most 10 bytes; the
    /// two longer than 8 are handled by `lookup`).
    private static let table: [UInt64: AQLKeyword] = {
        var t: [UInt64: AQLKeyword] = [:]
        for k in all {
            let bytes = Array(String(describing: k).lowercased().utf8)
            if bytes.count <= 8 { t[pack(bytes[...])] = k }
        }
        return t
    }()

    @inline(__always) static func pack(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var v: UInt64 = 0
        for b in bytes { v = (v << 8) | UInt64(b) }
        return v
    }

    /// The keyword spelled by `bytes` (any case), if any.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> AQLKeyword? {
        let n = end - start
        guard n >= 2, n <= 10 else { return nil }
        if n > 8 {
            // Only PARAMETERS (10) is longer than 8 bytes.
            guard n == 10 else { return nil }
            let want = Array("parameters".utf8)
            for i in 0..<10 where AQLNumberParsing.lowerASCII(bytes[start + i]) != want[i] { return nil }
            return .parameters
        }
        var v: UInt64 = 0
        for i in start..<end {
            let b = bytes[i]
            guard b < 0x80 else { return nil }
            v = (v << 8) | UInt64(AQLNumberParsing.lowerASCII(b))
        }
        return table[v]
    }
}

/// Token kinds.
enum AQLTokenKind: UInt8, Sendable {
    case identifier       // bare word, possibly a keyword; may contain `::` (GEO::LOOKUP)
    case quotedIdentifier // "Custom Property"
    case string           // 'literal'
    case integer
    case decimal
    case leftParen, rightParen, comma, dot
    case star, slash, plus, minus, percent, caret, ampersand, pipe
    case equal, doubleEqual, notEqual, lessGreater, less, lessEqual, greater, greaterEqual
    case end

    var spelling: String {
        switch self {
        case .identifier: return "<IDENTIFIER>"
        case .quotedIdentifier: return "<QUOTED_IDENTIFIER>"
        case .string: return "<STRING_LITERAL>"
        case .integer: return "<INTEGER_LITERAL>"
        case .decimal: return "<DECIMAL_LITERAL>"
        case .leftParen: return "("
        case .rightParen: return ")"
        case .comma: return ","
        case .dot: return "."
        case .star: return "*"
        case .slash: return "/"
        case .plus: return "+"
        case .minus: return "-"
        case .percent: return "%"
        case .caret: return "^"
        case .ampersand: return "&"
        case .pipe: return "|"
        case .equal: return "="
        case .doubleEqual: return "=="
        case .notEqual: return "!="
        case .lessGreater: return "<>"
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .end: return "<EOF>"
        }
    }
}

/// One token: kind, keyword (for identifiers), byte range and position of its first byte.
struct AQLToken: Sendable {
    var kind: AQLTokenKind
    var keyword: AQLKeyword?
    var start: Int
    var end: Int
    var line: Int32
    var column: Int32

    var position: AQLSourcePosition { AQLSourcePosition(offset: start, line: Int(line), column: Int(column)) }
}
