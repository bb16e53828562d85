/// One finding of the validator, shaped like an entry of QRadar's `POST /ariel/validators/aql`
/// `error_messages` (`code`, `message`, `severity`) plus a source position.
public struct AQLDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error = "ERROR", warning = "WARN", info = "INFO" }
    public var severity: Severity
    public var message: String
    public var position: AQLSourcePosition
    /// QRadar's invalid-AQL code.
    public var code: Int { 2000 }

    public init(_ severity: Severity, _ message: String, at position: AQLSourcePosition) {
        self.severity = severity
        self.message = message
        self.position = position
    }

    public var description: String { "\(severity == .error ? "error" : severity == .warning ? "warning" : "info") \(position.line):\(position.column): \(message)" }

    /// As an `AQLError` (for callers that fail on the first error).
    public var error: AQLError { AQLError(at: position, message: message) }
}

/// Checks a parsed query against field catalogues: unknown fields and functions, arity, argument and
/// comparison type mismatches, aggregates where they are not allowed, grouping rules, HAVING without
/// grouping, more than one TEXT SEARCH, invalid CIDR/regex literals.
///
/// Severity follows what QRadar does: things it rejects are errors; things it accepts but that are
/// probably mistakes are warnings — notably a non-aggregated column outside GROUP BY, which QRadar runs
/// and answers with the group's first value.
public struct AQLValidator: Sendable {
    /// Catalogues by lower-cased database name.
    public var catalogues: [String: AQLFieldCatalogue]

    /// Validates against the standard events/flows/simarc catalogues plus custom properties (added to
    /// both events and flows).
    public init(customProperties: [String] = []) {
        catalogues = [
            "events": AQLFieldCatalogue.events.adding(customProperties: customProperties),
            "flows": AQLFieldCatalogue.flows.adding(customProperties: customProperties),
            "simarc": AQLFieldCatalogue.simarc,
        ]
    }

    public init(catalogues: [AQLFieldCatalogue]) {
        self.catalogues = [:]
        for c in catalogues { self.catalogues[c.database] = c }
    }

    /// All findings, errors first in source order.
    public func validate(_ query: AQLQuery) -> [AQLDiagnostic] {
        var run = Run(validator: self)
        run.query(query, nested: false)
        return run.diagnostics.sorted { a, b in
            if (a.severity == .error) != (b.severity == .error) { return a.severity == .error }
            return a.position.offset < b.position.offset
        }
    }

    /// Errors only.
    public func errors(_ query: AQLQuery) -> [AQLDiagnostic] { validate(query).filter { $0.severity == .error } }

    /// The result columns a query produces, with their names (`AQLColumnNaming`) and inferred types — the
    /// shape of `POST /ariel/processors/aql_metadata`. `SELECT *` expands to the catalogue's fields.
    public func resultColumns(of query: AQLQuery) -> [AQLField] {
        var run = Run(validator: self)
        let catalogue = catalogues[query.from]
        run.catalogue = catalogue
        for item in query.select {
            if case .expression(let e, let alias?) = item { run.aliases[alias.lowercased()] = e }
        }
        let names = AQLColumnNaming.columnNames(for: query, tableColumns: catalogue?.names ?? [])
        var types: [AQLType] = []
        for item in query.select {
            switch item {
            case .all: types.append(contentsOf: catalogue?.fields.map(\.type) ?? [])
            case .expression(let e, _): types.append(run.type(of: e))
            }
        }
        return zip(names, types).map { AQLField($0, $1) }
    }

    /// Parses and validates; a syntax error becomes the single diagnostic.
    public func validate(text: String) -> [AQLDiagnostic] {
        do {
            return validate(try AQL.parse(text))
        } catch {
            return [AQLDiagnostic(.error, error.message, at: AQLSourcePosition(offset: error.offset, line: error.line, column: error.column))]
        }
    }

    private struct Run {
        let validator: AQLValidator
        var diagnostics: [AQLDiagnostic] = []
        var catalogue: AQLFieldCatalogue?
        var aliases: [String: AQLExpression] = [:]
        var clause = "SELECT"
        var aliasesVisible = false
        var inAggregate = false
        var textSearches = 0
        var secondTextSearch: AQLSourcePosition?

        init(validator: AQLValidator) { self.validator = validator }

