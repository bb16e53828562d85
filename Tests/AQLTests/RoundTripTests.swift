import Testing
@testable import AQL

@Suite struct RoundTripTests {
    /// The central printer property: for random ASTs, printing then parsing gives the same AST, and the
    /// canonical text is a fixed point.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomQueriesRoundTrip(seed: UInt64) throws {
        var gen = RandomQueryGenerator(seed: seed)
        for i in 0..<500 {
            let q = gen.query()
            let printed = AQL.print(q)
            let parsed: AQLQuery
            do {
                parsed = try AQL.parse(printed)
            } catch {
                Issue.record("seed \(seed) #\(i): \(error)\n\(printed)")
                continue
            }
            #expect(parsed == q, "seed \(seed) #\(i):\n\(printed)\nreprinted: \(AQL.print(parsed))")
            #expect(AQL.print(parsed) == printed)
            let formatted = AQL.format(q)
            #expect((try? AQL.parse(formatted)) == q, "format: \(formatted)")
        }
    }

    @Test func equalityIgnoresPositions() throws {
        let a = try AQL.parse("SELECT a FROM events WHERE b = 1")
        let b = try AQL.parse("select   a\n  from events\nwhere b=1")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        guard case .expression(let e, _) = b.select[0] else { return }
        #expect(e.position.line == 1 && e.position.column == 10)
    }

    @Test func canonicalForm() throws {
        let q = try AQL.parse("select \"sourceIP\", qidname(qid) as 'Event Name', count(*) from EVENTS where x == 1 and y <> 'a''b' group by \"sourceIP\" order by count(*) desc last 6 hours")
        #expect(AQL.print(q) == "SELECT sourceIP, QIDNAME(qid) AS 'Event Name', COUNT(*) FROM events WHERE x = 1 AND y != 'a''b' GROUP BY sourceIP ORDER BY COUNT(*) DESC LAST 6 HOURS")
        #expect(AQL.format(q) == """
            SELECT sourceIP, QIDNAME(qid) AS 'Event Name', COUNT(*)
            FROM events
            WHERE x = 1
              AND y != 'a''b'
            GROUP BY sourceIP
            ORDER BY COUNT(*) DESC
            LAST 6 HOURS
            """)
    }

    @Test func quotingOnlyWhereNeeded() throws {
        let q = AQLQuery(select: [.expression(.field("File Hash"), alias: "hash value"), .expression(.field("last"), alias: "ok_name")],
                         from: "events", where: .compare(.equal, .field("text"), .string("it's")))
        #expect(AQL.print(q) == "SELECT \"File Hash\" AS 'hash value', \"last\" AS ok_name FROM events WHERE text = 'it''s'")
        #expect(try AQL.parse(AQL.print(q)) == q)
    }

    @Test func negativeNumbersAndNegation() throws {
        let lit = AQLQuery(select: [.expression(.integer(-5), alias: nil), .expression(AQLExpression(.negate(.integer(5))), alias: nil),
                                    .expression(AQLExpression(.negate(.integer(-5))), alias: nil), .expression(.integer(Int64.min), alias: nil)],
                           from: "events")
        let text = AQL.print(lit)
        #expect(text == "SELECT -5, -(5), -(-5), -9223372036854775808 FROM events")
        #expect(try AQL.parse(text) == lit)
    }
}
