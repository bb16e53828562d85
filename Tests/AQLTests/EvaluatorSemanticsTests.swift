import Testing
@testable import AQL

/// A table that is not an AQLMemoryTable, exercising the generic access path and the full scan.
struct UnsortedTable: AQLTable {
    let database = "events"
    let names = ["starttime", "sourceip", "magnitude", "username"]
    let data: [[AQLValue]]
    var rowCount: Int { data.count }
    var columnNames: [String] { names }
    func columnIndex(named name: String) -> Int? { names.firstIndex { $0.lowercased() == name.lowercased() } }
    func value(row: Int, column: Int) -> AQLValue { data[row][column] }
    func startTime(row: Int) -> Int64 { data[row][0].longValue ?? 0 }
}

struct GeoLookups: AQLLookups {
    func geoLookup(_ ip: String, _ attribute: String) -> AQLValue {
        let places: [String: (Double, Double, String)] = ["1.1.1.1": (48.8566, 2.3522, "Paris"), "2.2.2.2": (51.5074, -0.1278, "London")]
        guard let p = places[ip] else { return .null }
        switch attribute {
        case "latitude": return .double(p.0)
        case "longitude": return .double(p.1)
        case "city": return .string(p.2)
        default: return .null
        }
    }
}

@Suite struct EvaluatorSemanticsTests {
    // 2014-04-25 15:51:00 UTC
    static let base: Int64 = 1_398_441_060_000

    func table() -> AQLMemoryTable {
        let rows: [[AQLValue]] = (0..<10).map { i in
            [.long(EvaluatorSemanticsTests.base + Int64(i) * 30_000), .string("10.0.0.\(10 - i)"), .long(Int64(i % 4)), i % 3 == 0 ? .null : .string("u\(i % 3)")]
        }
        return AQLMemoryTable(columns: ["starttime", "sourceip", "magnitude", "username"], rows: rows)
    }

    func run(_ text: String, now: Int64 = base + 3_600_000, zone: Int64 = 0, on table: (any AQLTable)? = nil) throws -> AQLResultSet {
        let evaluator = AQLEvaluator(lookups: GeoLookups(), now: now, timeZoneOffsetMillis: zone)
        if let table { return try evaluator.run(AQL.parse(text), on: table) }
        return try evaluator.run(AQL.parse(text), on: self.table())
    }

    @Test func startStopUsesWholeMinutes() throws {
        // Rows every 30 s from 15:51:00; START '15:52:20' covers from 15:52:00, STOP '15:53:10' to 15:53:59.
        let r = try run("SELECT starttime FROM events START '2014-04-25 15:52:20' STOP '2014-04-25 15:53:10'")
        #expect(r.rows.map { $0[0] } == [2, 3, 4, 5].map { AQLValue.long(EvaluatorSemanticsTests.base + $0 * 30_000) })
        // Epoch milliseconds are accepted unquoted; a Z suffix means UTC even with a console zone.
        let z = try run("SELECT starttime FROM events START '2014-04-25 15:51Z' STOP '2014-04-25 15:51Z'", zone: 7_200_000)
        #expect(z.rows.count == 2)
        let local = try run("SELECT starttime FROM events START '2014-04-25 17:51' STOP '2014-04-25 17:51'", zone: 7_200_000)
        #expect(local.rows.count == 2)
        let epoch = try run("SELECT starttime FROM events START \(EvaluatorSemanticsTests.base + 60_000) STOP \(EvaluatorSemanticsTests.base + 60_000)")
        #expect(epoch.rows.count == 2)
        #expect(throws: AQLError.self) { try run("SELECT * FROM events START '2014-04-26 00:00' STOP '2014-04-25 00:00'") }
    }

    @Test func lastAndParseDateTime() throws {
        let now = EvaluatorSemanticsTests.base + 270_001 // just after the last row
        #expect(try run("SELECT * FROM events LAST 2 MINUTES", now: now).rows.count == 4)
        #expect(try run("SELECT * FROM events LAST 30 SECONDS", now: now).rows.count == 1)
        #expect(try run("SELECT * FROM events START PARSEDATETIME('3 minutes ago')", now: now).rows.count == 8)
        // Default window: five minutes.
        #expect(try run("SELECT * FROM events", now: now).rows.count == 10)
        #expect(try run("SELECT * FROM events", now: now + 120_000).rows.count == 6)
    }

    @Test func genericTablePathMatchesMemoryTable() throws {
        let memory = table()
        let generic = UnsortedTable(data: (0..<memory.rowCount).reversed().map { r in (0..<4).map { memory.value(row: r, column: $0) } })
        for text in ["SELECT sourceip, magnitude FROM events WHERE magnitude >= 2 ORDER BY sourceip LAST 1 DAYS",
                     "SELECT username, COUNT(*) AS c, SUM(magnitude) AS s FROM events GROUP BY username ORDER BY c DESC, username LAST 1 DAYS",
                     "SELECT * FROM events WHERE username IS NULL ORDER BY starttime LAST 1 DAYS"] {
            #expect(try run(text, on: memory) == run(text, on: generic), "\(text)")
        }
        #expect(try run("SELECT * FROM events LAST 1 DAYS", on: generic).columns == ["starttime", "sourceip", "magnitude", "username"])
    }

