import Foundation
import Testing
import VigilCore

/// The package's one JSON parser and writer.
@Suite struct JSONValueTests {
    @Test func roundTripsCompactAndPretty() throws {
        let v: JSONValue = [
            "n": -42, "d": 0.25, "s": "line\nbreak \"q\" \\ é 🙂", "arr": [true, false, nil, "x", 1.5e-7],
            "o": [:], "e": [], "nested": ["a": ["b": ["c": 1]]],
        ]
        #expect(try JSONValue.parse(v.compactText) == v)
        #expect(try JSONValue.parse(v.prettyText) == v)
        #expect(try JSONValue.parse(bytes: Array(v.compactText.utf8)) == v)
        #expect(v.description == v.compactText)
    }

    @Test func writesKeysSortedByUTF8BytesAndEscapesMinimally() {
        let v: JSONValue = ["b": 1, "a": ["z": true, "y": nil], "é": "x", "A": [1.5, "q\"\\\n\u{01}\u{08}\u{0C}/é"]]
        #expect(v.compactText == #"{"A":[1.5,"q\"\\\n\u0001\b\f/é"],"a":{"y":null,"z":true},"b":1,"é":"x"}"#)
        #expect(JSONValue.object([:]).prettyText == "{}")
        #expect(JSONValue.array([]).prettyText == "[]")
        #expect(JSONValue.fields([("b", 1), ("a", [1, 2])]).prettyText == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1\n}")
    }

    @Test func integersStayIntegersAndDoublesStayDoubles() throws {
        #expect(try JSONValue.parse("1700000000123") == .int(1_700_000_000_123))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONValue.parse("9223372036854775807") == .int(.max))
        #expect(try JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue.parse("1.0") == .double(1))
        #expect(try JSONValue.parse("0.5") == .double(0.5))
        #expect(try JSONValue.parse("1e3") == .int(1000))
        #expect(try JSONValue.parse("1.5E-7") == .double(1.5e-7))
        #expect(try JSONValue.parse("-0") == .int(0))
        #expect(try JSONValue.parse("0") == .int(0))
        #expect(JSONValue.double(1).intValue == 1)
        #expect(JSONValue.double(1.5).intValue == nil)
        #expect(JSONValue.int(3).doubleValue == 3)
    }

    @Test func writesNumbersInBothStyles() {
        #expect(JSONValue.double(2).compactText == "2")
        #expect(JSONWriter(wholeDoubles: .withFraction).text(.double(2)) == "2.0")
        #expect(JSONWriter(wholeDoubles: .withFraction).text(.double(2.5)) == "2.5")
        #expect(JSONValue.double(.nan).compactText == "null")
        #expect(JSONValue.double(-.infinity).compactText == "null")
        for i in [0, 7, -7, 10, 1_700_000_000_123, .max, .min] as [Int64] { #expect(JSONValue.int(i).compactText == String(i)) }
    }

    @Test func decodesUnicodeEscapes() throws {
        #expect(try JSONValue.parse(#""\u00e9\u4e2d\ud83d\ude00""#) == .string("é中😀"))
        #expect(try JSONValue.parse(#""\/\b\f\n\r\t\"\\""#) == .string("/\u{08}\u{0C}\n\r\t\"\\"))
        // A lone surrogate is not a scalar: it becomes U+FFFD rather than failing the whole document.
        #expect(try JSONValue.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try JSONValue.parse(#"{"ünï":"välue"}"#)["ünï"]?.stringValue == "välue")
    }

    @Test(arguments: [
        "", " ", #"{"a":1"#, #"{"a" 1}"#, #"[1,]"#, #"{"a":1,}"#, "tru", "nul", #""unterminated"#, "{\"c\":\"\u{01}\"}",
        #"[1] x"#, #"{"a":-}"#, #""\x""#, "01", "1.", ".5", "1e", "+1", "--1", "NaN", "Infinity", "1e999", #"{1:2}"#,
        #""\u12""#, "[1 2]", "'a'",
    ])
    func refusesMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func boundsNesting() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let ok = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        _ = try JSONValue.parse(ok, maxDepth: 64)
        let tooDeep = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(tooDeep, maxDepth: 64) }
    }

    @Test func reportsWhereInputWentWrong() {
        do {
            _ = try JSONValue.parse(#"{"a": [1, 2,]}"#)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 12)
        }
    }

    @Test func agreesWithCodable() throws {
        let text = #"{"t": 1700000000123, "d": 1.5, "s": "x", "b": true, "n": null, "a": [1, "2"], "o": {"k": -3}}"#
        let direct = try JSONValue.parse(text)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == direct)
        #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(direct)) == direct)
    }

    @Test func accessors() {
        let v: JSONValue = ["a": [1, "x", true, nil], "s": "t"]
        #expect(v["a"]?[1]?.stringValue == "x")
        #expect(v["a"]?[2]?.boolValue == true)
        #expect(v["a"]?[3]?.isNull == true)
        #expect(v["a"]?[9] == nil)
        #expect(v["s"]?.stringValue == "t")
        #expect(v["missing"] == nil)
        #expect(v.objectValue?.count == 2)
        #expect(JSONValue.optional(nil as String?) == .null)
        #expect(JSONValue.strings(["a"]) == ["a"])
    }

    /// The hand-written parser exists because `Codable` guessing was slow on Ariel result pages. This measures
    /// both on a page-sized document (reported, not asserted: timing on a shared machine is noisy).
    @Test func measuresAgainstFoundation() throws {
        var rows: [String] = []
        for i in 0..<5_000 {
            rows.append(#"{"starttime":\#(1_700_000_000_000 + i),"sourceip":"10.0.\#(i % 256).\#(i % 200)","username":"user\#(i % 97)","qid":\#(5_000_000 + i % 13),"magnitude":\#(i % 10).5,"payload":"GET /x?\#(i) HTTP/1.1"}"#)
        }
        let page = Array((#"{"events":["# + rows.joined(separator: ",") + "]}").utf8)
        let clock = ContinuousClock()
        var direct: JSONValue = .null
        let tDirect = clock.measure { direct = (try? JSONValue.parse(bytes: page)) ?? .null }
        var decoded: JSONValue = .null
        let tCodable = clock.measure { decoded = (try? JSONDecoder().decode(JSONValue.self, from: Data(page))) ?? .null }
        #expect(direct == decoded)
        #expect(direct["events"]?.arrayValue?.count == 5_000)
        print("JSONParser: \(tDirect); JSONDecoder (Codable guessing): \(tCodable) for \(page.count) bytes")
    }
}
