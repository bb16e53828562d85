/// Why a filter did not parse; the HTTP layer answers 422 with the endpoint's filter code.
struct FilterSyntaxError: Error, Sendable, Hashable {
    var message: String
}

/// A recursive-descent parser for QRadar's `filter` grammar (QRADAR.md §1.5).
///
/// ```
/// expression := and-expr ("or" and-expr)*
/// and-expr   := unary ("and" unary)*
/// unary      := "not" unary | "(" expression ")" | predicate
/// predicate  := field ( op value | ["not"] "in" "(" value ("," value)* ")" | ["not"] "between" value "and" value
///                     | "is" ["not"] "null" | ["not"] ("like" | "ilike") string | "contains" target )
/// field      := name ["(" field ")"] | "."
/// target     := "(" expression ")" | predicate | value
/// ```
/// Keywords are case-insensitive; strings take double or single quotes with backslash escapes; unquoted words
/// are numbers, booleans or bare strings (`status=OPEN`).
struct FilterParser {
    enum Token: Sendable, Hashable {
        case leftParen, rightParen, comma
        case op(String)
        case quoted(String)
        case word(String)

        var display: String {
            switch self {
            case .leftParen: return "("
            case .rightParen: return ")"
            case .comma: return ","
            case .op(let o): return o
            case .quoted(let s): return "\"\(s)\""
            case .word(let w): return w
            }
        }
    }

    private var tokens: [Token]
    private var position = 0

