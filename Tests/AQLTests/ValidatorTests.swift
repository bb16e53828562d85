import Testing
@testable import AQL

@Suite struct ValidatorTests {
    let validator = AQLValidator(customProperties: ["File Hash"])

    func errors(_ text: String) throws -> [String] {
        try validator.errors(AQL.parse(text)).map(\.message)
    }

    func warnings(_ text: String) throws -> [String] {
        try validator.validate(AQL.parse(text)).filter { $0.severity == .warning }.map(\.message)
    }

    @Test func acceptsGoodQueries() throws {
        #expect(try errors("SELECT sourceip, \"File Hash\", QIDNAME(qid) AS name FROM events WHERE name ILIKE '%x%' AND destinationport = '443' LAST 1 HOURS").isEmpty)
        #expect(try errors("SELECT sourceip, COUNT(*) AS c FROM events GROUP BY sourceip HAVING c > 5 ORDER BY c DESC").isEmpty)
        #expect(try errors("SELECT sourcebytes + destinationbytes AS total FROM flows WHERE hasoffense = 'true'").isEmpty)
    }

    @Test func unknownFieldsAndFunctions() throws {
        let e = try errors("SELECT nosuchfield FROM events")
        #expect(e.count == 1 && e[0].contains("Unknown field"))
        // Custom properties are configurable.
        #expect(try errors("SELECT \"Process Name\" FROM events").count == 1)
        #expect(try AQLValidator(customProperties: ["Process Name"]).errors(AQL.parse("SELECT \"Process Name\" FROM events")).isEmpty)
        // Functions built in code (the parser already rejects unknown ones in text).
        let q = AQLQuery(select: [.expression(.call("NOSUCH", .field("qid")), alias: nil), .expression(.call("QIDNAME"), alias: nil)], from: "events")
        let msgs = validator.errors(q).map(\.message)
        #expect(msgs.contains { $0.contains("Unknown function NOSUCH") })
        #expect(msgs.contains { $0.contains("takes 1 argument") })
        #expect(try errors("SELECT * FROM nosuchdb").first?.contains("Unknown database") == true)
    }

    @Test func aggregatesAndGrouping() throws {
        #expect(try errors("SELECT sourceip FROM events WHERE COUNT(*) > 1 GROUP BY sourceip").first?.contains("not allowed in WHERE") == true)
        #expect(try errors("SELECT SUM(MAX(magnitude)) FROM events").first?.contains("nested") == true)
        #expect(try errors("SELECT sourceip, COUNT(*) FROM events HAVING COUNT(*) > 1").first?.contains("HAVING requires GROUP BY") == true)
        // QRadar runs this and returns the first value, so it is a warning, not an error.
        let w = try warnings("SELECT username, sourceip, COUNT(*) FROM events GROUP BY username")
        #expect(w.contains { $0.contains("sourceip") && $0.contains("first value") })
        #expect(try errors("SELECT username, sourceip, COUNT(*) FROM events GROUP BY username").isEmpty)
        #expect(try errors("SELECT sourceip, MAX(magnitude) AS m FROM events GROUP BY sourceip HAVING m > 2").isEmpty)
        #expect(try errors("SELECT COUNT(*) AS c FROM events WHERE c > 1").first?.contains("aggregate alias") == true)
    }

    @Test func typeMismatches() throws {
        #expect(try errors("SELECT * FROM events WHERE destinationport = 'ssh'").first?.contains("Cannot compare") == true)
        #expect(try errors("SELECT * FROM events WHERE destinationport = '22'").isEmpty)
        #expect(try errors("SELECT * FROM events WHERE hasoffense = 'maybe'").first?.contains("bool") == true)
        #expect(try errors("SELECT username + 1 FROM events").first?.contains("needs numbers") == true)
        #expect(try errors("SELECT sourceip * 2 FROM events").first?.contains("LONG()") == true)
        #expect(try errors("SELECT SUM(username) FROM events").first?.contains("must be double") == true)
        #expect(try errors("SELECT * FROM events WHERE INCIDR('10.0.0.0/33', sourceip)").first?.contains("CIDR") == true)
        #expect(try errors("SELECT * FROM events WHERE username MATCHES '(unclosed'").first?.contains("regular expression") == true)
        #expect(try errors("SELECT * FROM events WHERE sourceip = 5").first?.contains("LONG(") == true)
        #expect(try errors("SELECT * FROM events WHERE qid").first?.contains("condition") == true)
        #expect(try warnings("SELECT * FROM events WHERE payload LIKE '%x%'").first?.contains("UTF8") == true)
        #expect(try errors("SELECT * FROM events WHERE LONG(sourceip) & 255 = 1").isEmpty)
    }

    @Test func textSearchOnlyOnce() throws {
        #expect(try errors("SELECT * FROM events WHERE TEXT SEARCH 'a' AND TEXT SEARCH 'b'").first?.contains("Only one TEXT SEARCH") == true)
        #expect(try errors("SELECT * FROM events WHERE TEXT SEARCH 'a b'").isEmpty)
    }

    @Test func subqueriesAndTime() throws {
        #expect(try errors("SELECT * FROM events WHERE sourceip IN (SELECT sourceip, destinationip FROM flows)").first?.contains("exactly one column") == true)
        #expect(try errors("SELECT * FROM events WHERE sourceip IN (SELECT nosuch FROM flows)").first?.contains("Unknown field") == true)
        #expect(try errors("SELECT * FROM events START '2024-01-02 00:00' STOP '2024-01-01 00:00'").first?.contains("START must precede STOP") == true)
        #expect(try errors("SELECT * FROM events START PARSEDATETIME('1 hour ago')").isEmpty)
    }

    @Test func diagnosticsCarryPositions() throws {
        let d = try validator.validate(AQL.parse("SELECT sourceip\nFROM events\nWHERE bogus = 1"))
        #expect(d.first?.position.line == 3)
        #expect(d.first?.position.column == 7)
        #expect(d.first?.code == 2000)
        #expect(validator.validate(text: "SELECT FROM").first?.severity == .error)
    }
}
