import Testing
@testable import EmulatorEngine

@Suite struct JSONTextTests {
    @Test func parsesAndWritesRoundTrip() throws {
        let text = #"{"a":[1,2.5,"x\"y\u00e9\n",true,false,null],"b":{"c":-3}}"#
        let v = try JSONText.parse(text)
        #expect(v["a"]?.arrayValue?.count == 6)
        #expect(v["a"]?.arrayValue?[2].stringValue == "x\"y\u{e9}\n")
        #expect(v["b"]?["c"]?.intValue == -3)
        #expect(try JSONText.parse(JSONText.encode(v)) == v)
    }

    @Test func rejectsMalformed() {
        #expect(throws: JSONText.ParseError.self) { try JSONText.parse(#"{"a":}"#) }
        #expect(throws: JSONText.ParseError.self) { try JSONText.parse(#"{"a":1} x"#) }
        #expect(throws: JSONText.ParseError.self) { try JSONText.parse(#"["unterminated"#) }
    }
}
