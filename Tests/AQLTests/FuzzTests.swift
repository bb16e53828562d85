import Testing
@testable import AQL

/// The parser must never crash, hang or recurse without bound: every input either parses (and then
/// round-trips) or fails with an `AQLError` carrying a position inside the input.
@Suite struct FuzzTests {
    static func check(_ text: String, sourceLine: Int = #line) {
        do {
            let q = try AQL.parse(text)
            // Anything accepted must also print and re-parse to the same AST.
            let printed = AQL.print(q)
            #expect((try? AQL.parse(printed)) == q, "accepted \(text.debugDescription) but printed \(printed.debugDescription) does not round-trip")
            _ = AQLValidator().validate(q)
        } catch {
            #expect(error.code == 2000)
            #expect(error.line >= 1 && error.column >= 1, "bad position for \(text.debugDescription): \(error)")
            #expect(error.offset >= 0 && error.offset <= text.utf8.count)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func randomBytes() {
        var rng = SeededGenerator(seed: 42)
        let alphabet = Array("SELECT FROM WHERE AND OR NOT IN LIKE ( ) , ' \" * = < > ! - + / % ^ & 0123456789 abc events\n\t.:;|é😀".utf8)
        for i in 0..<4000 {
            let n = Int.random(in: 0...80, using: &rng)
            var bytes: [UInt8] = []
            for _ in 0..<n {
                bytes.append(i % 2 == 0 ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!)
            }
            FuzzTests.check(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func mutatedRealQueries() throws {
        let corpus = try Corpus.load("valid").map { Array($0.text.utf8) }
        var rng = SeededGenerator(seed: 7)
        let tokens = Array("()',\"=!<>*%^&-+ ANDORNOTSELECTFROMWHEREBETWEENLIKEINCASEWHENEND".utf8)
        for _ in 0..<3000 {
            var bytes = corpus.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0...4, using: &rng) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(tokens.randomElement(using: &rng)!, at: at)
                case 2: bytes[at] = tokens.randomElement(using: &rng)!
                case 3:
                    // Splice a slice of another query.
                    let other = corpus.randomElement(using: &rng)!
                    let s = Int.random(in: 0..<other.count, using: &rng)
                    let e = min(other.count, s + Int.random(in: 1...30, using: &rng))
                    bytes.insert(contentsOf: other[s..<e], at: at)
                default:
                    bytes = Array(bytes[..<at])
                }
            }
            FuzzTests.check(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func deepNestingIsRejectedWithAClearError() {
        let deep: [String] = [
            "SELECT * FROM events WHERE " + String(repeating: "(", count: 100_000) + "a = 1" + String(repeating: ")", count: 100_000),
            "SELECT * FROM events WHERE " + String(repeating: "NOT ", count: 100_000) + "a = 1",
            "SELECT " + String(repeating: "- ", count: 100_000) + "a FROM events",
            "SELECT " + String(repeating: "LOWER(", count: 50_000) + "a" + String(repeating: ")", count: 50_000) + " FROM events",
            "SELECT " + String(repeating: "CASE WHEN ", count: 10_000) + "x",
            "SELECT a FROM events WHERE " + Array(repeating: "a", count: 100_000).joined(separator: " + ") + " > 1",
            "SELECT a FROM events WHERE x = " + Array(repeating: "2", count: 50_000).joined(separator: " ^ "),
            String(repeating: "SELECT a FROM events WHERE a IN (", count: 5_000) + "1" + String(repeating: ")", count: 5_000),
        ]
        for text in deep {
            do {
                _ = try AQL.parse(text)
                Issue.record("accepted a \(text.utf8.count)-byte deeply nested query")
            } catch {
                #expect(error.message.contains("deeply") || error.message.contains("nested"), "\(error)")
            }
        }
    }

    @Test func longFlatQueriesAreFine() throws {
        // Thousands of ORed conditions and IN items are flat, not deep.
        let ors = (0..<20_000).map { "username = 'u\($0)'" }.joined(separator: " OR ")
        let q = try AQL.parse("SELECT * FROM events WHERE \(ors)")
        guard case .or(let operands)? = q.where?.kind else { Issue.record("not an OR"); return }
        #expect(operands.count == 20_000)
        let list = (0..<50_000).map(String.init).joined(separator: ",")
        _ = try AQL.parse("SELECT * FROM events WHERE qid IN (\(list))")
        #expect(try AQL.parse(AQL.print(q)) == q)
    }

    @Test func nestingJustUnderTheLimitWorks() throws {
        let text = "SELECT * FROM events WHERE " + String(repeating: "(", count: 40) + "a = 1" + String(repeating: ")", count: 40)
        _ = try AQL.parse(text)
    }
}
