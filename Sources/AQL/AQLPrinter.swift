/// Canonical AQL text for an AST: upper-case keywords and function names, single spaces, parentheses only
/// where precedence needs them, bare names where they are safe and quotes otherwise.
enum AQLPrinter {
    // Binding levels, loosest first; a child printed where `min` is required is parenthesised when its
    // own level is lower.
    private static let levelOr = 1, levelAnd = 2, levelNot = 3, levelPredicate = 4
    private static let levelUnary = 9, levelPrimary = 10

    private static func level(of op: AQLArithmeticOperator) -> Int { op.precedence + 4 }

    static func level(_ e: AQLExpression) -> Int {
        switch e.kind {
        case .or: return levelOr
        case .and: return levelAnd
        case .not: return levelNot
        case .comparison, .match, .inList, .inSubquery, .between, .isNull: return levelPredicate
        case .arithmetic(let op, _, _): return level(of: op)
        case .negate: return levelUnary
        case .field, .literal, .star, .textSearch, .function, .caseWhen: return levelPrimary
        }
    }

    static func print(_ query: AQLQuery) -> String {
        var out = ""
        write(query, into: &out)
        return out
    }

    static func print(_ expression: AQLExpression) -> String {
        var out = ""
        write(expression, min: 0, into: &out)
        return out
    }

    static func write(_ q: AQLQuery, into out: inout String) {
        out += q.distinct ? "SELECT DISTINCT " : "SELECT "
        writeSelectList(q.select, separator: ", ", into: &out)
        out += " FROM "
        out += name(q.from, quote: "\"")
        writeClauses(q, newline: " ", into: &out)
    }

    static func writeSelectList(_ items: [AQLSelectItem], separator: String, into out: inout String) {
        for (i, item) in items.enumerated() {
            if i > 0 { out += separator }
            switch item {
            case .all: out += "*"
            case .expression(let e, let alias):
                write(e, min: 0, into: &out)
                if let alias { out += " AS " + name(alias, quote: "'") }
            }
        }
    }

    /// Everything after FROM; `newline` separates clauses (" " or "\n").
    static func writeClauses(_ q: AQLQuery, newline: String, into out: inout String) {
        if let into = q.into { out += newline + "INTO " + name(into, quote: "'") }
        if let w = q.where {
            out += newline + "WHERE "
            if newline != " ", case .and(let operands) = w.kind {
                for (i, operand) in operands.enumerated() {
                    if i > 0 { out += newline + "  AND " }
                    write(operand, min: levelNot, into: &out)
                }
            } else {
                write(w, min: 0, into: &out)
            }
        }
        if !q.groupBy.isEmpty {
            out += newline + "GROUP BY "
            for (i, e) in q.groupBy.enumerated() {
                if i > 0 { out += ", " }
                write(e, min: 0, into: &out)
            }
        }
        if let h = q.having {
            out += newline + "HAVING "
            write(h, min: 0, into: &out)
        }
        if !q.orderBy.isEmpty {
            out += newline + "ORDER BY "
            for (i, item) in q.orderBy.enumerated() {
                if i > 0 { out += ", " }
                write(item.expression, min: 0, into: &out)
                if item.direction == .descending { out += " DESC" }
                if let c = item.collation { out += " COLLATE " + stringLiteral(c) }
            }
        }
        if let limit = q.limit { out += newline + "LIMIT " + String(limit) }
        switch q.time {
        case .last(let n, let unit)?:
            out += newline + "LAST " + String(n) + " " + unit.rawValue
        case .startStop(let start, let stop)?:
            out += newline + "START "
            write(start, min: levelUnary - 4, into: &out)
            if let stop {
                out += " STOP "
                write(stop, min: levelUnary - 4, into: &out)
            }
        case nil:
            break
        }
        if !q.parameters.isEmpty {
            out += newline + "PARAMETERS "
            for (i, p) in q.parameters.enumerated() {
                if i > 0 { out += ", " }
                out += p.name + "="
                write(p.value, min: 5, into: &out)
            }
        }
    }

    /// Pretty form: one clause per line, long select lists one item per line, top-level AND conjuncts
    /// on their own lines.
    static func format(_ q: AQLQuery) -> String {
        var out = q.distinct ? "SELECT DISTINCT " : "SELECT "
        var list = ""
        writeSelectList(q.select, separator: ", ", into: &list)
        if list.count > 80 {
            list = ""
            writeSelectList(q.select, separator: ",\n       ", into: &list)
        }
        out += list
        out += "\nFROM " + name(q.from, quote: "\"")
        writeClauses(q, newline: "\n", into: &out)
        return out
    }

    static func write(_ e: AQLExpression, min: Int, into out: inout String) {
        let needParens = level(e) < min
        if needParens { out += "(" }
        writeBare(e, into: &out)
        if needParens { out += ")" }
    }