    /// Parses a whole filter.
    static func parse(_ text: String) throws(FilterSyntaxError) -> FilterExpression {
        var parser = FilterParser(tokens: try tokenize(text))
        guard !parser.tokens.isEmpty else { throw FilterSyntaxError(message: "The filter is empty.") }
        let expression = try parser.parseOr()
        if parser.position < parser.tokens.count {
            throw FilterSyntaxError(message: "Unexpected \"\(parser.tokens[parser.position].display)\" in filter.")
        }
        return expression
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    // MARK: Lexer

    static func tokenize(_ text: String) throws(FilterSyntaxError) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func isWordScalar(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case " ", "\t", "\r", "\n", "(", ")", ",", "=", "<", ">", "!", "^", "\"", "'": return false
            default: return true
            }
        }
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case " ", "\t", "\r", "\n":
                i += 1
            case "(":
                tokens.append(.leftParen); i += 1
            case ")":
                tokens.append(.rightParen); i += 1
            case ",":
                tokens.append(.comma); i += 1
            case "=", "<", ">", "!", "^":
                var op = String(c)
                if i + 1 < scalars.count {
                    let next = scalars[i + 1]
                    if (c == "<" && (next == "=" || next == ">")) || (c == ">" && next == "=") || (c == "!" && next == "=")
                        || (c == "^" && next == "=") || (c == "=" && next == "=")
                    {
                        op.unicodeScalars.append(next)
                    }
                }
                guard ComparisonOperator(token: op) != nil else {
                    throw FilterSyntaxError(message: "Unknown operator \"\(op)\" in filter.")
                }
                tokens.append(.op(op))
                i += op.unicodeScalars.count
            case "\"", "'":
                let quote = c
                var value = String.UnicodeScalarView()
                i += 1
                var closed = false
                while i < scalars.count {
                    let s = scalars[i]
                    if s == "\\", i + 1 < scalars.count {
                        value.append(scalars[i + 1]); i += 2; continue
                    }
                    if s == quote { closed = true; i += 1; break }
                    value.append(s); i += 1
                }
                guard closed else { throw FilterSyntaxError(message: "Unterminated quoted string in filter.") }
                tokens.append(.quoted(String(value)))
            default:
                var word = String.UnicodeScalarView()
                while i < scalars.count, isWordScalar(scalars[i]) {
                    word.append(scalars[i]); i += 1
                }
                tokens.append(.word(String(word)))
            }
        }
        return tokens
    }

    // MARK: Grammar

    private static let keywords: Set<String> = ["and", "or", "not", "in", "between", "is", "null", "like", "ilike", "contains"]

    private func peek(_ offset: Int = 0) -> Token? {
        position + offset < tokens.count ? tokens[position + offset] : nil
    }

    private func isKeyword(_ token: Token?, _ keyword: String) -> Bool {
        if case .word(let w)? = token { return w.lowercased() == keyword }
        return false
    }

    private mutating func advance() -> Token? {
        defer { position += 1 }
        return peek()
    }

    private mutating func expectKeyword(_ keyword: String) throws(FilterSyntaxError) {
        guard isKeyword(peek(), keyword) else { throw unexpected(expected: "\"\(keyword)\"") }
        position += 1
    }

    private mutating func expect(_ token: Token) throws(FilterSyntaxError) {
        guard peek() == token else { throw unexpected(expected: "\"\(token.display)\"") }
        position += 1
    }

    private func unexpected(expected: String) -> FilterSyntaxError {
        if let token = peek() {
            return FilterSyntaxError(message: "Expected \(expected) but found \"\(token.display)\" in filter.")
        }
        return FilterSyntaxError(message: "Expected \(expected) but the filter ended.")
    }

    mutating func parseOr() throws(FilterSyntaxError) -> FilterExpression {
        var left = try parseAnd()
        while isKeyword(peek(), "or") {
            position += 1
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(FilterSyntaxError) -> FilterExpression {
        var left = try parseUnary()
        while isKeyword(peek(), "and") {
            position += 1
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(FilterSyntaxError) -> FilterExpression {
        if isKeyword(peek(), "not") {
            position += 1
            return .not(try parseUnary())
        }
        if peek() == .leftParen {
            position += 1
            let inner = try parseOr()
            try expect(.rightParen)
            return inner
        }
        return try parsePredicate()
    }

    private mutating func parseField() throws(FilterSyntaxError) -> FieldPath {
        guard case .word(let name)? = peek(), !Self.keywords.contains(name.lowercased()) else {
            throw unexpected(expected: "a field name")
        }
        position += 1
        if name == "." { return FieldPath(components: []) }
        if peek() == .leftParen {
            position += 1
            let sub = try parseField()
            try expect(.rightParen)
            return FieldPath(components: [name] + sub.components)
        }
        return FieldPath(components: [name])
    }

    private mutating func parseValue() throws(FilterSyntaxError) -> FilterLiteral {
        switch peek() {
        case .quoted(let s)?:
            position += 1
            return .string(s)
        case .word(let w)? where !Self.keywords.contains(w.lowercased()) || w.lowercased() == "null":
            position += 1
            return .word(w)
        default:
            throw unexpected(expected: "a value")
        }
    }

    private mutating func parsePredicate() throws(FilterSyntaxError) -> FilterExpression {
        let field = try parseField()
        guard let token = peek() else { throw unexpected(expected: "an operator") }
        if case .op(let op) = token, let comparison = ComparisonOperator(token: op) {
            position += 1
            return .compare(field, comparison, try parseValue())
        }
        var negated = false
        if isKeyword(token, "not") {
            negated = true
            position += 1
        }
        guard case .word(let keyword)? = peek() else { throw unexpected(expected: "an operator") }
        switch keyword.lowercased() {
        case "in":
            position += 1
            try expect(.leftParen)
            var values = [try parseValue()]
            while peek() == .comma {
                position += 1
                values.append(try parseValue())
            }
            try expect(.rightParen)
            return .inList(field, values, negated: negated)
        case "between":
            position += 1
            let low = try parseValue()
            try expectKeyword("and")
            let high = try parseValue()
            return .between(field, low, high, negated: negated)
        case "like", "ilike":
            position += 1
            guard case .quoted(let pattern)? = peek() else { throw unexpected(expected: "a quoted pattern") }
            position += 1
            return .like(field, pattern: pattern, caseInsensitive: keyword.lowercased() == "ilike", negated: negated)
        case "is" where !negated:
            position += 1
            var isNot = false
            if isKeyword(peek(), "not") {
                isNot = true
                position += 1
            }
            try expectKeyword("null")
            return .isNull(field, negated: isNot)
        case "contains" where !negated:
            position += 1
            return .contains(field, try parseContainsTarget())
        default:
            throw unexpected(expected: "an operator")
        }
    }

    private mutating func parseContainsTarget() throws(FilterSyntaxError) -> ContainsTarget {
        switch peek() {
        case .leftParen?:
            // `contains ("a")` is a value in parentheses; anything else is a condition on each element.
            if case .quoted(let s)? = peek(1), peek(2) == .rightParen {
                position += 3
                return .value(.string(s))
            }
            position += 1
            let condition = try parseOr()
            try expect(.rightParen)
            return .condition(condition)
        case .quoted(let s)?:
            position += 1
            return .value(.string(s))
        case .word(let w)?:
            // A word followed by an operator, a sub-field or a predicate keyword starts a condition on the
            // elements (`interfaces contains ip_addresses contains value = "…"`); a lone word is a value.
            let next = peek(1)
            let startsPredicate: Bool
            switch next {
            case .op?, .leftParen?: startsPredicate = true
            case .word(let k)?: startsPredicate = ["in", "not", "between", "is", "like", "ilike", "contains"].contains(k.lowercased())
            default: startsPredicate = false
            }
            if startsPredicate && !Self.keywords.contains(w.lowercased()) {
                return .condition(try parsePredicate())
            }
            return .value(try parseValue())
        default:
            throw unexpected(expected: "a value or a condition after \"contains\"")
        }
    }
}
