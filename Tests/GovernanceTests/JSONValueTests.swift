import Testing
import VigilCore
@testable import Governance

@Suite struct JSONValueTests {
    @Test func canonicalTextSortsKeysAndEscapesMinimally() {
        let v: JSONValue = ["b": 1, "a": ["z": true, "y": nil], "é": "x", "A": [1.5, "q\"\\\n\u{01}/é"]]
        #expect(v.canonicalText == #"{"A":[1.5,"q\"\\\n\u0001/é"],"a":{"y":null,"z":true},"b":1,"é":"x"}"#)
    }

    @Test func sameValueSameTextRegardlessOfInsertionOrder() {
        var a: [String: JSONValue] = [:]
        var b: [String: JSONValue] = [:]
        for i in 0..<50 { a["k\(i)"] = .int(Int64(i)) }
        for i in (0..<50).reversed() { b["k\(i)"] = .int(Int64(i)) }
        #expect(JSONValue.object(a).canonicalText == JSONValue.object(b).canonicalText)
    }

    @Test func roundTripsThroughParse() throws {
        let v: JSONValue = ["n": -42, "d": 0.25, "s": "line\nbreak", "arr": [true, false, nil, "x"], "o": [:], "e": []]
        #expect(try JSONValue.parse(v.canonicalText) == v)
        #expect(try JSONValue.parse(v.prettyText) == v)
        #expect(throws: (any Error).self) { try JSONValue.parse("{not json") }
    }

    @Test func numbersAreStable() {
        #expect(JSONValue.double(2.0).canonicalText == "2")
        #expect(JSONValue.double(.nan).canonicalText == "null")
        #expect(JSONValue.double(.infinity).canonicalText == "null")
        #expect(JSONValue.int(.min).canonicalText == "-9223372036854775808")
    }
}
