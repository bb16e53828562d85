#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

typealias AQLRowValue = (Int) -> AQLValue
typealias AQLRowPredicate = (Int) -> Bool

/// Holds the finalized aggregate values of the group being output; aggregate leaves of compiled group
/// expressions read from it.
final class AQLGroupValues {
    var values: [AQLValue] = []
}

/// Compiles AST expressions into closures over resolved column accessors. One compiler per query run.
final class AQLCompiler {
    enum Scope {
        /// Per-row evaluation (WHERE, GROUP BY keys, aggregate arguments, non-grouped output).
        case row
        /// Per-group output: aggregates read finalized values, fields read the group's first row.
        case group
    }

    let evaluator: AQLEvaluator
    let source: AQLRowSource
    let query: AQLQuery
    /// Select aliases by lower-cased name.
    var aliases: [String: AQLExpression] = [:]
    private var expanding: Set<String> = []
    /// Aliases win over table columns (HAVING, ORDER BY); otherwise columns win (WHERE, SELECT).
    var preferAliases = false
    var scope: Scope = .row
    /// What is being compiled, for error messages ("WHERE", "GROUP BY"…).
    var clause = "SELECT"
    private(set) var aggregateSlots: [AQLAggregateSlot] = []
    private var aggregateIndex: [AQLExpression: Int] = [:]
    let groupValues = AQLGroupValues()
    private var columnCache: [Int: AQLRowValue] = [:]

    init(evaluator: AQLEvaluator, source: AQLRowSource, query: AQLQuery) {
        self.evaluator = evaluator
        self.source = source
        self.query = query
        for item in query.select {
            if case .expression(let e, let alias?) = item {
                let key = alias.lowercased()
                if aliases[key] == nil { aliases[key] = e }
            }
        }
    }

    // MARK: Fields

    func accessor(column c: Int) -> AQLRowValue {
        if let cached = columnCache[c] { return cached }
        let a = source.column(c)
        columnCache[c] = a
        return a
    }

    private func field(_ name: String, at position: AQLSourcePosition) throws(AQLError) -> AQLRowValue {
        let aliasKey = name.lowercased()
        let alias = expanding.contains(aliasKey) ? nil : aliases[aliasKey]
        if preferAliases, let alias, !isSelfReference(alias, aliasKey) {
            return try expandAlias(aliasKey, alias)
        }
        if let c = source.columnIndex(name) { return accessor(column: c) }
        if let alias, !isSelfReference(alias, aliasKey) {
            return try expandAlias(aliasKey, alias)
        }
        if aliasKey == "starttime" {
            let time = source.startTime
            return { row in row >= 0 ? .long(time(row)) : .null }
        }
        throw AQLError(at: position, expected: "a field of \(source.database)", found: "\"\(name)\"",
                       message: "\(clause): unknown field \"\(name)\" in \(source.database).")
    }

    private func isSelfReference(_ e: AQLExpression, _ key: String) -> Bool {
        if case .field(let n) = e.kind, n.lowercased() == key { return true }
        return false
    }

    private func expandAlias(_ key: String, _ e: AQLExpression) throws(AQLError) -> AQLRowValue {
        expanding.insert(key)
        defer { expanding.remove(key) }
        return try value(e)
    }

    private func aliasPredicate(_ name: String) -> AQLExpression? {
        let key = name.lowercased()
        guard !expanding.contains(key), let alias = aliases[key], !isSelfReference(alias, key) else { return nil }
        if preferAliases || source.columnIndex(name) == nil { return alias }
        return nil
    }

    // MARK: Values