        mutating func error(_ message: String, _ at: AQLSourcePosition) { diagnostics.append(AQLDiagnostic(.error, message, at: at)) }
        mutating func warning(_ message: String, _ at: AQLSourcePosition) { diagnostics.append(AQLDiagnostic(.warning, message, at: at)) }

        mutating func query(_ q: AQLQuery, nested: Bool) {
            let savedCatalogue = catalogue, savedAliases = aliases, savedClause = clause, savedVisible = aliasesVisible
            defer { catalogue = savedCatalogue; aliases = savedAliases; clause = savedClause; aliasesVisible = savedVisible }
            catalogue = validator.catalogues[q.from]
            if catalogue == nil { error("Unknown database \(q.from); expected one of \(validator.catalogues.keys.sorted().joined(separator: ", ")).", q.position) }
            aliases = [:]
            var seenAliases: Set<String> = []
            for item in q.select {
                if case .expression(let e, let alias?) = item {
                    if !seenAliases.insert(alias.lowercased()).inserted {
                        warning("Alias '\(alias)' is used more than once.", e.position)
                    }
                    aliases[alias.lowercased()] = e
                }
            }
            if nested {
                let columns = q.select.count
                if columns != 1 || q.select.contains(where: { if case .all = $0 { return true } else { return false } }) {
                    error("A subquery in IN (SELECT …) must select exactly one column.", q.position)
                }
            }

            clause = "SELECT"
            aliasesVisible = false
            for item in q.select {
                if case .expression(let e, _) = item { expression(e, allowAggregates: true) }
            }
            if let w = q.where {
                clause = "WHERE"
                aliasesVisible = true
                expression(w, allowAggregates: false)
                requireCondition(w)
            }
            clause = "GROUP BY"
            aliasesVisible = true
            for g in q.groupBy { expression(g, allowAggregates: false) }
            if let h = q.having {
                clause = "HAVING"
                if q.groupBy.isEmpty {
                    error("HAVING requires GROUP BY.", h.position)
                }
                expression(h, allowAggregates: true)
                requireCondition(h)
            }
            clause = "ORDER BY"
            for o in q.orderBy { expression(o.expression, allowAggregates: true) }
            checkGrouping(q)
            checkOrderColumns(q)
            if case .startStop(let start, let stop?)? = q.time,
               let s = literalTime(start), let e = literalTime(stop), s > e {
                error("START must precede STOP.", start.position)
            }
            if case .startStop(let start, let stop)? = q.time {
                clause = "START"
                timeBound(start)
                if let stop { clause = "STOP"; timeBound(stop) }
            }
            for p in q.parameters {
                let known = ["snapshotsize", "progressdetailsresolution", "remoteservers", "excludeservers"]
                if !known.contains(p.name.lowercased()) {
                    warning("Unknown parameter \(p.name).", p.value.position)
                }
            }
            if !nested, textSearches > 1 {
                error("Only one TEXT SEARCH is allowed per query.", secondTextSearch ?? q.position)
            }
        }

        func literalTime(_ e: AQLExpression) -> Int64? {
            switch e.kind {
            case .literal(.string(let s)): return AQLDateTime.parseQRadarTime(s)?.wallMillis
            case .literal(.integer(let i)): return i
            default: return nil
            }
        }

        mutating func timeBound(_ e: AQLExpression) {
            switch e.kind {
            case .literal(.string(let s)):
                if AQLDateTime.parseQRadarTime(s) == nil { error("Invalid time '\(s)'.", e.position) }
            case .literal(.integer): break
            default:
                let saved = catalogue
                catalogue = AQLFieldCatalogue(database: "", fields: [])
                expression(e, allowAggregates: false)
                catalogue = saved
                let t = type(of: e)
                if !(t == .time || t == .long || t == .any || t == .string) {
                    error("\(clause) must be a time, not \(t.rawValue).", e.position)
                }
            }
        }

        mutating func requireCondition(_ e: AQLExpression) {
            let t = type(of: e)
            if t != .bool && t != .any {
                error("\(clause) needs a condition, not a \(t.rawValue) value.", e.position)
            }
        }

        // MARK: Expressions

