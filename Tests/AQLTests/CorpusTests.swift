import Testing
@testable import AQL

@Suite struct CorpusTests {
    @Test func corpusHasEnoughRealQueries() throws {
        let valid = try Corpus.load("valid")
        #expect(valid.count >= 60)
        for e in valid { #expect(!e.source.isEmpty, "missing source for \(e.text)") }
    }

    @Test func everyValidQueryParsesAndRoundTrips() throws {
        for e in try Corpus.load("valid") {
            let q: AQLQuery
            do { q = try AQL.parse(e.text) } catch {
                Issue.record("\(e.source): \(error)\n\(e.text)")
                continue
            }
            let printed = AQL.print(q)
            let again = try AQL.parse(printed)
            #expect(again == q, "\(e.source)\n\(printed)")
            #expect(AQL.print(again) == printed)
            #expect(try AQL.parse(AQL.format(q)) == q, "\(AQL.format(q))")
        }
    }

    @Test func everyValidQueryValidatesWithItsCustomProperties() throws {
        let validator = Corpus.validator
        for e in try Corpus.load("valid") {
            let q = try AQL.parse(e.text)
            let errors = validator.errors(q)
            #expect(errors.isEmpty, "\(e.source): \(errors)\n\(e.text)")
        }
    }

    @Test func everyValidQueryEvaluates() throws {
        // A table with every catalogued column and custom property, a few rows of plausible values.
        for database in ["events", "flows"] {
            let catalogue = try #require(Corpus.validator.catalogues[database])
            let names = catalogue.names
            let now: Int64 = 1_700_000_000_000
            var rows: [[AQLValue]] = []
            for r in 0..<4 {
                rows.append(names.map { name in
                    let f = catalogue.field(named: name)!
                    switch f.type {
                    case .long: return .long(Int64(r * 7 + 1))
                    case .double: return .double(Double(r) + 0.5)
                    case .time: return name.lowercased() == "starttime" ? .long(now - Int64(r) * 60_000) : .long(now - 1000)
                    case .ip: return .string("10.0.0.\(r + 1)")
                    case .bool: return .bool(r % 2 == 0)
                    case .array: return .array([.long(100_120 + Int64(r))])
                    case .binary, .string, .any: return .string("\(name) value \(r)")
                    }
                })
            }
            let table = AQLMemoryTable(database: database, columns: names, rows: rows)
            let evaluator = AQLEvaluator(lookups: AQLDefaultLookups(), now: now)
            for e in try Corpus.load("valid") {
                let q = try AQL.parse(e.text)
                guard q.from == database else { continue }
                do {
                    let result = try evaluator.run(q, on: table)
                    #expect(result.rows.allSatisfy { $0.count == result.columns.count })
                } catch {
                    Issue.record("\(e.source): \(error)\n\(e.text)")
                }
            }
        }
    }

    @Test func invalidQueriesFailAtTheExpectedPosition() throws {
        let invalid = try Corpus.load("invalid")
        #expect(invalid.count >= 8)
        let validator = AQLValidator()
        for e in invalid {
            let expect = try #require(e.expect, "no # expect: for \(e.text)")
            var position: (Int, Int)?
            do {
                let q = try AQL.parse(e.text)
                if let first = validator.errors(q).first { position = (first.position.line, first.position.column) }
            } catch {
                #expect(error.code == 2000)
                position = (error.line, error.column)
            }
            guard let position else {
                Issue.record("accepted: \(e.source)\n\(e.text)")
                continue
            }
            #expect(position.0 == expect.line && position.1 == expect.column,
                    "\(e.source): error at \(position.0):\(position.1), expected \(expect.line):\(expect.column)\n\(e.text)")
        }
    }
}