    /// Compiles an expression to a per-row (or per-group) value.
    func value(_ e: AQLExpression) throws(AQLError) -> AQLRowValue {
        switch e.kind {
        case .field(let name):
            return try field(name, at: e.position)
        case .literal(let lit):
            let v = lit.value
            return { _ in v }
        case .star:
            throw AQLError(at: e.position, found: "*", message: "* is only allowed in SELECT * and COUNT(*).")
        case .negate(let x):
            let f = try value(x)
            return { row in AQLCompiler.negate(f(row)) }
        case .arithmetic(let op, let l, let r):
            let a = try value(l), b = try value(r)
            if case .literal(let lit) = r.kind, case .integer(let k) = lit, op != .divide, op != .power {
                return { row in
                    if case .long(let x) = a(row) { return AQLCompiler.arithmeticLong(op, x, k) }
                    return AQLCompiler.arithmetic(op, a(row), .long(k))
                }
            }
            return { row in AQLCompiler.arithmetic(op, a(row), b(row)) }
        case .function(let name, let arguments, let distinct):
            if let function = AQLFunction.named(name), function.isAggregate {
                return try aggregate(e, name: name, arguments: arguments, distinct: distinct)
            }
            return try AQLScalarFunctions.compile(name: name, arguments: arguments, at: e.position, compiler: self)
        case .caseWhen(let subject, let branches, let otherwise):
            let other = try otherwise.map { (x) throws(AQLError) in try value(x) } ?? { _ in .null }
            if let subject {
                let s = try value(subject)
                var compiled: [(AQLRowValue, AQLRowValue)] = []
                for b in branches { compiled.append((try value(b.when), try value(b.then))) }
                return { row in
                    let v = s(row)
                    for (w, t) in compiled where AQLValueSemantics.holds(.equal, v, w(row)) { return t(row) }
                    return other(row)
                }
            }
            var compiled: [(AQLRowPredicate, AQLRowValue)] = []
            for b in branches { compiled.append((try predicate(b.when), try value(b.then))) }
            return { row in
                for (w, t) in compiled where w(row) { return t(row) }
                return other(row)
            }
        case .not, .comparison, .and, .or, .match, .inList, .inSubquery, .between, .isNull, .textSearch:
            let p = try predicate(e)
            return { row in .bool(p(row)) }
        }
    }

    private func aggregate(_ e: AQLExpression, name: String, arguments: [AQLExpression], distinct: Bool) throws(AQLError) -> AQLRowValue {
        guard scope == .group else {
            throw AQLError(at: e.position, found: name,
                           message: "\(clause): aggregate function \(name) is not allowed here.")
        }
        let slot: Int
        if let existing = aggregateIndex[e] {
            slot = existing
        } else {
            guard var kind = AQLAggregateKind(name: name) else {
                throw AQLError(at: e.position, found: name, message: "Unknown aggregate \(name).")
            }
            var argument: AQLRowValue?
            if arguments.isEmpty || (arguments.count == 1 && arguments[0].kind == .star) {
                kind = .countAll
            } else if let first = arguments.first {
                // Arguments are evaluated per row and may not nest aggregates.
                scope = .row
                defer { scope = .group }
                let saved = clause
                clause = "\(name)()"
                defer { clause = saved }
                argument = try value(first)
            }
            slot = aggregateSlots.count
            aggregateSlots.append(AQLAggregateSlot(kind: kind, distinct: distinct, argument: argument))
            aggregateIndex[e] = slot
        }
        let box = groupValues
        return { _ in slot < box.values.count ? box.values[slot] : .null }
    }

    // MARK: Predicates

    /// Compiles an expression used as a condition.
    func predicate(_ e: AQLExpression) throws(AQLError) -> AQLRowPredicate {
        switch e.kind {
        case .and(let operands):
            let ps = try operands.map { (o) throws(AQLError) in try predicate(o) }
            if ps.count == 2 {
                let a = ps[0], b = ps[1]
                return { a($0) && b($0) }
            }
            return { row in
                for p in ps where !p(row) { return false }
                return true
            }
        case .or(let operands):
            let ps = try operands.map { (o) throws(AQLError) in try predicate(o) }
            if ps.count == 2 {
                let a = ps[0], b = ps[1]
                return { a($0) || b($0) }
            }
            return { row in
                for p in ps where p(row) { return true }
                return false
            }
        case .not(let x):
            let p = try predicate(x)
            return { !p($0) }
        case .comparison(let op, let l, let r):
            return try comparison(op, l, r)
        case .match(let op, let valueExpr, let patternExpr, let negated):
            let p = try match(op, valueExpr, patternExpr)
            return negated ? { !p($0) } : p
        case .inList(let valueExpr, let items, let negated):
            let v = try value(valueExpr)
            let p: AQLRowPredicate
            if items.allSatisfy({ if case .literal = $0.kind { return true } else { return false } }) {
                let set = AQLValueSet(items.map { e -> AQLValue in
                    if case .literal(let lit) = e.kind { return lit.value }
                    return .null
                })
                p = { set.contains(v($0)) }
            } else {
                let fs = try items.map { (i) throws(AQLError) in try value(i) }
                p = { row in
                    let x = v(row)
                    for f in fs where AQLValueSemantics.holds(.equal, x, f(row)) { return true }
                    return false
                }
            }
            return negated ? { !p($0) } : p
        case .inSubquery(let valueExpr, let subquery, let negated):
            let v = try value(valueExpr)
            guard subquery.from == source.database else {
                throw AQLError(at: e.position, found: subquery.from,
                               message: "Subquery on \(subquery.from) cannot run against \(source.database) here.")
            }
            let result = try evaluator.run(subquery, source: source)
            let set = AQLValueSet(result.rows.compactMap { $0.first })
            let p: AQLRowPredicate = { set.contains(v($0)) }
            return negated ? { !p($0) } : p
        case .between(let valueExpr, let low, let high, let negated):
            let v = try value(valueExpr), lo = try value(low), hi = try value(high)
            let p: AQLRowPredicate = { row in
                let x = v(row)
                return AQLValueSemantics.holds(.greaterOrEqual, x, lo(row)) && AQLValueSemantics.holds(.lessOrEqual, x, hi(row))
            }
            return negated ? { !p($0) } : p
        case .isNull(let valueExpr, let negated):
            let v = try value(valueExpr)
            return negated ? { !v($0).isNull } : { v($0).isNull }
        case .textSearch(let text):
            let search = AQLTextSearch(text)
            if let c = source.columnIndex("payload") {
                let payload = accessor(column: c)
                return { row in
                    guard let s = payload(row).stringValue else { return false }
                    return search.matches(s)
                }
            }
            // No payload column: search every text column.
            let columns = (0..<source.columnNames.count).map { accessor(column: $0) }
            return { row in
                for c in columns {
                    if case .string(let s) = c(row), search.matches(s) { return true }
                }
                return false
            }
        case .literal(let lit):
            let b = lit.value.boolValue ?? false
            return { _ in b }
        case .field(let name):
            if let alias = aliasPredicate(name) {
                expanding.insert(name.lowercased())
                defer { expanding.remove(name.lowercased()) }
                return try predicate(alias)
            }
            let v = try value(e)
            return { v($0).boolValue ?? false }
        default:
            let v = try value(e)
            return { v($0).boolValue ?? false }
        }
    }

