import Testing
@testable import AQL

struct TestLookups: AQLLookups {
    func qidName(_ qid: Int64) -> String? { ["1001": "Login Failed", "1002": "Login Succeeded"]["\(qid)"] }
    func logSourceName(_ id: Int64) -> String? { id == 65 ? "WindowsAuth @ dc01" : nil }
    func categoryName(_ category: Int64) -> String? { category == 3 ? "Authentication" : nil }
    func referenceSetContains(_ set: String, _ value: AQLValue) -> Bool {
        set == "Admins" && value == .string("root")
    }
    func ruleName(_ id: Int64) -> String? { "Rule \(id)" }
}

/// A small event table; starttime values sit inside the default 5-minute window before `now`.
enum Fixture {
    static let now: Int64 = 1_700_000_000_000
    static let columns = ["starttime", "sourceip", "destinationip", "destinationport", "username", "qid", "logsourceid",
                          "magnitude", "eventcount", "payload", "creEventList", "category"]
    static func table() -> AQLMemoryTable {
        let t = now - 60_000
        let rows: [[AQLValue]] = [
            [.long(t + 1), "10.0.0.1", "192.168.1.10", 22, "alice", 1001, 65, 5, 1, "ssh login failed for alice", .array([100, 200]), 3],
            [.long(t + 2), "10.0.0.2", "192.168.1.10", 22, "bob", 1001, 65, 7, 2, "ssh login failed for bob", .array([]), 3],
            [.long(t + 3), "10.0.0.1", "192.168.1.11", 443, "alice", 1002, 65, 3, 1, "https login ok", .array([100]), 3],
            [.long(t + 4), "172.16.5.4", "8.8.8.8", 53, .null, 1002, 70, 1, 4, "dns query example.com", .null, 5],
            [.long(t + 5), "2001:db8::1", "192.168.1.12", 23456, "root", 1001, 65, 9, 1, "telnet root", .array([300]), 3],
            // Outside the default window: ten minutes old.
            [.long(now - 600_000), "10.9.9.9", "192.168.1.10", 22, "old", 1001, 65, 5, 1, "old event", .null, 3],
        ]
        return AQLMemoryTable(database: "events", columns: columns, rows: rows)
    }
    static func run(_ text: String, now: Int64 = Fixture.now) throws -> AQLResultSet {
        let q = try AQL.parse(text)
        return try AQLEvaluator(lookups: TestLookups(), now: now).run(q, on: table())
    }
}

@Suite struct EvaluatorTests {
    @Test func defaultWindowIsFiveMinutes() throws {
        let r = try Fixture.run("SELECT username FROM events")
        #expect(r.rows.count == 5)
        #expect(!r.rows.contains([.string("old")]))
        let all = try Fixture.run("SELECT username FROM events LAST 1 HOURS")
        #expect(all.rows.count == 6)
    }

    @Test func looseLiteralTyping() throws {
        let r = try Fixture.run("SELECT username FROM events WHERE destinationport = '23456'")
        #expect(r.rows == [[.string("root")]])
    }

    @Test func nullSemantics() throws {
        // username is NULL on one row: = never matches it, != does.
        let eq = try Fixture.run("SELECT sourceip FROM events WHERE username = 'alice'")
        #expect(eq.rows.count == 2)
        let ne = try Fixture.run("SELECT sourceip FROM events WHERE username != 'alice'")
        #expect(ne.rows.count == 3)
        #expect(ne.rows.contains([.string("172.16.5.4")]))
        let isNull = try Fixture.run("SELECT sourceip FROM events WHERE username IS NULL")
        #expect(isNull.rows == [[.string("172.16.5.4")]])
    }

    @Test func functionColumnNames() throws {
        let r = try Fixture.run("SELECT QIDNAME(qid), LOGSOURCENAME(logsourceid), sourceIP, UTF8(payload), COUNT(*) AS n FROM events GROUP BY qid")
        // IBM: a grouped query returns an un-grouped, un-aggregated field as FIRST_<field>.
        #expect(r.columns == ["qidname_qid", "logsourcename_logsourceid", "FIRST_sourceIP", "utf8_payload", "n"])
        let plain = try Fixture.run("SELECT QIDNAME(qid), sourceIP, \"destinationip\" FROM events")
        #expect(plain.columns == ["qidname_qid", "sourceIP", "destinationip"])
    }

