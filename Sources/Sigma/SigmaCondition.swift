/// A rule's `condition`, parsed: selections combined with `and`, `or`, `not`, parentheses and the quantifiers
/// `1 of x*`, `all of x*`, `1 of them`, `all of them`.
indirect enum SigmaCondition: Sendable {
    case selection(Int)
    case not(SigmaCondition)
    case and([SigmaCondition])
    case or([SigmaCondition])

    /// Parses `text` against the rule's selection names (their index is the position in `names`).
    static func parse(_ text: String, names: [String]) throws(SigmaConditionError) -> SigmaCondition {
        var parser = Parser(tokens: try tokenize(text), names: names, text: text)
        let result = try parser.expression()
        guard parser.position == parser.tokens.count else {
            throw SigmaConditionError("unexpected '\(parser.tokens[parser.position])' in condition '\(text)'")
        }
        return result
    }

    static func tokenize(_ text: String) throws(SigmaConditionError) -> [String] {
        var tokens: [String] = []
        var current = ""
        for ch in text {
            if ch == "|" { throw SigmaConditionError("aggregation ('|') in condition '\(text)' is not supported; use a correlation in Vigil's campaigns instead") }
            if ch == "(" || ch == ")" {
                if !current.isEmpty { tokens.append(current); current = "" }
                tokens.append(String(ch))
            } else if ch.isWhitespace {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        guard !tokens.isEmpty else { throw SigmaConditionError("empty condition") }
        return tokens
    }

    struct Parser {
        let tokens: [String]
        let names: [String]
        let text: String
        var position = 0

        var peek: String? { position < tokens.count ? tokens[position].lowercased() : nil }

        mutating func next() -> String? {
            guard position < tokens.count else { return nil }
            defer { position += 1 }
            return tokens[position]
        }

        mutating func expression() throws(SigmaConditionError) -> SigmaCondition {
            var terms = [try conjunction()]
            while peek == "or" {
                position += 1
                terms.append(try conjunction())
            }
            return terms.count == 1 ? terms[0] : .or(terms)
        }

        mutating func conjunction() throws(SigmaConditionError) -> SigmaCondition {
            var terms = [try negation()]
            while peek == "and" {
                position += 1
                terms.append(try negation())
            }
            return terms.count == 1 ? terms[0] : .and(terms)
        }

        mutating func negation() throws(SigmaConditionError) -> SigmaCondition {
            if peek == "not" {
                position += 1
                return .not(try negation())
            }
            return try primary()
        }

        mutating func primary() throws(SigmaConditionError) -> SigmaCondition {
            guard let token = next() else { throw SigmaConditionError("condition '\(text)' ends early") }
            let lower = token.lowercased()
            if token == "(" {
                let inner = try expression()
                guard next() == ")" else { throw SigmaConditionError("missing ')' in condition '\(text)'") }
                return inner
            }
            if ["1", "any", "all"].contains(lower), peek == "of" {
                position += 1
                guard let target = next() else { throw SigmaConditionError("'\(token) of' without a target in '\(text)'") }
                let matched: [Int]
                if target.lowercased() == "them" {
                    matched = names.indices.filter { !names[$0].hasPrefix("_") }
                } else {
                    let pattern = SigmaPattern(target)
                    matched = names.indices.filter { pattern.matches(Array(names[$0].utf8.map(SigmaPattern.lower))) }
                }
                guard !matched.isEmpty else { throw SigmaConditionError("'\(token) of \(target)' names no selection in '\(text)'") }
                let parts = matched.map { SigmaCondition.selection($0) }
                if parts.count == 1 { return parts[0] }
                return lower == "all" ? .and(parts) : .or(parts)
            }
            if ["and", "or", "not", "of", ")"].contains(lower) {
                throw SigmaConditionError("unexpected '\(token)' in condition '\(text)'")
            }
            guard let index = names.firstIndex(of: token) else {
                throw SigmaConditionError("condition '\(text)' names '\(token)', which is not a selection of the rule")
            }
            return .selection(index)
        }
    }
}

/// Why a condition could not be parsed.
struct SigmaConditionError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
