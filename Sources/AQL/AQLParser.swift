/// Recursive-descent parser from UTF-8 bytes to `AQLQuery`.
///
/// Robustness: the lexer and parser never trap on input; recursion is bounded by `maxNesting` (parentheses,
/// NOT/minus chains, function calls, CASE, subqueries) and the resulting tree by `maxTreeDepth`, so the
/// printer, evaluator and even the AST's deinitialisation stay within a small stack.
struct AQLParser {
    /// Maximum nesting of parenthesised expressions, function calls, CASE and subqueries.
    static let maxNesting = 64
    /// Maximum depth of an expression tree (AND/OR chains are flat and do not count per operand).
    static let maxTreeDepth = 256

    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: [AQLToken]
    var index = 0
    var nesting = 0

    static func parse(_ text: String) throws(AQLError) -> AQLQuery {
        var text = text
        let result: Result<AQLQuery, AQLError> = text.withUTF8 { buffer in
            do throws(AQLError) {
                return .success(try parse(bytes: buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(AQLError) -> AQLQuery {
        let tokens = try AQLLexer.tokenize(bytes)
        var parser = AQLParser(bytes: bytes, tokens: tokens)
        let (query, _) = try parser.parseQuery(nested: false)
        return query
    }

    // MARK: Token helpers

    var current: AQLToken { tokens[index] }
    var nextToken: AQLToken { tokens[min(index + 1, tokens.count - 1)] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func isKeyword(_ k: AQLKeyword) -> Bool { current.kind == .identifier && current.keyword == k }
    func isKeyword(_ k: AQLKeyword, at token: AQLToken) -> Bool { token.kind == .identifier && token.keyword == k }

    mutating func accept(_ k: AQLKeyword) -> Bool {
        if isKeyword(k) { advance(); return true }
        return false
    }

    mutating func accept(_ kind: AQLTokenKind) -> Bool {
        if current.kind == kind { advance(); return true }
        return false
    }

    mutating func expect(_ k: AQLKeyword) throws(AQLError) {
        guard accept(k) else { throw unexpected(expected: [k.spelling]) }
    }

    mutating func expect(_ kind: AQLTokenKind) throws(AQLError) {
        guard accept(kind) else { throw unexpected(expected: [kind.spelling]) }
    }

    func text(of token: AQLToken) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }

    /// QRadar-style syntax error at the current token.
    func unexpected(expected: [String], note: String? = nil) -> AQLError {
        unexpected(at: current, expected: expected, note: note)
    }

    func unexpected(at token: AQLToken, expected: [String], note: String? = nil) -> AQLError {
        let found = token.kind == .end ? "<EOF>" : "\"" + AQLParser.clip(text(of: token)) + "\""
        var message = "Encountered \(found)."
        let expectation: String?
        if expected.isEmpty {
            expectation = nil
        } else if expected.count == 1 {
            expectation = expected[0]
            message += " Was expecting: \(expected[0])."
        } else {
            expectation = expected.joined(separator: ", ")
            message += " Was expecting one of: \(expectation!)."
        }
        if let note { message += " " + note }
        return AQLError(at: token.position, expected: expectation, found: found, message: message)
    }

    static func clip(_ s: String) -> String {
        s.count > 40 ? String(s.prefix(40)) + "…" : s
    }

    mutating func enter() throws(AQLError) {
        nesting += 1
        if nesting > AQLParser.maxNesting {
            throw AQLError(at: current.position, expected: nil, found: nil,
                           message: "Query is nested too deeply (more than \(AQLParser.maxNesting) levels).")
        }
    }

    mutating func leave() { nesting -= 1 }

    func checkDepth(_ depth: Int, at position: AQLSourcePosition) throws(AQLError) {
        if depth > AQLParser.maxTreeDepth {
            throw AQLError(at: position, expected: nil, found: nil,
                           message: "Expression is too deeply nested (more than \(AQLParser.maxTreeDepth) levels).")
        }
    }

    // MARK: Query

    /// Parses a whole query; `nested` for `IN (SELECT …)` (stops before the closing parenthesis).
    mutating func parseQuery(nested: Bool) throws(AQLError) -> (AQLQuery, Int) {
        let start = current.position
        try expect(.select)
        var depth = 1
        let distinct = accept(.distinct)
        var select: [AQLSelectItem] = []
        repeat {
            if current.kind == .star {
                select.append(.all(current.position))
                advance()
                continue
            }
            let (expr, d) = try parseExpression()
            depth = max(depth, d + 1)
            var alias: String?
            if accept(.as) {
                alias = try parseName(what: "an alias")
            }
            select.append(.expression(expr, alias: alias))
        } while accept(.comma)

        guard accept(.from) else {
            throw unexpected(expected: ["\",\"", "AS", "FROM"])
        }
        let from = try parseDatabase()
        var query = AQLQuery(distinct: distinct, select: select, from: from, position: start)

        if accept(.into) {
            query.into = try parseName(what: "a cursor name")
        }
        if accept(.where) {
            let (e, d) = try parseExpression()
            depth = max(depth, d + 1)
            query.where = e
        }
        if isKeyword(.group) {
            advance()
            try expect(.by)
            repeat {
                let (e, d) = try parseExpression()
                depth = max(depth, d + 1)
                query.groupBy.append(e)
            } while accept(.comma)
        }
        if accept(.having) {
            let (e, d) = try parseExpression()
            depth = max(depth, d + 1)
            query.having = e
        }
        if isKeyword(.order) {
            advance()
            try expect(.by)
            repeat {
                let (e, d) = try parseExpression()
                depth = max(depth, d + 1)
                var item = AQLOrderItem(e)
                var sawDirection = false
                while true {
                    if !sawDirection, accept(.desc) { item.direction = .descending; sawDirection = true; continue }
                    if !sawDirection, accept(.asc) { item.direction = .ascending; sawDirection = true; continue }
                    if item.collation == nil, accept(.collate) {
                        guard current.kind == .string else { throw unexpected(expected: ["<STRING_LITERAL>"]) }
                        item.collation = stringValue(current)
                        advance()
                        continue
                    }
                    break
                }
                query.orderBy.append(item)
            } while accept(.comma)
        }
        if accept(.limit) {
            guard current.kind == .integer, let n = integerValue(current) else {
                throw unexpected(expected: ["<INTEGER_LITERAL>"])
            }
            query.limit = n
            advance()
        }
        if let time = try parseTimeClause(depth: &depth) {
            query.time = time
        }
        if accept(.parameters) {
            repeat {
                guard current.kind == .identifier else { throw unexpected(expected: ["<IDENTIFIER>"]) }
                let name = text(of: current)
                advance()
                try expect(.equal)
                let (value, d) = try parseAdditive()
                depth = max(depth, d + 1)
                query.parameters.append(AQLParameter(name: name, value: value))
            } while accept(.comma)
        }
        let terminator: AQLTokenKind = nested ? .rightParen : .end
        if current.kind != terminator {
            throw unexpected(expected: remainingClauses(query) + [terminator.spelling], note: clauseOrderNote(query))
        }
        try checkDepth(depth, at: start)
        return (query, depth)
    }

    /// Keywords that could still follow, in clause order, for error messages.
    func remainingClauses(_ q: AQLQuery) -> [String] {
        var out: [String] = []
        let stage: Int
        if !q.parameters.isEmpty { stage = 9 } else if q.time != nil { stage = 8 } else if q.limit != nil { stage = 7 }
        else if !q.orderBy.isEmpty { stage = 6 } else if q.having != nil { stage = 5 } else if !q.groupBy.isEmpty { stage = 4 }
        else if q.where != nil { stage = 3 } else if q.into != nil { stage = 2 } else { stage = 1 }
        if stage < 2 { out.append("INTO") }
        if stage < 3 { out.append("WHERE") }
        if stage < 4 { out.append("GROUP BY") }
        if stage < 5 { out.append("HAVING") }
        if stage < 6 { out.append("ORDER BY") }
        if stage < 7 { out.append("LIMIT") }
        if stage < 8 { out.append(contentsOf: ["LAST", "START"]) }
        if stage < 9 { out.append("PARAMETERS") }
        return out
    }

    /// Explains misplaced clauses (e.g. LIMIT after the time clause), which QRadar rejects.
    func clauseOrderNote(_ q: AQLQuery) -> String? {
        guard current.kind == .identifier, let k = current.keyword else { return nil }
        switch k {
        case .where, .group, .having, .order, .limit, .into, .last, .start:
            return "\(k.spelling) is out of order: clauses go SELECT, FROM, INTO, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, time clause, PARAMETERS."
        default:
            return nil
        }
    }

    mutating func parseDatabase() throws(AQLError) -> String {
        let t = current
        if t.kind == .identifier, t.keyword == nil || !(t.keyword!.isReserved) {
            advance()
            return text(of: t).lowercased()
        }
        if t.kind == .quotedIdentifier {
            advance()
            return quotedValue(t).lowercased()
        }
        throw unexpected(expected: ["events", "flows", "<DATABASE>"])
    }

    /// An alias or cursor name: bare word, 'single-quoted' or "double-quoted".
    mutating func parseName(what: String) throws(AQLError) -> String {
        let t = current
        switch t.kind {
        case .identifier where t.keyword == nil || !(t.keyword!.isReserved):
            advance()
            return text(of: t)
        case .string:
            advance()
            return stringValue(t)
        case .quotedIdentifier:
            advance()
            return quotedValue(t)
        default:
            throw unexpected(expected: ["<IDENTIFIER>", "<STRING_LITERAL>"], note: "Expected \(what).")
        }
    }

    mutating func parseTimeClause(depth: inout Int) throws(AQLError) -> AQLTimeClause? {
        if isKeyword(.last), nextToken.kind == .integer {
            advance()
            guard let n = integerValue(current) else { throw unexpected(expected: ["<INTEGER_LITERAL>"]) }
            advance()
            let unit: AQLTimeUnit
            switch current.kind == .identifier ? current.keyword : nil {
            case .second?, .seconds?: unit = .seconds
            case .minute?, .minutes?: unit = .minutes
            case .hour?, .hours?: unit = .hours
            case .day?, .days?: unit = .days
            default: throw unexpected(expected: ["SECONDS", "MINUTES", "HOURS", "DAYS"])
            }
            advance()
            return .last(n, unit)
        }
        if isKeyword(.start) {
            advance()
            let start = try parseTimeBound()
            depth = max(depth, start.1 + 1)
            var stop: AQLExpression?
            if accept(.stop) {
                let s = try parseTimeBound()
                depth = max(depth, s.1 + 1)
                stop = s.0
            }
            return .startStop(start: start.0, stop: stop)
        }
        if isKeyword(.stop) {
            throw unexpected(expected: ["START"], note: "STOP needs a preceding START.")
        }
        return nil
    }

    /// A START/STOP bound: quoted date, epoch ms, or an expression such as PARSEDATETIME('1 hour ago').
    mutating func parseTimeBound() throws(AQLError) -> (AQLExpression, Int) {
        let t = current
        let (e, d) = try parseAdditive()
        if case .literal(.string(let s)) = e.kind, AQLDateTime.parseQRadarTime(s) == nil {
            throw AQLError(at: t.position, expected: "yyyy-MM-dd HH:mm[:ss]", found: "'\(AQLParser.clip(s))'",
                           message: "Invalid time '\(AQLParser.clip(s))': expected yyyy-MM-dd HH:mm, yyyy-MM-dd HH:mm:ss, yyyy/MM/dd HH:mm:ss, yyyy/MM/dd-HH:mm:ss or yyyy:MM:dd-HH:mm:ss, optionally followed by Z.")
        }
        if case .literal(let lit) = e.kind {
            switch lit {
            case .string, .integer: break
            default:
                throw AQLError(at: t.position, expected: "a time", found: "\"\(text(of: t))\"",
                               message: "Encountered \"\(text(of: t))\". Was expecting: a quoted time or epoch milliseconds.")
            }
        }
        return (e, d)
    }

    // MARK: Expressions

    mutating func parseExpression() throws(AQLError) -> (AQLExpression, Int) {
        try enter()
        defer { leave() }
        return try parseOr()
    }

    mutating func parseOr() throws(AQLError) -> (AQLExpression, Int) {
        let position = current.position
        var (first, depth) = try parseAnd()
        guard isKeyword(.or) else { return (first, depth) }
        var operands = [first]
        while accept(.or) {
            let (e, d) = try parseAnd()
            operands.append(e)
            depth = max(depth, d)
        }
        first = AQLExpression(.or(operands), at: position)
        return (first, depth + 1)
    }

    mutating func parseAnd() throws(AQLError) -> (AQLExpression, Int) {
        let position = current.position
        var (first, depth) = try parseNot()
        guard isKeyword(.and) else { return (first, depth) }
        var operands = [first]
        while accept(.and) {
            let (e, d) = try parseNot()
            operands.append(e)
            depth = max(depth, d)
        }
        first = AQLExpression(.and(operands), at: position)
        return (first, depth + 1)
    }

    mutating func parseNot() throws(AQLError) -> (AQLExpression, Int) {
        if isKeyword(.not) {
            let position = current.position
            advance()
            try enter()
            defer { leave() }
            let (e, d) = try parseNot()
            try checkDepth(d + 1, at: position)
            return (AQLExpression(.not(e), at: position), d + 1)
        }
        return try parsePredicate()
    }

    mutating func parsePredicate() throws(AQLError) -> (AQLExpression, Int) {
        let position = current.position
        let (left, ld) = try parseAdditive()
        let t = current
        var comparison: AQLComparisonOperator?
        switch t.kind {
        case .equal, .doubleEqual: comparison = .equal
        case .notEqual, .lessGreater: comparison = .notEqual
        case .less: comparison = .less
        case .lessEqual: comparison = .lessOrEqual
        case .greater: comparison = .greater
        case .greaterEqual: comparison = .greaterOrEqual
        default: break
        }
        if let op = comparison {
            advance()
            let (right, rd) = try parseAdditive()
            let depth = max(ld, rd) + 1
            try checkDepth(depth, at: position)
            return (AQLExpression(.comparison(op, left, right), at: position), depth)
        }
        guard t.kind == .identifier, let keyword = t.keyword else { return (left, ld) }
        var negated = false
        var k = keyword
        if k == .not {
            guard let following = nextToken.kind == .identifier ? nextToken.keyword : nil,
                  [.like, .ilike, .matches, .imatches, .in, .between].contains(following) else {
                throw unexpected(at: nextToken, expected: ["LIKE", "ILIKE", "MATCHES", "IMATCHES", "IN", "BETWEEN"])
            }
            negated = true
            advance()
            k = following
        }
        switch k {
        case .like, .ilike, .matches, .imatches:
            advance()
            let op: AQLMatchOperator = k == .like ? .like : k == .ilike ? .ilike : k == .matches ? .matches : .imatches
            let (pattern, pd) = try parseAdditive()
            let depth = max(ld, pd) + 1
            try checkDepth(depth, at: position)
            return (AQLExpression(.match(op, value: left, pattern: pattern, negated: negated), at: position), depth)
        case .in:
            advance()
            try expect(.leftParen)
            if isKeyword(.select) {
                try enter()
                defer { leave() }
                let (sub, sd) = try parseQuery(nested: true)
                try expect(.rightParen)
                let depth = max(ld, sd) + 1
                try checkDepth(depth, at: position)
                return (AQLExpression(.inSubquery(left, sub, negated: negated), at: position), depth)
            }
            var items: [AQLExpression] = []
            var depth = ld
            repeat {
                let (e, d) = try parseExpression()
                items.append(e)
                depth = max(depth, d)
            } while accept(.comma)
            try expect(.rightParen)
            try checkDepth(depth + 1, at: position)
            return (AQLExpression(.inList(left, items, negated: negated), at: position), depth + 1)
        case .between:
            advance()
            let (low, lowD) = try parseAdditive()
            try expect(.and)
            let (high, highD) = try parseAdditive()
            let depth = max(ld, lowD, highD) + 1
            try checkDepth(depth, at: position)
            return (AQLExpression(.between(left, low: low, high: high, negated: negated), at: position), depth)
        case .is:
            advance()
            let isNot = accept(.not)
            try expect(.null)
            return (AQLExpression(.isNull(left, negated: isNot), at: position), ld + 1)
        default:
            return (left, ld)
        }
    }

    func arithmeticOperator(_ t: AQLToken) -> AQLArithmeticOperator? {
        switch t.kind {
        case .plus: return .add
        case .minus: return .subtract
        case .star: return .multiply
        case .slash: return .divide
        case .percent: return .modulo
        case .caret: return .power
        case .ampersand: return .bitAnd
        default: return nil
        }
    }

    /// Arithmetic and bitwise operators by precedence climbing.
    mutating func parseAdditive() throws(AQLError) -> (AQLExpression, Int) {
        try parseBinary(minPrecedence: 1)
    }

    mutating func parseBinary(minPrecedence: Int) throws(AQLError) -> (AQLExpression, Int) {
        let start = current.position
        var (left, depth) = try parseUnary()
        while let op = arithmeticOperator(current), op.precedence >= minPrecedence {
            let t = current
            advance()
            let nextMin = op == .power ? op.precedence : op.precedence + 1
            try enter()
            let (right, rd) = try parseBinary(minPrecedence: nextMin)
            leave()
            depth = max(depth, rd) + 1
            try checkDepth(depth, at: t.position)
            left = AQLExpression(.arithmetic(op, left, right), at: start)
        }
        return (left, depth)
    }

    mutating func parseUnary() throws(AQLError) -> (AQLExpression, Int) {
        let t = current
        if t.kind == .minus {
            advance()
            // `-5` is a negative literal; `-(5)` and `-x` are negations.
            if current.kind == .integer {
                let lit = current
                guard let v = integerValue(lit, negative: true) else { throw numberOutOfRange(lit) }
                advance()
                return (AQLExpression(.literal(.integer(v)), at: t.position), 1)
            }
            if current.kind == .decimal {
                let lit = current
                guard let v = decimalValue(lit) else { throw numberOutOfRange(lit) }
                advance()
                return (AQLExpression(.literal(.decimal(-v)), at: t.position), 1)
            }
            try enter()
            defer { leave() }
            let (e, d) = try parseUnary()
            try checkDepth(d + 1, at: t.position)
            return (AQLExpression(.negate(e), at: t.position), d + 1)
        }
        if t.kind == .plus {
            advance()
            try enter()
            defer { leave() }
            return try parseUnary()
        }
        return try parsePrimary()
    }

    func numberOutOfRange(_ t: AQLToken) -> AQLError {
        AQLError(at: t.position, expected: "a number in range", found: "\"\(AQLParser.clip(text(of: t)))\"",
                 message: "Number \(AQLParser.clip(text(of: t))) is out of range.")
    }

    mutating func parsePrimary() throws(AQLError) -> (AQLExpression, Int) {
        let t = current
        switch t.kind {
        case .integer:
            guard let v = integerValue(t) else { throw numberOutOfRange(t) }
            advance()
            return (AQLExpression(.literal(.integer(v)), at: t.position), 1)
        case .decimal:
            guard let v = decimalValue(t) else { throw numberOutOfRange(t) }
            advance()
            return (AQLExpression(.literal(.decimal(v)), at: t.position), 1)
        case .string:
            advance()
            return (AQLExpression(.literal(.string(stringValue(t))), at: t.position), 1)
        case .quotedIdentifier:
            advance()
            return (AQLExpression(.field(quotedValue(t)), at: t.position), 1)
        case .leftParen:
            advance()
            if isKeyword(.select) {
                throw unexpected(expected: ["an expression"], note: "Subqueries are only allowed in IN (SELECT …).")
            }
            let (e, d) = try parseExpression()
            try expect(.rightParen)
            return (e, d)
        case .identifier:
            return try parseIdentifierPrimary(t)
        default:
            throw unexpected(expected: ["an expression"])
        }
    }

    mutating func parseIdentifierPrimary(_ t: AQLToken) throws(AQLError) -> (AQLExpression, Int) {
        switch t.keyword {
        case .null?:
            advance()
            return (AQLExpression(.literal(.null), at: t.position), 1)
        case .true?:
            advance()
            return (AQLExpression(.literal(.boolean(true)), at: t.position), 1)
        case .false?:
            advance()
            return (AQLExpression(.literal(.boolean(false)), at: t.position), 1)
        case .case?:
            return try parseCase()
        case .text? where isKeyword(.search, at: nextToken):
            advance()
            advance()
            // IBM's sample-queries page writes `TEXT SEARCH = 'VPN Authenticated user'`.
            _ = accept(.equal)
            guard current.kind == .string else { throw unexpected(expected: ["<STRING_LITERAL>"]) }
            let s = stringValue(current)
            advance()
            return (AQLExpression(.textSearch(s), at: t.position), 1)
        default:
            break
        }
        if nextToken.kind == .leftParen, t.keyword == nil || !(t.keyword!.isReserved) || t.keyword == .last {
            return try parseFunctionCall()
        }
        if let k = t.keyword, k.isReserved {
            throw unexpected(expected: ["an expression"], note: k == .select ? nil : "Double-quote \(text(of: t)) to use it as a field name.")
        }
        advance()
        return (AQLExpression(.field(text(of: t)), at: t.position), 1)
    }

    mutating func parseFunctionCall() throws(AQLError) -> (AQLExpression, Int) {
        let nameToken = current
        let name = text(of: nameToken).uppercased()
        guard let function = AQLFunction.named(name) else {
            throw AQLError(at: nameToken.position, expected: "a known function", found: "\"\(text(of: nameToken))\"",
                           message: "Unknown function \(text(of: nameToken)).")
        }
        advance() // name
        advance() // (
        try enter()
        defer { leave() }
        var arguments: [AQLExpression] = []
        var distinct = false
        var depth = 0
        if current.kind == .star, nextToken.kind == .rightParen {
            guard function.name == "COUNT" else {
                throw unexpected(expected: ["an expression"], note: "Only COUNT accepts *.")
            }
            arguments.append(AQLExpression(.star, at: current.position))
            advance()
        } else if current.kind != .rightParen {
            if function.isAggregate, accept(.distinct) { distinct = true }
            repeat {
                let (e, d) = try parseExpression()
                arguments.append(e)
                depth = max(depth, d)
            } while accept(.comma)
        }
        guard current.kind == .rightParen else { throw unexpected(expected: ["\",\"", "\")\""]) }
        advance()
        guard function.accepts(argumentCount: arguments.count) else {
            throw AQLError(at: nameToken.position, expected: "\(function.arityDescription) argument(s)",
                           found: "\(arguments.count)",
                           message: "Function \(function.name) takes \(function.arityDescription) argument(s), not \(arguments.count).")
        }
        try checkDepth(depth + 1, at: nameToken.position)
        return (AQLExpression(.function(name: function.name, arguments: arguments, distinct: distinct), at: nameToken.position), depth + 1)
    }

    mutating func parseCase() throws(AQLError) -> (AQLExpression, Int) {
        let position = current.position
        advance() // CASE
        try enter()
        defer { leave() }
        var depth = 0
        var subject: AQLExpression?
        if !isKeyword(.when) {
            let (s, d) = try parseExpression()
            subject = s
            depth = d
        }
        var branches: [AQLCaseBranch] = []
        while accept(.when) {
            let (w, wd) = try parseExpression()
            try expect(.then)
            let (r, rd) = try parseExpression()
            branches.append(AQLCaseBranch(when: w, then: r))
            depth = max(depth, wd, rd)
        }
        if branches.isEmpty { throw unexpected(expected: ["WHEN"]) }
        var otherwise: AQLExpression?
        if accept(.else) {
            let (e, d) = try parseExpression()
            otherwise = e
            depth = max(depth, d)
        }
        guard accept(AQLKeyword.end) else { throw unexpected(expected: ["WHEN", "ELSE", "END"]) }
        try checkDepth(depth + 1, at: position)
        return (AQLExpression(.caseWhen(subject: subject, branches: branches, otherwise: otherwise), at: position), depth + 1)
    }

    // MARK: Literal values

    /// The text of a 'string' token with `''` unescaped.
    func stringValue(_ t: AQLToken) -> String { unquote(t, quote: 0x27) }

    /// The text of a "quoted identifier" token with `""` unescaped.
    func quotedValue(_ t: AQLToken) -> String { unquote(t, quote: 0x22) }

    func unquote(_ t: AQLToken, quote: UInt8) -> String {
        let inner = UnsafeBufferPointer(rebasing: bytes[(t.start + 1)..<(t.end - 1)])
        if !inner.contains(quote) { return String(decoding: inner, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = 0
        while i < inner.count {
            out.append(inner[i])
            i += (inner[i] == quote && i + 1 < inner.count && inner[i + 1] == quote) ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    func integerValue(_ t: AQLToken, negative: Bool = false) -> Int64? {
        var magnitude: UInt64 = 0
        var i = t.start
        if t.end - t.start > 2, bytes[i] == 0x30, bytes[i + 1] | 0x20 == 0x78 {
            i += 2
            while i < t.end {
                let b = bytes[i] | 0x20
                let digit = UInt64(b <= 0x39 ? b - 0x30 : b - 0x61 + 10)
                guard magnitude >> 60 == 0 else { return nil }
                magnitude = magnitude << 4 | digit
                i += 1
            }
        } else {
            while i < t.end {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(bytes[i] - 0x30))
                if o1 || o2 { return nil }
                magnitude = a
                i += 1
            }
        }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            return -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    func decimalValue(_ t: AQLToken) -> Double? {
        guard let d = Double(text(of: t)), d.isFinite else { return nil }
        return d
    }
}