    private static func writeBare(_ e: AQLExpression, into out: inout String) {
        switch e.kind {
        case .field(let n):
            out += name(n, quote: "\"")
        case .literal(let lit):
            writeLiteral(lit, into: &out)
        case .star:
            out += "*"
        case .negate(let x):
            out += "-"
            if case .literal(let lit) = x.kind, lit.isNumeric {
                // `-5` would read back as a negative literal rather than a negation.
                out += "("
                writeLiteral(lit, into: &out)
                out += ")"
            } else {
                var inner = ""
                write(x, min: levelUnary, into: &inner)
                if inner.hasPrefix("-") { out += " " }
                out += inner
            }
        case .not(let x):
            out += "NOT "
            write(x, min: levelNot, into: &out)
        case .arithmetic(let op, let l, let r):
            let lv = level(of: op)
            let rightAssoc = op == .power
            write(l, min: rightAssoc ? lv + 1 : lv, into: &out)
            out += " " + op.rawValue + " "
            write(r, min: rightAssoc ? lv : lv + 1, into: &out)
        case .comparison(let op, let l, let r):
            write(l, min: levelPredicate + 1, into: &out)
            out += " " + op.rawValue + " "
            write(r, min: levelPredicate + 1, into: &out)
        case .and(let operands):
            for (i, o) in operands.enumerated() {
                if i > 0 { out += " AND " }
                write(o, min: levelNot, into: &out)
            }
        case .or(let operands):
            for (i, o) in operands.enumerated() {
                if i > 0 { out += " OR " }
                write(o, min: levelAnd, into: &out)
            }
        case .match(let op, let value, let pattern, let negated):
            write(value, min: levelPredicate + 1, into: &out)
            out += negated ? " NOT " : " "
            out += op.rawValue + " "
            write(pattern, min: levelPredicate + 1, into: &out)
        case .inList(let value, let items, let negated):
            write(value, min: levelPredicate + 1, into: &out)
            out += negated ? " NOT IN (" : " IN ("
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                write(item, min: 0, into: &out)
            }
            out += ")"
        case .inSubquery(let value, let query, let negated):
            write(value, min: levelPredicate + 1, into: &out)
            out += negated ? " NOT IN (" : " IN ("
            write(query, into: &out)
            out += ")"
        case .between(let value, let low, let high, let negated):
            write(value, min: levelPredicate + 1, into: &out)
            out += negated ? " NOT BETWEEN " : " BETWEEN "
            write(low, min: levelPredicate + 1, into: &out)
            out += " AND "
            write(high, min: levelPredicate + 1, into: &out)
        case .isNull(let value, let negated):
            write(value, min: levelPredicate + 1, into: &out)
            out += negated ? " IS NOT NULL" : " IS NULL"
        case .textSearch(let s):
            out += "TEXT SEARCH " + stringLiteral(s)
        case .function(let fname, let arguments, let distinct):
            out += fname + "("
            if distinct { out += "DISTINCT " }
            for (i, a) in arguments.enumerated() {
                if i > 0 { out += ", " }
                write(a, min: 0, into: &out)
            }
            out += ")"
        case .caseWhen(let subject, let branches, let otherwise):
            out += "CASE"
            if let subject {
                out += " "
                write(subject, min: 0, into: &out)
            }
            for b in branches {
                out += " WHEN "
                write(b.when, min: 0, into: &out)
                out += " THEN "
                write(b.then, min: 0, into: &out)
            }
            if let otherwise {
                out += " ELSE "
                write(otherwise, min: 0, into: &out)
            }
            out += " END"
        }
    }

    static func writeLiteral(_ lit: AQLLiteral, into out: inout String) {
        switch lit {
        case .string(let s): out += stringLiteral(s)
        case .integer(let i): out += String(i)
        case .decimal(let d):
            var s = String(d)
            if !s.contains(".") && !s.contains("e") { s += ".0" }
            out += s
        case .boolean(let b): out += b ? "true" : "false"
        case .null: out += "NULL"
        }
    }

    static func stringLiteral(_ s: String) -> String {
        "'" + (s.utf8.contains(0x27) ? s.replacing("'", with: "''") : s) + "'"
    }

    /// A field, alias or database name: bare when it lexes back as the same plain word, otherwise quoted
    /// with `quote` (doubling any embedded quote).
    static func name(_ n: String, quote: Character) -> String {
        if isBareSafe(n) { return n }
        let q = String(quote)
        return q + n.replacing(q, with: q + q) + q
    }

    static func isBareSafe(_ n: String) -> Bool {
        var first = true
        for b in n.utf8 {
            if first {
                guard AQLLexer.isIdentifierStart(b) else { return false }
                first = false
            } else if !AQLLexer.isIdentifierPart(b) {
                return false
            }
        }
        if first { return false }
        var copy = n
        let keyword: AQLKeyword? = copy.withUTF8 { AQLKeyword.lookup($0, 0, $0.count) }
        if let keyword, keyword.isReserved { return false }
        return true
    }
}

extension AQLLiteral {
    var isNumeric: Bool {
        switch self {
        case .integer, .decimal: return true
        default: return false
        }
    }
}