    @Test func orderingNullsIPsAndLimits() throws {
        let r = try run("SELECT sourceip FROM events ORDER BY sourceip LIMIT 3 LAST 1 DAYS")
        #expect(r.rows == [["10.0.0.1"], ["10.0.0.2"], ["10.0.0.3"]]) // numeric IP order, not text order
        let u = try run("SELECT username FROM events ORDER BY username DESC LAST 1 DAYS")
        #expect(u.rows.last == [.null])
        #expect(u.rows.first == ["u2"])
        let d = try run("SELECT DISTINCT username FROM events ORDER BY username LIMIT 2 LAST 1 DAYS")
        #expect(d.rows == [[.null], ["u1"]])
        #expect(try run("SELECT * FROM events LIMIT 0 LAST 1 DAYS").rows.isEmpty)
    }

    @Test func aggregates() throws {
        let r = try run("""
            SELECT COUNT(*) AS n, COUNT(username) AS nu, UNIQUECOUNT(username) AS uu, SUM(magnitude) AS s, AVG(magnitude) AS a,
                   MIN(sourceip) AS lo, MAX(magnitude) AS hi, FIRST(sourceip) AS f, LAST(sourceip) AS l, STDEVP(magnitude) AS sd,
                   COUNT(DISTINCT magnitude) AS dm
            FROM events LAST 1 DAYS
            """)
        // magnitudes: 0 1 2 3 0 1 2 3 0 1 → sum 13, mean 1.3, population variance 1.21.
        #expect(r.rows.count == 1)
        let row = r.rows[0]
        #expect(row[0] == .long(10) && row[1] == .long(6) && row[2] == .long(2) && row[3] == .long(13))
        #expect(row[4] == .double(1.3))
        #expect(row[5] == "10.0.0.1" && row[6] == .long(3) && row[7] == "10.0.0.10" && row[8] == "10.0.0.1")
        if case .double(let sd) = row[9] { #expect(abs(sd - 1.1) < 1e-12) } else { Issue.record("STDEVP not a double") }
        #expect(row[10] == .long(4))
    }

    @Test func scalarFunctions() throws {
        let r = try run("""
            SELECT LONG('10.0.0.1') AS l, LONG('10.0.0.1') & 0xFF000000 AS net, STR(42) AS s, LOWER('AbC') AS lo, UPPER('x') AS up,
                   STRLEN('héllo') AS n, SUBSTRING('username', 0, 4) AS sub, CONCAT('a', 1, NULL, 'b') AS c, BASE64('hello') AS b64,
                   REPLACEALL('\\d', 'a1b22', '#') AS ra, REPLACEFIRST('(\\w)(\\d)', 'a1b2', '$2$1') AS rf, DOUBLE('2.5') AS d,
                   DATEFORMAT(1398441080000, 'yyyy-MM-dd HH:mm:ss') AS df, STRPOS('abcabc', 'c') AS p, NOW() AS now,
                   GEO::LOOKUP('1.1.1.1', 'city') AS city, GEO::DISTANCE('1.1.1.1', '2.2.2.2') AS km, PROTOCOLNAME(6) AS proto
            FROM events LIMIT 1 LAST 1 DAYS
            """)
        let v = Dictionary(uniqueKeysWithValues: zip(r.columns, r.rows[0]))
        #expect(v["l"] == .long(167_772_161))
        #expect(v["net"] == .long(167_772_160))
        #expect(v["s"] == "42" && v["lo"] == "abc" && v["up"] == "X" && v["n"] == .long(5) && v["sub"] == "user")
        #expect(v["c"] == "a1b" && v["b64"] == "aGVsbG8=" && v["ra"] == "a#b##" && v["rf"] == "1ab2" && v["d"] == .double(2.5))
        #expect(v["df"] == "2014-04-25 15:51:20" && v["p"] == .long(2) && v["now"] == .long(EvaluatorSemanticsTests.base + 3_600_000))
        #expect(v["city"] == "Paris" && v["proto"] == "TCP")
        if case .double(let km)? = v["km"] { #expect(abs(km - 343.5) < 1.0) } else { Issue.record("GEO::DISTANCE") }
    }

    @Test func errorsAreAQLErrors() throws {
        do {
            _ = try run("SELECT nosuch FROM events")
            Issue.record("expected an error")
        } catch let error as AQLError {
            #expect(error.message.contains("unknown field"))
            #expect(error.column == 8)
        }
        #expect(throws: AQLError.self) { try run("SELECT * FROM flows") }
        #expect(throws: AQLError.self) { try run("SELECT * FROM events WHERE username MATCHES '(bad'") }
        #expect(throws: AQLError.self) { try run("SELECT * FROM events WHERE COUNT(*) > 1") }
    }

    @Test func quotedAliasInOrderBy() throws {
        let r = try run("SELECT username, COUNT(*) AS 'count' FROM events GROUP BY username ORDER BY 'count' DESC LAST 1 DAYS")
        #expect(r.rows.map { $0[1] } == [.long(4), .long(3), .long(3)])
    }

    @Test func timeWindowIsExposed() throws {
        let e = AQLEvaluator(lookups: AQLDefaultLookups(), now: 1_000_000)
        #expect(try e.timeWindow(of: AQL.parse("SELECT * FROM events")) == 700_000..<1_000_001)
        #expect(try e.timeWindow(of: AQL.parse("SELECT * FROM events START 60000 STOP 120500")) == 60_000..<180_000)
    }
}
