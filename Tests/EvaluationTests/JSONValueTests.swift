import Analytics
@testable import Evaluation
import Testing
import VigilCore

@Suite struct JSONValueTests {
    @Test func jsonRoundTrip() throws {
        let v = JSONValue.object([("a", .number(1.5)), ("b", .array([.string("x\"y\n"), .bool(true), .null])), ("c", .number(3))])
        let text = v.serialized(indent: nil)
        #expect(text == #"{"a":1.5,"b":["x\"y\n",true,null],"c":3}"#)
        let parsed = try #require(JSONValue.parse(text))
        #expect(parsed == v)
        #expect(JSONValue.parse(#"{"a": [1, 2,]}"#) == nil)
        #expect(JSONValue.parse(#"{"u": "\u00e9\ud83d\ude00"}"#)?["u"]?.string == "é😀")
    }
}
