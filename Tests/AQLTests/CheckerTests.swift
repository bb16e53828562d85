import Testing
@testable import AQL

@Suite struct CheckerTests {
    @Test func linesMode() {
        let (out, failures) = AQLChecker.check(text: "select * from events\n# a comment\nSELECT * FORM events\n\n")
        #expect(failures == 1)
        #expect(out == "ok SELECT * FROM events\nerror 3:10: Encountered \"FORM\". Was expecting one of: \",\", AS, FROM.\n")
    }

    @Test func blocksMode() {
        let input = """
            SELECT sourceip
            FROM events

            SELECT *
            FROM flows
            WHERE x = 'unterminated
            """
        let entries = AQLChecker.split(input)
        #expect(entries.map(\.line) == [1, 4])
        let (out, failures) = AQLChecker.check(text: input)
        #expect(failures == 1)
        #expect(out.hasPrefix("ok SELECT sourceip FROM events\nerror 6:11: Lexical error: unterminated string literal"))
    }

    @Test func validationAndWarnings() {
        let (out, failures) = AQLChecker.check(text: "SELECT nosuch FROM events\nSELECT username, sourceip, COUNT(*) FROM events GROUP BY username", validator: AQLValidator())
        #expect(failures == 1)
        let lines = out.split(separator: "\n")
        #expect(lines[0].hasPrefix("error 1:8: Unknown field"))
        #expect(lines[1].hasPrefix("ok SELECT username"))
        #expect(lines[2].hasPrefix("warning 2:18:"))
    }

    @Test func format() {
        let (out, failures) = AQLChecker.format(text: "select a from events where b = 1 and c = 2\nselect")
        #expect(failures == 1)
        #expect(out == "SELECT a\nFROM events\nWHERE b = 1\n  AND c = 2\n\nerror 2:7: Encountered <EOF>. Was expecting: an expression.\n")
    }
}
