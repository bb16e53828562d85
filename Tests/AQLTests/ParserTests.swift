import Testing
@testable import AQL

@Suite struct ParserTests {
    @Test func simpleSelect() throws {
        let q = try AQL.parse("select sourceIP, QIDNAME(qid) as 'Event Name' from events where destinationport = 443 last 10 minutes")
        #expect(q.from == "events")
        #expect(q.select.count == 2)
        #expect(q.select[0] == .expression(.field("sourceIP"), alias: nil))
        #expect(q.select[1] == .expression(.call("QIDNAME", .field("qid")), alias: "Event Name"))
        #expect(q.where == .compare(.equal, .field("destinationport"), .integer(443)))
        #expect(q.time == .last(10, .minutes))
        #expect(AQL.print(q) == "SELECT sourceIP, QIDNAME(qid) AS 'Event Name' FROM events WHERE destinationport = 443 LAST 10 MINUTES")
    }

    @Test func keywordsAreCaseInsensitive() throws {
        let a = try AQL.parse("SELECT * FROM EVENTS WHERE a=1 AND b=2 LIMIT 5 LAST 2 HOURS")
        let b = try AQL.parse("select * from events where a=1 and b=2 limit 5 last 2 hours")
        #expect(a == b)
    }

    @Test func positionsAreReported() throws {
        do {
            _ = try AQL.parse("SELECT *\nFORM events")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 1)
            #expect(error.found == "\"FORM\"")
            #expect(error.code == 2000)
            #expect(error.message.contains("Was expecting"))
        }
    }

    @Test func operatorsRoundTrip() throws {
        let texts = [
            "SELECT * FROM events WHERE a == 1 OR b <> 2 OR c != 3",
            "SELECT * FROM flows WHERE sourcebytes % 8 == 7 AND (LONG(sourceip) & 0xFF000000) = 167772160",
            "SELECT * FROM events WHERE username ILIKE '%adm_n%' AND NOT payload MATCHES '^a.*' AND x NOT IN (1, 2, 3)",
            "SELECT * FROM events WHERE magnitude BETWEEN 3 AND 7 AND username IS NOT NULL AND hostname IS NULL",
            "SELECT * FROM events WHERE INCIDR('10.0.0.0/8', sourceip) AND TEXT SEARCH 'foo AND bar'",
            "SELECT * FROM events WHERE sourceip IN (SELECT destinationip FROM flows WHERE destinationport = 22 LAST 1 HOURS)",
            "SELECT 2 ^ 3 ^ 2, (2 ^ 3) ^ 2, -2 ^ 2, -(2), - -x, a - -5, a - (b - c), (a - b) - c FROM events",
            "SELECT CASE WHEN magnitude > 5 THEN 'high' ELSE 'low' END AS sev, CASE flowtype WHEN 0 THEN 'Standard' WHEN 3 THEN 'Scan' END FROM flows",
            "SELECT COUNT(*), COUNT(DISTINCT sourceip), SUM(eventcount) FROM events GROUP BY qid HAVING COUNT(*) > 5 ORDER BY COUNT(*) DESC COLLATE 'de-DE' LIMIT 10",
            "SELECT * FROM events START '2024-01-02 10:00' STOP '2024-01-02 11:00:30Z'",
            "SELECT * FROM events START 1464744600123 STOP 1464747600123 PARAMETERS snapshotsize=2, PROGRESSDETAILSRESOLUTION=10",
            "SELECT * FROM events START PARSEDATETIME('1 hour ago') STOP PARSEDATETIME('now')",
            "SELECT \"File Hash\", \"sourceIP\" AS 'it''s' FROM events INTO 'my search' WHERE \"URL Host\" = 'O''Brien'",
            "SELECT GEO::LOOKUP(sourceip, 'city'), 1.5, 1e20, true, NULL FROM simarc",
        ]
        for text in texts {
            let q = try AQL.parse(text)
            let printed = AQL.print(q)
            let again = try AQL.parse(printed)
            #expect(again == q, "\(text)\n→ \(printed)")
            #expect(AQL.print(again) == printed)
            let formatted = AQL.format(q)
            #expect(try AQL.parse(formatted) == q, "\(formatted)")
        }
    }

    @Test func precedence() throws {
        let q = try AQL.parse("SELECT a + b * c, a * b + c FROM events WHERE NOT a = 1 OR b = 2 AND c = 3")
        guard case .expression(let e0, _) = q.select[0], case .arithmetic(.add, _, let rhs) = e0.kind,
              case .arithmetic(.multiply, _, _) = rhs.kind else {
            Issue.record("a + b * c misparsed"); return
        }
        guard case .or(let ops)? = q.where?.kind, ops.count == 2, case .not = ops[0].kind, case .and = ops[1].kind else {
            Issue.record("NOT/AND/OR misparsed"); return
        }
    }
}