    @Test func groupingAndAggregates() throws {
        let r = try Fixture.run("SELECT sourceip, COUNT(*) AS c, SUM(eventcount) AS s, MAX(magnitude) FROM events GROUP BY sourceip ORDER BY c DESC, sourceip")
        #expect(r.columns == ["sourceip", "c", "s", "MAX_magnitude"])
        #expect(r.rows.first == [.string("10.0.0.1"), .long(2), .long(2), .long(5)])
        #expect(r.rows.count == 4)
    }

    @Test func havingUsesAliases() throws {
        let r = try Fixture.run("SELECT username, COUNT(*) AS attempts FROM events WHERE qid = 1001 GROUP BY username HAVING attempts >= 1 ORDER BY username")
        #expect(r.rows.map { $0[0] } == [.string("alice"), .string("bob"), .string("root")])
    }

    @Test func globalAggregateOnNoRows() throws {
        let r = try Fixture.run("SELECT COUNT(*) FROM events WHERE username = 'nobody'")
        #expect(r.columns == ["COUNT"])
        #expect(r.rows == [[.long(0)]])
    }

    @Test func likeMatchesIncidr() throws {
        #expect(try Fixture.run("SELECT username FROM events WHERE payload LIKE 'ssh%'").rows.count == 2)
        #expect(try Fixture.run("SELECT username FROM events WHERE payload ILIKE '%LOGIN%'").rows.count == 3)
        #expect(try Fixture.run("SELECT username FROM events WHERE username LIKE '_ob'").rows == [[.string("bob")]])
        #expect(try Fixture.run("SELECT username FROM events WHERE payload MATCHES 'fail(ed)? for b'").rows == [[.string("bob")]])
        #expect(try Fixture.run("SELECT username FROM events WHERE payload IMATCHES '^SSH'").rows.count == 2)
        #expect(try Fixture.run("SELECT username FROM events WHERE INCIDR('10.0.0.0/8', sourceip)").rows.count == 3)
        #expect(try Fixture.run("SELECT username FROM events WHERE INCIDR('2001:db8::/32', sourceip)").rows == [[.string("root")]])
    }

    @Test func aliasInWhere() throws {
        let r = try Fixture.run("SELECT QIDNAME(qid) AS qidname, username FROM events WHERE qidname ILIKE '%succeeded%'")
        #expect(r.rows.count == 2)
    }

    @Test func textSearchAndLookups() throws {
        #expect(try Fixture.run("SELECT username FROM events WHERE TEXT SEARCH 'login AND failed'").rows.count == 2)
        #expect(try Fixture.run("SELECT username FROM events WHERE REFERENCESETCONTAINS('Admins', username)").rows == [[.string("root")]])
        let r = try Fixture.run("SELECT RULENAME(creEventList) FROM events WHERE username = 'alice' ORDER BY starttime")
        #expect(r.rows[0] == [.array([.string("Rule 100"), .string("Rule 200")])])
    }

    @Test func caseAndArithmetic() throws {
        let r = try Fixture.run("SELECT CASE WHEN magnitude > 5 THEN 'high' ELSE 'low' END AS sev, magnitude * 2 + 1 AS m, CASE destinationport WHEN 22 THEN 'ssh' END AS svc FROM events ORDER BY magnitude DESC LIMIT 2")
        #expect(r.rows == [[.string("high"), .long(19), .null], [.string("high"), .long(15), .string("ssh")]])
    }

    @Test func subquery() throws {
        let r = try Fixture.run("SELECT DISTINCT username FROM events WHERE sourceip IN (SELECT sourceip FROM events WHERE destinationport = 443)")
        #expect(r.rows == [[.string("alice")]])
    }
}
