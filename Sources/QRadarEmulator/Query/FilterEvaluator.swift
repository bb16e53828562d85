import VigilCore
import EmulatorEngine

/// Evaluates a ``FilterExpression`` against one QRadar object with QRadar's null semantics: when the field is
/// null or absent, `=`, `<`, `<=`, `>`, `>=`, `in`, `between`, `like` are false and `!=`, `not in`,
/// `not between`, `not like` are true (QRADAR.md §1.5).
enum FilterEvaluator {
    static func matches(_ expression: FilterExpression, _ value: JSONValue) -> Bool {
        switch expression {
        case .and(let l, let r):
            return matches(l, value) && matches(r, value)
        case .or(let l, let r):
            return matches(l, value) || matches(r, value)
        case .not(let e):
            return !matches(e, value)
        case .compare(let path, let op, let literal):
            guard let field = resolve(path, in: value), !field.isNull else { return op == .notEqual }
            return compare(field, op, literal)
        case .inList(let path, let literals, let negated):
            guard let field = resolve(path, in: value), !field.isNull else { return negated }
            let found = literals.contains { compare(field, .equal, $0) }
            return negated ? !found : found
        case .between(let path, let low, let high, let negated):
            guard let field = resolve(path, in: value), !field.isNull else { return negated }
            let inside = compare(field, .greaterOrEqual, low) && compare(field, .lessOrEqual, high)
            return negated ? !inside : inside
        case .isNull(let path, let negated):
            let isNull = resolve(path, in: value).map(\.isNull) ?? true
            return negated ? !isNull : isNull
        case .like(let path, let pattern, let caseInsensitive, let negated):
            guard let field = resolve(path, in: value), !field.isNull else { return negated }
            let found = anyScalar(field) { scalar in
                guard let text = text(of: scalar) else { return false }
                return LikePattern.matches(text, pattern: pattern, caseInsensitive: caseInsensitive)
            }
            return negated ? !found : found
        case .contains(let path, let target):
            guard let field = resolve(path, in: value) else { return false }
            return contains(field, target)
        }
    }

    /// Follows a field path; an array met on the way maps the rest of the path over its elements.
    static func resolve(_ path: FieldPath, in value: JSONValue) -> JSONValue? {
        resolve(path.components[...], in: value)
    }

    private static func resolve(_ components: ArraySlice<String>, in value: JSONValue) -> JSONValue? {
        guard let first = components.first else { return value }
        switch value {
        case .object(let members):
            guard let member = members[first] else { return nil }
            return resolve(components.dropFirst(), in: member)
        case .array(let elements):
            return .array(elements.compactMap { resolve(components, in: $0) })
        default:
            return nil
        }
    }

    private static func contains(_ field: JSONValue, _ target: ContainsTarget) -> Bool {
        let elements: [JSONValue]
        switch field {
        case .array(let a): elements = a
        case .object(let o): elements = Array(o.values)
        case .string(let s):
            // A string "contains" a value as a substring; conditions need a list.
            if case .value(let literal) = target { return s.contains(literal.text) }
            return false
        default: return false
        }
        switch target {
        case .value(let literal):
            return elements.contains { !$0.isNull && compare($0, .equal, literal) }
        case .condition(let condition):
            return elements.contains { matches(condition, $0) }
        }
    }

    /// Applies `body` to a scalar, or to each element of a list (a list matches when any element does).
    private static func anyScalar(_ value: JSONValue, _ body: (JSONValue) -> Bool) -> Bool {
        if case .array(let elements) = value { return elements.contains { !$0.isNull && body($0) } }
        return body(value)
    }

    static func compare(_ field: JSONValue, _ op: ComparisonOperator, _ literal: FilterLiteral) -> Bool {
        if case .array(let elements) = field {
            // A list compares by its elements: `=` when one equals, `!=` when none does.
            if op == .notEqual { return !elements.contains { compare($0, .equal, literal) } }
            return elements.contains { compare($0, op, literal) }
        }
        guard let order = ordering(field, literal) else { return op == .notEqual }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }

    /// -1, 0, 1 comparing a field value with a literal, or nil when they cannot be compared.
    static func ordering(_ field: JSONValue, _ literal: FilterLiteral) -> Int? {
        switch field {
        case .int(let i):
            switch literal {
            case .number(let d, let integer, _):
                if let integer { return sign(i, integer) }
                return sign(Double(i), d)
            case .string(let s):
                if let n = Int64(s) { return sign(i, n) }
                if let d = Double(s) { return sign(Double(i), d) }
                return nil
            case .bool: return nil
            }
        case .double(let x):
            switch literal {
            case .number(let d, _, _): return sign(x, d)
            case .string(let s): return Double(s).map { sign(x, $0) }
            case .bool: return nil
            }
        case .string(let s):
            switch literal {
            case .string(let t): return sign(s, t)
            case .number(let d, _, let raw):
                if s == raw { return 0 }
                if let x = Double(s) { return sign(x, d) }
                return sign(s, raw)
            case .bool(let b): return s.lowercased() == (b ? "true" : "false") ? 0 : sign(s, b ? "true" : "false")
            }
        case .bool(let b):
            let other: Bool?
            switch literal {
            case .bool(let x): other = x
            case .string(let s): other = s.lowercased() == "true" ? true : (s.lowercased() == "false" ? false : nil)
            case .number: other = nil
            }
            guard let other else { return nil }
            return b == other ? 0 : (b ? 1 : -1)
        case .null, .array, .object:
            return nil
        }
    }

    private static func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

    private static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

/// SQL-style `LIKE` matching: `%` any run (also empty), `_` exactly one character, `\` escapes the next one.
enum LikePattern {
    enum Piece: Equatable { case literal(Character), any, one }

    static func matches(_ text: String, pattern: String, caseInsensitive: Bool) -> Bool {
        let subject = Array(caseInsensitive ? text.lowercased() : text)
        let pieces = compile(caseInsensitive ? pattern.lowercased() : pattern)
        // Iterative wildcard matching with backtracking to the last `%`: linear in practice, no recursion.
        var s = 0, p = 0
        var star = -1, mark = 0
        while s < subject.count {
            if p < pieces.count, pieces[p] == .one || pieces[p] == .literal(subject[s]) {
                s += 1; p += 1
            } else if p < pieces.count, pieces[p] == .any {
                star = p; mark = s; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; s = mark
            } else {
                return false
            }
        }
        while p < pieces.count, pieces[p] == .any { p += 1 }
        return p == pieces.count
    }

    private static func compile(_ pattern: String) -> [Piece] {
        var pieces: [Piece] = []
        var escaped = false
        for c in pattern {
            if escaped { pieces.append(.literal(c)); escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "%": pieces.append(.any)
            case "_": pieces.append(.one)
            default: pieces.append(.literal(c))
            }
        }
        if escaped { pieces.append(.literal("\\")) }
        return pieces
    }
}