        mutating func expression(_ e: AQLExpression, allowAggregates: Bool) {
            switch e.kind {
            case .field(let name):
                resolve(name, at: e.position)
            case .literal, .star:
                break
            case .negate(let x):
                expression(x, allowAggregates: allowAggregates)
                numericOperand(x, "-")
            case .not(let x):
                expression(x, allowAggregates: allowAggregates)
            case .arithmetic(let op, let l, let r):
                expression(l, allowAggregates: allowAggregates)
                expression(r, allowAggregates: allowAggregates)
                numericOperand(l, op.rawValue)
                numericOperand(r, op.rawValue)
            case .comparison(_, let l, let r):
                expression(l, allowAggregates: allowAggregates)
                expression(r, allowAggregates: allowAggregates)
                comparable(l, r)
            case .and(let xs), .or(let xs):
                for x in xs { expression(x, allowAggregates: allowAggregates) }
            case .match(let op, let v, let p, _):
                expression(v, allowAggregates: allowAggregates)
                expression(p, allowAggregates: allowAggregates)
                let t = type(of: v)
                if t == .binary {
                    warning("\(op.rawValue) on binary \(describe(v)); use UTF8(\(describe(v))).", v.position)
                } else if t.isNumeric || t == .ip || t == .bool {
                    warning("\(op.rawValue) on \(t.rawValue) \(describe(v)); QRadar matches text, use STR(\(describe(v))).", v.position)
                }
                if op.isRegex, case .literal(.string(let pattern)) = p.kind, (try? Regex(pattern)) == nil {
                    error("Invalid regular expression '\(pattern)'.", p.position)
                }
            case .inList(let v, let items, _):
                expression(v, allowAggregates: allowAggregates)
                for i in items {
                    expression(i, allowAggregates: allowAggregates)
                    comparable(v, i)
                }
            case .inSubquery(let v, let sub, _):
                expression(v, allowAggregates: allowAggregates)
                query(sub, nested: true)
            case .between(let v, let lo, let hi, _):
                expression(v, allowAggregates: allowAggregates)
                expression(lo, allowAggregates: allowAggregates)
                expression(hi, allowAggregates: allowAggregates)
                comparable(v, lo)
                comparable(v, hi)
            case .isNull(let v, _):
                expression(v, allowAggregates: allowAggregates)
            case .textSearch:
                textSearches += 1
                if textSearches == 2 { secondTextSearch = e.position }
                if clause != "WHERE" { error("TEXT SEARCH is only allowed in WHERE.", e.position) }
            case .function(let name, let arguments, let distinct):
                function(e, name, arguments, distinct, allowAggregates: allowAggregates)
            case .caseWhen(let subject, let branches, let otherwise):
                if let subject { expression(subject, allowAggregates: allowAggregates) }
                for b in branches {
                    expression(b.when, allowAggregates: allowAggregates)
                    expression(b.then, allowAggregates: allowAggregates)
                    if let subject { comparable(subject, b.when) }
                }
                if let otherwise { expression(otherwise, allowAggregates: allowAggregates) }
            }
        }

        mutating func resolve(_ name: String, at position: AQLSourcePosition) {
            let key = name.lowercased()
            if let catalogue, catalogue.isOpen || catalogue.field(named: name) != nil { return }
            if aliasesVisible, let alias = aliases[key] {
                if clause == "WHERE" || clause == "GROUP BY", AQLExpressionWalker.containsAggregate(alias) {
                    error("\(clause) cannot use the aggregate alias \(name).", position)
                }
                return
            }
            if catalogue == nil { return }
            if aliases[key] != nil {
                error("Alias \(name) cannot be used in \(clause).", position)
                return
            }
            error("Unknown field \"\(name)\" in \(catalogue?.database ?? "?").", position)
        }

        mutating func function(_ e: AQLExpression, _ name: String, _ arguments: [AQLExpression], _ distinct: Bool, allowAggregates: Bool) {
            guard let f = AQLFunction.named(name) else {
                error("Unknown function \(name).", e.position)
                for a in arguments { expression(a, allowAggregates: allowAggregates) }
                return
            }
            if !f.accepts(argumentCount: arguments.count) {
                error("Function \(f.name) takes \(f.arityDescription) argument(s), not \(arguments.count).", e.position)
            }
            if f.isAggregate {
                if !allowAggregates {
                    error("Aggregate function \(f.name) is not allowed in \(clause).", e.position)
                } else if inAggregate {
                    error("Aggregate function \(f.name) cannot be nested in another aggregate.", e.position)
                }
                let saved = inAggregate
                inAggregate = true
                defer { inAggregate = saved }
                for a in arguments where !isStar(a) { expression(a, allowAggregates: allowAggregates) }
            } else {
                if distinct { error("DISTINCT is only allowed in aggregate functions.", e.position) }
                for a in arguments { expression(a, allowAggregates: allowAggregates) }
            }
            for (i, a) in arguments.enumerated() where !isStar(a) {
                let expected = f.argumentType(at: i)
                if !conforms(a, to: expected) {
                    error("Function \(f.name) argument \(i + 1) must be \(expected.rawValue), not \(describeType(a)).", a.position)
                }
            }
            if f.name == "INCIDR", let first = arguments.first, case .literal(.string(let cidr)) = first.kind,
               AQLNetwork.parseCIDR(cidr) == nil {
                error("INCIDR: '\(cidr)' is not a CIDR range.", first.position)
            }
            if f.name == "REPLACEALL" || f.name == "REPLACEFIRST", let first = arguments.first,
               case .literal(.string(let pattern)) = first.kind, (try? Regex(pattern)) == nil {
                error("Invalid regular expression '\(pattern)'.", first.position)
            }
        }

