import Testing
@testable import AQL

@Suite struct EdgeCaseTests {
    @Test func qradarStyleMessage() {
        do {
            _ = try AQL.parse("SELECT * FORM events")
        } catch {
            #expect(error.qradarMessage == "Encountered \"FORM\" at line 1, column 10. Was expecting one of: \",\", AS, FROM.")
            #expect(error.expected == "\",\", AS, FROM")
            #expect(error.found == "\"FORM\"")
            #expect(error.offset == 9)
        }
        do {
            _ = try AQL.parse("SELECT NOSUCHFN(x) FROM events")
        } catch {
            #expect(error.qradarMessage == "Unknown function NOSUCHFN. (at line 1, column 8)")
        }
    }

    @Test func resultColumnsWithTypes() throws {
        let v = AQLValidator()
        let cols = v.resultColumns(of: try AQL.parse("SELECT sourceip, COUNT(*) AS n, QIDNAME(qid), magnitude * 2 FROM events GROUP BY sourceip"))
        #expect(cols.map(\.name) == ["sourceip", "n", "qidname_qid", "magnitude * 2"])
        #expect(cols.map(\.type) == [.ip, .long, .string, .long])
        #expect(v.resultColumns(of: try AQL.parse("SELECT * FROM flows")).count == AQLFieldCatalogue.flows.names.count)
    }

    @Test func sortOrderIsTotal() {
        let values: [AQLValue] = ["9.0.0.0", "10.0.0.0", "1x", "9x", "010.0.0.0", .null, .long(3), .double(2.5), .bool(true),
                                  .double(.nan), .array([1]), "", "é"]
        for a in values {
            for b in values {
                let ab = AQLValueSemantics.sortCompare(a, b), ba = AQLValueSemantics.sortCompare(b, a)
                #expect(ab == -ba, "\(a) vs \(b)")
                for c in values where ab <= 0 && AQLValueSemantics.sortCompare(b, c) <= 0 {
                    #expect(AQLValueSemantics.sortCompare(a, c) <= 0, "\(a) ≤ \(b) ≤ \(c)")
                }
            }
        }
    }

    @Test func extremeInputsDoNotTrap() throws {
        #expect(!AQLDateTime.format(Int64.max, pattern: "yyyy-MM-dd HH:mm:ss.SSS EEE").isEmpty)
        #expect(!AQLDateTime.format(Int64.min, pattern: "yyyy-MM-dd", zoneOffsetMillis: -1).isEmpty)
        #expect(AQLDateTime.parse("9999999999-01-01", pattern: "yyyy-MM-dd") == nil)
        #expect(AQLDateTime.parseDateTime("9223372036854775807 days ago", now: 0, zoneOffsetMillis: 0) == nil)
        #expect(AQLDateTime.parseDateTime("106751991167 days ago", now: Int64.min + 5, zoneOffsetMillis: 0) == nil)
        let regex = try AQLCompiler.regex("x*", caseInsensitive: false, at: .synthesized)
        #expect(AQLScalarFunctions.replace("ab", regex, "#", firstOnly: false) == "#a#b#")
        let e = AQLEvaluator(lookups: AQLDefaultLookups(), now: Int64.max)
        _ = try e.run(AQL.parse("SELECT -9223372036854775808 - 1, 9223372036854775807 * 2, 5 % 0, 5 / 0, -(-9223372036854775808), 2 ^ 2000, SUBSTRING('abc', 9223372036854775807, 9223372036854775807), DATEFORMAT(9223372036854775807, 'yyyy') FROM events LAST 9223372036854775807 DAYS"),
                      on: AQLMemoryTable(columns: ["starttime"], rows: [[.long(0)]]))
    }
}
