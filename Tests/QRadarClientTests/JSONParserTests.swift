import VigilCore
import Foundation
import Testing

@testable import QRadarClient

/// The direct parser used for Ariel result pages (`VigilCore.JSONParser`) agrees with `Codable` decoding of
/// `JSONValue` and refuses malformed input with a position.
@Suite struct JSONParserTests {
    static let samples: [String] = [
        #"{"events":[{"a":1,"b":-2.5,"c":"x","d":null,"e":true,"f":false,"g":[1,"two",{"h":[]}]}]}"#,
        #"{"s":"quote \" backslash \\ slash \/ controls \b\f\n\r\t unicode \u00e9 \u4e2d surrogate \ud83d\ude00"}"#,
        #"[1e3, -0, 0.5, 12345678901234, 9223372036854775807, 1.5E-7, -9223372036854775808]"#,
        #"  { "spaced" : [ 1 , 2 ] , "empty" : { } , "none" : [ ] }  "#,
        #""just a string""#,
        #"{"ünïcödé":"välue","emoji":"🙂"}"#,
    ]

    @Test(arguments: samples)
    func agreesWithCodable(_ text: String) throws {
        let direct = try JSONParser.parse(Array(text.utf8))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(direct == decoded)
    }

    @Test(arguments: [#"{"a":1"#, #"{"a" 1}"#, #"[1,]"#, #"tru"#, #""unterminated"#, "{\"c\":\"\u{01}\"}", #"[1] x"#, #"{"a":-}"#, #""\x""#])
    func refusesMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(deep.utf8)) }
    }
}
