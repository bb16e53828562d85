/// One expression node of the AST with its source position (ignored by equality).
public struct AQLExpression: Sendable, Hashable {
    /// What the node is.
    public var kind: Kind
    /// Where it starts in the query text (`.synthesized` for nodes built in code).
    public var position: AQLSourcePosition

    public init(_ kind: Kind, at position: AQLSourcePosition = .synthesized) {
        self.kind = kind
        self.position = position
    }

    /// The shapes an expression takes.
    public indirect enum Kind: Sendable, Hashable {
        /// A column or custom property: `sourceip`, `"File Hash"`. The name keeps the spelling used in the
        /// query (QRadar names result columns after it); resolution is case-insensitive.
        case field(String)
        /// A literal: `'text'`, `42`, `1.5`, `true`, `NULL`.
        case literal(AQLLiteral)
        /// `*` as the argument of `COUNT(*)`.
        case star
        /// `-x`.
        case negate(AQLExpression)
        /// `NOT x`.
        case not(AQLExpression)
        /// Arithmetic or bitwise: `a + b`, `a & b`, `a ^ b`.
        case arithmetic(AQLArithmeticOperator, AQLExpression, AQLExpression)
        /// A comparison: `a = b`, `a != b`, `a < b`.
        case comparison(AQLComparisonOperator, AQLExpression, AQLExpression)
        /// `a AND b AND c` — flattened; always at least two operands. A parenthesised conjunction inside
        /// a conjunction stays a nested node.
        case and([AQLExpression])
        /// `a OR b OR c` — flattened like `and`.
        case or([AQLExpression])
        /// `value [NOT] LIKE|ILIKE|MATCHES|IMATCHES pattern`.
        case match(AQLMatchOperator, value: AQLExpression, pattern: AQLExpression, negated: Bool)
        /// `value [NOT] IN (a, b, …)`.
        case inList(AQLExpression, [AQLExpression], negated: Bool)
        /// `value [NOT] IN (SELECT …)`.
        case inSubquery(AQLExpression, AQLQuery, negated: Bool)
        /// `value [NOT] BETWEEN low AND high`.
        case between(AQLExpression, low: AQLExpression, high: AQLExpression, negated: Bool)
        /// `value IS [NOT] NULL`.
        case isNull(AQLExpression, negated: Bool)
        /// `TEXT SEARCH 'terms'` — full-text search of the payload.
        case textSearch(String)
        /// A function call; `name` is upper-cased (`QIDNAME`, `GEO::LOOKUP`). `distinct` marks
        /// `COUNT(DISTINCT x)`.
        case function(name: String, arguments: [AQLExpression], distinct: Bool)
        /// `CASE [subject] WHEN w THEN t … [ELSE e] END`; `subject` is nil for the searched form.
        case caseWhen(subject: AQLExpression?, branches: [AQLCaseBranch], otherwise: AQLExpression?)
    }
}

/// A literal value as written.
public enum AQLLiteral: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case decimal(Double)
    case boolean(Bool)
    case null

    /// The literal as an evaluator value.
    public var value: AQLValue {
        switch self {
        case .string(let s): return .string(s)
        case .integer(let i): return .long(i)
        case .decimal(let d): return .double(d)
        case .boolean(let b): return .bool(b)
        case .null: return .null
        }
    }
}

/// One `WHEN … THEN …` of a CASE.
public struct AQLCaseBranch: Sendable, Hashable {
    /// The value compared to the subject (simple CASE) or the condition (searched CASE).
    public var when: AQLExpression
    public var then: AQLExpression
    public init(when: AQLExpression, then: AQLExpression) {
        self.when = when
        self.then = then
    }
}

/// Arithmetic and bitwise operators, in AQL spelling.
public enum AQLArithmeticOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^", bitAnd = "&"

    /// Binding strength; higher binds tighter. `^` is right-associative.
    var precedence: Int {
        switch self {
        case .bitAnd: return 1
        case .add, .subtract: return 2
        case .multiply, .divide, .modulo: return 3
        case .power: return 4
        }
    }
}

/// Comparison operators. `==` parses as `equal` and `<>` as `notEqual`; the printer writes `=` and `!=`.
public enum AQLComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// Pattern operators.
public enum AQLMatchOperator: String, Sendable, Hashable, CaseIterable {
    case like = "LIKE", ilike = "ILIKE", matches = "MATCHES", imatches = "IMATCHES"

    /// True for ILIKE and IMATCHES.
    public var isCaseInsensitive: Bool { self == .ilike || self == .imatches }
    /// True for MATCHES and IMATCHES.
    public var isRegex: Bool { self == .matches || self == .imatches }
}

// Terse constructors for building ASTs in code and tests.
extension AQLExpression {
    public static func field(_ name: String) -> AQLExpression { AQLExpression(.field(name)) }
    public static func string(_ s: String) -> AQLExpression { AQLExpression(.literal(.string(s))) }
    public static func integer(_ i: Int64) -> AQLExpression { AQLExpression(.literal(.integer(i))) }
    public static func decimal(_ d: Double) -> AQLExpression { AQLExpression(.literal(.decimal(d))) }
    public static func boolean(_ b: Bool) -> AQLExpression { AQLExpression(.literal(.boolean(b))) }
    public static var null: AQLExpression { AQLExpression(.literal(.null)) }
    public static var star: AQLExpression { AQLExpression(.star) }
    public static func call(_ name: String, _ arguments: AQLExpression..., distinct: Bool = false) -> AQLExpression {
        AQLExpression(.function(name: name.uppercased(), arguments: arguments, distinct: distinct))
    }
    public static func compare(_ op: AQLComparisonOperator, _ l: AQLExpression, _ r: AQLExpression) -> AQLExpression {
        AQLExpression(.comparison(op, l, r))
    }
    public static func and(_ operands: AQLExpression...) -> AQLExpression { AQLExpression(.and(operands)) }
    public static func or(_ operands: AQLExpression...) -> AQLExpression { AQLExpression(.or(operands)) }
}