        func isStar(_ e: AQLExpression) -> Bool {
            if case .star = e.kind { return true }
            return false
        }

        // MARK: Types

        func type(of e: AQLExpression) -> AQLType {
            var visiting: Set<String> = []
            return type(of: e, &visiting)
        }

        func type(of e: AQLExpression, _ visiting: inout Set<String>) -> AQLType {
            switch e.kind {
            case .field(let name):
                if let f = catalogue?.field(named: name) { return f.type }
                let key = name.lowercased()
                if let alias = aliases[key], !visiting.contains(key) {
                    visiting.insert(key)
                    defer { visiting.remove(key) }
                    return type(of: alias, &visiting)
                }
                return .any
            case .literal(let lit):
                switch lit {
                case .string: return .string
                case .integer: return .long
                case .decimal: return .double
                case .boolean: return .bool
                case .null: return .any
                }
            case .star: return .any
            case .negate(let x):
                let t = type(of: x, &visiting)
                return t == .double ? .double : (t == .any ? .any : .long)
            case .arithmetic(let op, let l, let r):
                if op == .divide || op == .power { return .double }
                if op == .bitAnd { return .long }
                let a = type(of: l, &visiting), b = type(of: r, &visiting)
                if a == .double || b == .double { return .double }
                if a == .any || b == .any { return .any }
                return .long
            case .not, .comparison, .and, .or, .match, .inList, .inSubquery, .between, .isNull, .textSearch:
                return .bool
            case .function(let name, let arguments, _):
                guard let f = AQLFunction.named(name) else { return .any }
                switch f.name {
                case "MIN", "MAX", "FIRST", "LAST":
                    return arguments.first.map { type(of: $0, &visiting) } ?? .any
                case "SUM":
                    let t = arguments.first.map { type(of: $0, &visiting) } ?? .any
                    return t == .long || t == .time ? .long : (t == .any ? .any : .double)
                default:
                    return f.returnType
                }
            case .caseWhen(_, let branches, let otherwise):
                let types = branches.map { type(of: $0.then, &visiting) } + (otherwise.map { [type(of: $0, &visiting)] } ?? [])
                let concrete = types.filter { $0 != .any }
                guard let first = concrete.first else { return .any }
                if concrete.allSatisfy({ $0 == first }) { return first }
                if concrete.allSatisfy(\.isNumeric) { return .double }
                return .any
            }
        }

        func describeType(_ e: AQLExpression) -> String {
            if case .literal(.string(let s)) = e.kind { return "'\(s)'" }
            return type(of: e).rawValue
        }

        func describe(_ e: AQLExpression) -> String { AQL.print(e) }

        /// Whether `e` can stand where `expected` is needed, reading string literals loosely as QRadar does.
        func conforms(_ e: AQLExpression, to expected: AQLType) -> Bool {
            if case .literal(let lit) = e.kind {
                switch (lit, expected) {
                case (.null, _): return true
                case (.string(let s), .long), (.string(let s), .double), (.string(let s), .time):
                    return AQLValue.string(s).doubleValue != nil
                case (.string(let s), .bool): return AQLValue.string(s).boolValue != nil
                case (.string(let s), .ip): return AQLNetwork.parse(s) != nil
                case (.integer, .bool): return true
                default: break
                }
            }
            return type(of: e).conforms(to: expected)
        }