    private func comparison(_ op: AQLComparisonOperator, _ l: AQLExpression, _ r: AQLExpression) throws(AQLError) -> AQLRowPredicate {
        // Normalise `literal op expr` to `expr op' literal`.
        if case .literal = l.kind, !isLiteral(r) {
            return try comparison(AQLCompiler.flip(op), r, l)
        }
        let a = try value(l)
        if case .literal(let lit) = r.kind {
            let k = lit.value
            switch k {
            case .long(let kv):
                return { row in
                    switch a(row) {
                    case .long(let x): return AQLCompiler.test(op, x, kv)
                    case let v: return AQLValueSemantics.holds(op, v, k)
                    }
                }
            case .string(let ks) where op == .equal || op == .notEqual:
                let wantEqual = op == .equal
                return { row in
                    switch a(row) {
                    case .string(let x): return (x == ks) == wantEqual
                    case let v: return AQLValueSemantics.holds(op, v, k)
                    }
                }
            default:
                return { row in AQLValueSemantics.holds(op, a(row), k) }
            }
        }
        let b = try value(r)
        return { row in AQLValueSemantics.holds(op, a(row), b(row)) }
    }

    private func isLiteral(_ e: AQLExpression) -> Bool {
        if case .literal = e.kind { return true }
        return false
    }

    @inline(__always) static func test(_ op: AQLComparisonOperator, _ x: Int64, _ y: Int64) -> Bool {
        switch op {
        case .equal: return x == y
        case .notEqual: return x != y
        case .less: return x < y
        case .lessOrEqual: return x <= y
        case .greater: return x > y
        case .greaterOrEqual: return x >= y
        }
    }

    static func flip(_ op: AQLComparisonOperator) -> AQLComparisonOperator {
        switch op {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return op
        }
    }

    private func match(_ op: AQLMatchOperator, _ valueExpr: AQLExpression, _ patternExpr: AQLExpression) throws(AQLError) -> AQLRowPredicate {
        let v = try value(valueExpr)
        if case .literal(.string(let pattern)) = patternExpr.kind {
            if op.isRegex {
                let regex = try AQLCompiler.regex(pattern, caseInsensitive: op.isCaseInsensitive, at: patternExpr.position)
                return { row in
                    guard let s = AQLCompiler.text(v(row)) else { return false }
                    return s.contains(regex)
                }
            }
            let like = AQLLikePattern(pattern, caseInsensitive: op.isCaseInsensitive)
            return { row in
                switch v(row) {
                case .string(let s): return like.matches(s)
                case .null: return false
                case .array(let items): return items.contains { $0.stringValue.map(like.matches) ?? false }
                case let other: return other.stringValue.map(like.matches) ?? false
                }
            }
        }
        // A computed pattern: compile per distinct pattern text, caching the last one.
        let p = try value(patternExpr)
        let cache = AQLPatternCache()
        let position = patternExpr.position
        return { row in
            guard let s = AQLCompiler.text(v(row)), let pattern = p(row).stringValue else { return false }
            if op.isRegex {
                guard let regex = cache.regex(pattern, caseInsensitive: op.isCaseInsensitive, at: position) else { return false }
                return s.contains(regex)
            }
            return cache.like(pattern, caseInsensitive: op.isCaseInsensitive).matches(s)
        }
    }

