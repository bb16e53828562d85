@testable import AQL

/// Builds random ASTs of the shapes the parser produces, for the `parse(print(ast)) == ast` property.
struct RandomQueryGenerator {
    var rng: SeededGenerator
    /// Remaining expression depth budget.
    var maxDepth = 5

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }

    static let fieldNames = ["sourceip", "sourceIP", "destinationPort", "username", "qid", "magnitude", "payload",
                             "creEventList", "File Hash", "Process CommandLine", "last", "select", "text", "search",
                             "it's", "quote\"d", "naïve", "GEO::LOOKUP", "x1", "_under", "", "123abc", "Stop", "count"]

    mutating func name() -> String {
        if chance(0.7) { return pick(RandomQueryGenerator.fieldNames) }
        let alphabet = Array("abcXYZ_09 '\"é-:.")
        return String((0..<int(1...8)).map { _ in pick(alphabet) })
    }

    mutating func string() -> String {
        let samples = ["", "abc", "O'Brien", "''", "%adm_n%", "\\\\127.0.0.1\\ADMIN$", "日本語", "line\nbreak", "tab\there", "\"dq\"", "a''b'"]
        if chance(0.6) { return pick(samples) }
        let alphabet = Array("ab%_' \\\"Zé€😀\n")
        return String((0..<int(0...10)).map { _ in pick(alphabet) })
    }

    mutating func literal() -> AQLExpression {
        switch int(0...6) {
        case 0: return .string(string())
        case 1: return .integer(Int64.random(in: -1_000_000...1_000_000, using: &rng))
        case 2: return .integer(pick([Int64.max, Int64.min, 0, -1, 0xFF00_0000]))
        case 3:
            let d = pick([0.5, -2.25, 1e20, 1e-7, 3.0, -0.0, 123456.789, Double.ulpOfOne, 1.7976931348623157e308])
            return .decimal(d)
        case 4: return .boolean(chance(0.5))
        case 5: return .null
        default: return .string(pick(["2024-01-31 10:00", "now", "1 hour ago"]))
        }
    }

    mutating func leaf() -> AQLExpression {
        chance(0.5) ? .field(name()) : literal()
    }

    mutating func expression(_ depth: Int = 0) -> AQLExpression {
        if depth >= maxDepth || chance(0.25) { return leaf() }
        let d = depth + 1
        switch int(0...15) {
        case 0: return AQLExpression(.negate(expression(d)))
        case 1: return AQLExpression(.not(expression(d)))
        case 2: return AQLExpression(.arithmetic(pick(AQLArithmeticOperator.allCases), expression(d), expression(d)))
        case 3: return AQLExpression(.comparison(pick(AQLComparisonOperator.allCases), expression(d), expression(d)))
        case 4: return AQLExpression(.and((0..<int(2...4)).map { _ in expression(d) }))
        case 5: return AQLExpression(.or((0..<int(2...4)).map { _ in expression(d) }))
        case 6: return AQLExpression(.match(pick(AQLMatchOperator.allCases), value: expression(d), pattern: expression(d), negated: chance(0.3)))
        case 7: return AQLExpression(.inList(expression(d), (0..<int(1...4)).map { _ in expression(d) }, negated: chance(0.3)))
        case 8:
            var sub = RandomQueryGenerator(seed: rng.next())
            sub.maxDepth = max(1, maxDepth - d - 1)
            return AQLExpression(.inSubquery(expression(d), sub.query(nested: true), negated: chance(0.3)))
        case 9: return AQLExpression(.between(expression(d), low: expression(d), high: expression(d), negated: chance(0.3)))
        case 10: return AQLExpression(.isNull(expression(d), negated: chance(0.5)))
        case 11: return AQLExpression(.textSearch(string()))
        case 12, 13: return function(d)
        case 14:
            let subject: AQLExpression? = chance(0.5) ? expression(d) : nil
            let branches = (0..<int(1...3)).map { _ in AQLCaseBranch(when: expression(d), then: expression(d)) }
            return AQLExpression(.caseWhen(subject: subject, branches: branches, otherwise: chance(0.5) ? expression(d) : nil))
        default: return leaf()
        }
    }

    mutating func function(_ depth: Int) -> AQLExpression {
        let f = pick(AQLFunction.all)
        if f.name == "COUNT", chance(0.3) {
            return AQLExpression(.function(name: "COUNT", arguments: chance(0.8) ? [.star] : [], distinct: false))
        }
        let maxArgs = f.maxArguments ?? (f.minArguments + 3)
        let n = int(f.minArguments...max(f.minArguments, maxArgs))
        let args = (0..<n).map { _ in expression(depth) }
        let distinct = f.isAggregate && !args.isEmpty && chance(0.2)
        return AQLExpression(.function(name: f.name, arguments: args, distinct: distinct))
    }

    mutating func timeBound() -> AQLExpression {
        switch int(0...3) {
        case 0: return .string(pick(["2014-04-25 15:51", "2014-04-25 15:51:20", "2014/04/25 15:51:20", "2014/04/25-15:51:20",
                                     "2014:04:25-15:51:20", "2016-04-25 14:00Z", "2024-02-29 23:59:59z"]))
        case 1: return .integer(Int64.random(in: 0...2_000_000_000_000, using: &rng))
        case 2: return .call("PARSEDATETIME", .string(pick(["1 hour ago", "now", "2 days ago"])))
        default: return AQLExpression(.arithmetic(.subtract, .call("NOW"), .integer(3_600_000)))
        }
    }

    mutating func query(nested: Bool = false) -> AQLQuery {
        var select: [AQLSelectItem] = []
        for _ in 0..<int(1...4) {
            if chance(0.15) { select.append(.all(.synthesized)); continue }
            let alias: String? = chance(0.4) ? name() : nil
            select.append(.expression(expression(), alias: alias))
        }
        var q = AQLQuery(distinct: chance(0.1), select: select, from: pick(["events", "flows", "simarc"]))
        if chance(0.2) { q.into = name() }
        if chance(0.7) { q.where = expression() }
        if chance(0.3) { q.groupBy = (0..<int(1...3)).map { _ in expression(maxDepth - 1) } }
        if chance(0.2) { q.having = expression() }
        if chance(0.3) {
            q.orderBy = (0..<int(1...3)).map { _ in
                AQLOrderItem(expression(maxDepth - 1), chance(0.5) ? .descending : .ascending,
                             collation: chance(0.2) ? pick(["de-CH", "en", "it's"]) : nil)
            }
        }
        if chance(0.3) { q.limit = Int64(int(0...100_000)) }
        switch int(0...3) {
        case 0: q.time = .last(Int64(int(0...1000)), pick(AQLTimeUnit.allCases))
        case 1: q.time = .startStop(start: timeBound(), stop: chance(0.7) ? timeBound() : nil)
        default: break
        }
        if !nested, chance(0.15) {
            q.parameters = (0..<int(1...3)).map { _ in
                AQLParameter(name: pick(["snapshotsize", "PROGRESSDETAILSRESOLUTION", "REMOTESERVERS"]),
                             value: chance(0.5) ? .integer(Int64(int(0...99))) : .call("ARIELSERVERS4EPID", .integer(8)))
            }
        }
        return q
    }
}