        mutating func numericOperand(_ e: AQLExpression, _ op: String) {
            let t = type(of: e)
            if t == .any || t.isNumeric || t == .bool { return }
            if case .literal(.string(let s)) = e.kind, AQLValue.string(s).doubleValue != nil { return }
            let hint = t == .ip ? " (use LONG() to do arithmetic on an IP)" : ""
            error("Operator \(op) needs numbers, not \(describeType(e))\(hint).", e.position)
        }

        /// Type check of `a op b` with loose literal typing.
        mutating func comparable(_ a: AQLExpression, _ b: AQLExpression) {
            let ta = type(of: a), tb = type(of: b)
            if ta == .any || tb == .any { return }
            func literalCheck(_ typed: AQLType, _ lit: AQLExpression) {
                guard case .literal(let l) = lit.kind else { return }
                switch (typed, l) {
                case (.long, .string(let s)), (.double, .string(let s)), (.time, .string(let s)):
                    if AQLValue.string(s).doubleValue == nil {
                        error("Cannot compare \(typed.rawValue) \(describe(a)) with '\(s)'.", lit.position)
                    }
                case (.bool, .string(let s)):
                    if AQLValue.string(s).boolValue == nil { error("Cannot compare bool \(describe(a)) with '\(s)'.", lit.position) }
                case (.bool, .decimal):
                    error("Cannot compare bool \(describe(a)) with a decimal.", lit.position)
                case (.ip, .string(let s)):
                    if AQLNetwork.parse(s) == nil {
                        warning("'\(s)' is not an IP address; use INCIDR() or STR(\(describe(a))) LIKE for partial matches.", lit.position)
                    }
                case (.ip, .integer), (.ip, .decimal):
                    error("Cannot compare IP \(describe(a)) with a number; use LONG(\(describe(a))).", lit.position)
                default:
                    break
                }
            }
            literalCheck(ta, b)
            if case .literal = a.kind { literalCheck(tb, a) }
            if (ta.isNumeric && tb == .ip) || (tb.isNumeric && ta == .ip), !isLiteral(a), !isLiteral(b) {
                error("Cannot compare \(ta.rawValue) with \(tb.rawValue); use LONG() on the IP.", b.position)
            }
        }

        func isLiteral(_ e: AQLExpression) -> Bool {
            if case .literal = e.kind { return true }
            return false
        }

        // MARK: Grouping

        mutating func checkGrouping(_ q: AQLQuery) {
            let grouped = !q.groupBy.isEmpty || AQLEvaluator.usesAggregates(q)
            guard grouped else { return }
            var groupFields: Set<String> = []
            for g in q.groupBy {
                if case .field(let n) = g.kind {
                    groupFields.insert(n.lowercased())
                    if let alias = aliases[n.lowercased()], case .field(let target) = alias.kind { groupFields.insert(target.lowercased()) }
                }
            }
            for item in q.select {
                switch item {
                case .all(let position):
                    warning("SELECT * in a grouped query returns each group's first row.", position)
                case .expression(let e, let alias):
                    if q.groupBy.contains(e) { continue }
                    if let alias, groupFields.contains(alias.lowercased()) { continue }
                    for name in nonAggregatedFields(e) where !groupFields.contains(name.0.lowercased()) {
                        warning("\(name.0) is neither grouped nor aggregated; QRadar returns the first value of each group.", name.1)
                    }
                }
            }
        }

        func nonAggregatedFields(_ e: AQLExpression) -> [(String, AQLSourcePosition)] {
            var out: [(String, AQLSourcePosition)] = []
            AQLExpressionWalker.forEach(e) { node in
                switch node.kind {
                case .function(let name, _, _) where AQLFunction.named(name)?.isAggregate == true:
                    return false
                case .field(let n):
                    out.append((n, node.position))
                    return false
                default:
                    return true
                }
            }
            return out
        }

        mutating func checkOrderColumns(_ q: AQLQuery) {
            if q.select.contains(where: { if case .all = $0 { return true } else { return false } }) { return }
            let selected = q.select.compactMap { item -> AQLExpression? in
                if case .expression(let e, _) = item { return e }
                return nil
            }
            let names = Set(q.select.compactMap { AQLColumnNaming.name(of: $0)?.lowercased() })
            for o in q.orderBy {
                if selected.contains(o.expression) { continue }
                if case .field(let n) = o.expression.kind, names.contains(n.lowercased()) { continue }
                if AQLExpressionWalker.containsAggregate(o.expression) { continue }
                warning("ORDER BY \(describe(o.expression)) is not a column of the SELECT.", o.expression.position)
            }
        }
    }
}