    static func text(_ v: AQLValue) -> String? {
        if case .string(let s) = v { return s }
        return v.stringValue
    }

    /// Compiles a Java-style regular expression with Swift Regex.
    static func regex(_ pattern: String, caseInsensitive: Bool, at position: AQLSourcePosition) throws(AQLError) -> Regex<AnyRegexOutput> {
        do {
            let r = try Regex(pattern)
            return caseInsensitive ? r.ignoresCase() : r
        } catch {
            throw AQLError(at: position, expected: "a regular expression", found: "'\(pattern)'",
                           message: "Invalid regular expression '\(pattern)'.")
        }
    }

    // MARK: Arithmetic

    static func negate(_ v: AQLValue) -> AQLValue {
        switch v {
        case .long(let x): return .long(0 &- x)
        case .double(let d): return .double(-d)
        case .string(let s):
            if let l = AQLNumberParsing.parseLong(s) { return .long(0 &- l) }
            if let d = AQLNumberParsing.parseDouble(s) { return .double(-d) }
            return .null
        default: return .null
        }
    }

    @inline(__always) static func arithmeticLong(_ op: AQLArithmeticOperator, _ x: Int64, _ y: Int64) -> AQLValue {
        switch op {
        case .add: return .long(x &+ y)
        case .subtract: return .long(x &- y)
        case .multiply: return .long(x &* y)
        case .bitAnd: return .long(x & y)
        case .modulo:
            if y == 0 { return .null }
            return .long(x.remainderReportingOverflow(dividingBy: y).partialValue)
        case .divide:
            if y == 0 { return .null }
            return .double(Double(x) / Double(y))
        case .power:
            return .double(pow(Double(x), Double(y)))
        }
    }

    /// Exact integer reading for arithmetic: longs and integral numeric text.
    private static func exactLong(_ v: AQLValue) -> Int64? {
        switch v {
        case .long(let x): return x
        case .string(let s): return AQLNumberParsing.parseLong(s)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    static func arithmetic(_ op: AQLArithmeticOperator, _ a: AQLValue, _ b: AQLValue) -> AQLValue {
        if a.isNull || b.isNull { return .null }
        if let x = exactLong(a), let y = exactLong(b) { return arithmeticLong(op, x, y) }
        if op == .bitAnd { return .null }
        guard let x = a.doubleValue, let y = b.doubleValue else { return .null }
        switch op {
        case .add: return .double(x + y)
        case .subtract: return .double(x - y)
        case .multiply: return .double(x * y)
        case .divide: return y == 0 ? .null : .double(x / y)
        case .modulo: return y == 0 ? .null : .double(x.truncatingRemainder(dividingBy: y))
        case .power: return .double(pow(x, y))
        case .bitAnd: return .null
        }
    }
}

/// Caches the last compiled pattern of a computed LIKE/MATCHES pattern.
final class AQLPatternCache {
    private var likeKey: (String, Bool)?
    private var likeValue: AQLLikePattern?
    private var regexKey: (String, Bool)?
    private var regexValue: Regex<AnyRegexOutput>?

    func like(_ pattern: String, caseInsensitive: Bool) -> AQLLikePattern {
        if let k = likeKey, k.0 == pattern, k.1 == caseInsensitive, let v = likeValue { return v }
        let v = AQLLikePattern(pattern, caseInsensitive: caseInsensitive)
        likeKey = (pattern, caseInsensitive)
        likeValue = v
        return v
    }

    func regex(_ pattern: String, caseInsensitive: Bool, at position: AQLSourcePosition) -> Regex<AnyRegexOutput>? {
        if let k = regexKey, k.0 == pattern, k.1 == caseInsensitive { return regexValue }
        regexKey = (pattern, caseInsensitive)
        regexValue = try? AQLCompiler.regex(pattern, caseInsensitive: caseInsensitive, at: position)
        return regexValue
    }
}
