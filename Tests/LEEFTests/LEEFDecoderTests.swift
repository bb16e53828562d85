import Testing

@testable import LEEF

struct LEEFDecoderTests {
    let ref: Int64 = 1_700_000_000_000  // 2023-11-14T22:13:20Z

    @Test func decodesTheGuideExample() throws {
        let m = try LEEFDecoder.decode(
            "LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^srcPort=81^dstPort=21",
            referenceTime: ref)
        #expect(m.header == nil)
        let e = m.event
        #expect(e.version == .v2)
        #expect(e.vendor == "Lancope")
        #expect(e.product == "StealthWatch")
        #expect(e.productVersion == "1.0")
        #expect(e.eventID == "41")
        #expect(e.delimiter == UInt8(ascii: "^"))
        #expect(e.attributes.map(\.key) == ["src", "dst", "sev", "srcPort", "dstPort"])
        #expect(e.sourceIP == "10.0.1.8")
        #expect(e.destinationIP == "10.0.0.5")
        #expect(e.severity == 5)
        #expect(e.sourcePort == 81)
        #expect(e.destinationPort == 21)
    }

    @Test func decodesLEEF1WithTabsAndSyslogHeader() throws {
        let line = "<13>Jan 18 11:07:53 192.168.1.1 LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=10.50.1.1\tdst=2.10.20.20\tusrName=joe.black\tcat=Login\tsrcBytes=1024"
        let m = try LEEFDecoder.decode(line, referenceTime: ref)
        let h = try #require(m.header)
        #expect(h.format == .rfc3164)
        #expect(h.priority == 13)
        #expect(h.facility == 1)
        #expect(h.severity == 5)
        #expect(h.hostname == "192.168.1.1")
        // Reference time is Nov 2023, so Jan 18 is closest in 2024 (python: 2024-01-18 11:07:53 UTC).
        #expect(h.timestamp == 1_705_576_073_000)
        #expect(m.event.version == .v1)
        #expect(m.event.delimiter == 0x09)
        #expect(m.event.productVersion == "4.0 SP1")
        #expect(m.event.userName == "joe.black")
        #expect(m.event.category == "Login")
        #expect(m.event.sourceBytes == 1024)
        #expect(m.event.attributes.count == 5)
    }

    @Test(arguments: [
        ("0x7C", UInt8(ascii: "|")), ("x7C", UInt8(ascii: "|")), ("x7c", UInt8(ascii: "|")), ("0X5E", UInt8(ascii: "^")),
        ("x09", 0x09), ("x9", 0x09), ("0x0009", 0x09), ("^", UInt8(ascii: "^")), (";", UInt8(ascii: ";")),
        ("", 0x09), ("x20", 0x20),
    ] as [(String, UInt8)])
    func decodesDelimiterField(_ field: String, _ expected: UInt8) throws {
        let d = Character(Unicode.Scalar(expected))
        let line = "LEEF:2.0|V|P|1|ID|\(field)|a=1\(d)b=x y"
        let e = try LEEFDecoder.decode(line, referenceTime: ref).event
        #expect(e.delimiter == expected)
        #expect(e.attributes == ["a": "1", "b": "x y"])
    }

    @Test func omittedDelimiterFieldMeansTab() throws {
        let withoutField = try LEEFDecoder.decode("LEEF:2.0|V|P|1|ID|a=1\tb=2|3", referenceTime: ref).event
        #expect(withoutField.delimiter == 0x09)
        #expect(withoutField.attributes == ["a": "1", "b": "2|3"])
        let emptyField = try LEEFDecoder.decode("LEEF:2.0|V|P|1|ID||a=1\tb=2", referenceTime: ref).event
        #expect(emptyField.delimiter == 0x09)
        #expect(emptyField.attributes == ["a": "1", "b": "2"])
        let noAttributes = try LEEFDecoder.decode("LEEF:2.0|V|P|1|ID|", referenceTime: ref).event
        #expect(noAttributes.attributes.isEmpty)
        let noTrailingPipe = try LEEFDecoder.decode("LEEF:1.0|V|P|1|ID", referenceTime: ref).event
        #expect(noTrailingPipe.eventID == "ID")
        #expect(noTrailingPipe.attributes.isEmpty)
    }

    @Test func decodesBackslashEscapes() throws {
        let line = #"LEEF:2.0|V|P|1|ID|^|k\=ey=v\=1^p=a\|b^d=x\^y^nl=l1\nl2\r\tend^bs=C:\\dir\\^lit=C:\Windows\System32^eq=a=b"#
        let e = try LEEFDecoder.decode(line, referenceTime: ref).event
        #expect(e.attributes["k=ey"] == "v=1")
        #expect(e.attributes["p"] == "a|b")
        #expect(e.attributes["d"] == "x^y")
        #expect(e.attributes["nl"] == "l1\nl2\r\tend")
        #expect(e.attributes["bs"] == #"C:\dir\"#)
        #expect(e.attributes["lit"] == #"C:\Windows\System32"#)
        #expect(e.attributes["eq"] == "a=b")
        #expect(e.attributes.count == 7)
    }

    @Test func decodesEscapedPipesInHeaderFields() throws {
        let e = try LEEFDecoder.decode(#"LEEF:2.0|Ven\|dor|Pro\\|1\x|ID|^|a=1"#, referenceTime: ref).event
        #expect(e.vendor == "Ven|dor")
        #expect(e.product == #"Pro\"#)
        #expect(e.productVersion == #"1\x"#)
    }

    @Test func keepsCustomKeysDuplicatesAndOrder() throws {
        let e = try LEEFDecoder.decode("LEEF:2.0|V|P|1|ID|;|zeta=1;alpha=2;zeta=3;=empty;novalue=", referenceTime: ref)
            .event
        #expect(e.attributes.map(\.key) == ["zeta", "alpha", "zeta", "", "novalue"])
        #expect(e.attributes["zeta"] == "1")
        #expect(e.attributes.values(for: "zeta") == ["1", "3"])
        #expect(e.attributes[""] == "empty")
        #expect(e.attributes["novalue"] == "")
    }

    @Test func segmentWithoutEqualsContinuesThePreviousValue() throws {
        let e = try LEEFDecoder.decode("LEEF:1.0|V|P|1|ID|msg=hello\tworld\t\tc=1\t", referenceTime: ref).event
        #expect(e.attributes == ["msg": "hello\tworld", "c": "1"])
        let first = try LEEFDecoder.decode("LEEF:2.0|V|P|1|ID|^|orphan^a=1", referenceTime: ref).event
        #expect(first.attributes == ["orphan": "", "a": "1"])
    }

    @Test func ignoresTrailingLineBreaksAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("LEEF:2.0|V|P|1|ID|^|a=1\r\n".utf8)
        let e = try LEEFDecoder.decode(bytes: bytes, referenceTime: ref).event
        #expect(e.attributes == ["a": "1"])
    }

    @Test func decodesNonASCIIValuesFromBytes() throws {
        let line = "LEEF:2.0|Ünïcode|製品|1|ID|^|usrName=josé^msg=日本語 😀"
        let e = try LEEFDecoder.decode(bytes: Array(line.utf8), referenceTime: ref).event
        #expect(e.vendor == "Ünïcode")
        #expect(e.product == "製品")
        #expect(e.userName == "josé")
        #expect(e.attributes["msg"] == "日本語 😀")
    }

    @Test(arguments: [
        ("hello world", LEEFError.Code.notLEEF),
        ("", .notLEEF),
        ("CEF:0|a|b|c|d|e|f|", .notLEEF),
        ("<13>Jan 18 11:07:53 host just text", .notLEEF),
        ("<13>1 2019-01-18T11:07:53.520Z host app - - -", .notLEEF),
        ("LEEF:3.0|V|P|1|ID|^|a=1", .badVersion),
        ("LEEF:|V|P|1|ID|", .badVersion),
        ("LEEF:2.0", .truncatedHeader),
        ("LEEF:2.0|V|P", .truncatedHeader),
        ("LEEF:2.0|V|P|1", .truncatedHeader),
        ("LEEF:2.0||P|1|ID|^|a=1", .missingFields),
        ("LEEF:2.0|V||1|ID|^|a=1", .missingFields),
        ("LEEF:2.0|V|P|1||^|a=1", .missingFields),
        ("LEEF:2.0|V|P|1|ID|ab|a=1", .badDelimiter),
        ("LEEF:2.0|V|P|1|ID|x12345|a=1", .badDelimiter),
        ("LEEF:2.0|V|P|1|ID|xZZ|a=1", .badDelimiter),
        ("LEEF:2.0|V|P|1|ID|x80|a=1", .badDelimiter),
        ("LEEF:2.0|V|P|1|ID|x3D|a=1", .badDelimiter),
        ("LEEF:2.0|V|P|1|ID|a|a=1", .badDelimiter),
        ("LEEF:2.0|V|P|1|ID|¦|a=1", .badDelimiter),
        ("<13", .truncatedHeader),
        ("<13>1 ", .truncatedHeader),
        ("<13>1 2019-01-18T11:07:53Z host", .truncatedHeader),
        ("<13>1 2019-01-18T11:07:53Z host app pid msg [a b=\"c\"", .truncatedHeader),
        ("<999>Jan 18 11:07:53 host LEEF:2.0|V|P|1|ID|^|a=1", .badSyslogHeader),
        ("<1x>LEEF:2.0|V|P|1|ID|^|a=1", .badSyslogHeader),
        ("<13>1 2019-13-18T11:07:53Z host app pid msg - LEEF:2.0|V|P|1|ID|^|a=1", .badSyslogHeader),
        ("<13>1 - host app pid msg oops LEEF:2.0|V|P|1|ID|^|a=1", .badSyslogHeader),
        ("<13>Jan 18 1:07 host LEEF:2.0|V|P|1|ID|^|a=1", .badSyslogHeader),
        ("<13>Feb 30 11:07:53 host LEEF:2.0|V|P|1|ID|^|a=1", .badSyslogHeader),
    ] as [(String, LEEFError.Code)])
    func rejectsMalformedLines(_ line: String, _ code: LEEFError.Code) {
        #expect(throws: LEEFError.self) { try LEEFDecoder.decode(line, referenceTime: ref) }
        do {
            _ = try LEEFDecoder.decode(line, referenceTime: ref)
        } catch {
            #expect(error.code == code, "\(line): \(error)")
            #expect(!error.reason.isEmpty)
        }
    }

    @Test func rejectsInvalidUTF8() {
        let cases: [[UInt8]] = [
            Array("LEEF:2.0|V|P|1|ID|^|a=".utf8) + [0xFF],
            Array("LEEF:2.0|V|P|1|ID|^|a=".utf8) + [0xC3],  // truncated 2-byte sequence
            Array("LEEF:2.0|V|P|1|ID|^|a=".utf8) + [0xE0, 0x80, 0x80],  // overlong
            Array("LEEF:2.0|V|P|1|ID|^|a=".utf8) + [0xED, 0xA0, 0x80],  // surrogate
            Array("LEEF:2.0|V|".utf8) + [0xC0, 0xAF] + Array("|1|ID|^|a=1".utf8),
        ]
        for bytes in cases {
            do {
                _ = try LEEFDecoder.decode(bytes: bytes, referenceTime: ref)
                Issue.record("accepted invalid UTF-8 \(bytes)")
            } catch {
                #expect(error.code == .invalidUTF8)
                #expect(error.offset != nil)
            }
        }
    }

    @Test func rejectsLongLines() throws {
        let line = Array("LEEF:2.0|V|P|1|ID|^|a=".utf8) + Array(repeating: UInt8(ascii: "x"), count: 200)
        #expect(throws: LEEFError(.lineTooLong, "line of 222 bytes exceeds the maximum of 100")) {
            try LEEFDecoder.decode(bytes: line, referenceTime: ref, maxLength: 100)
        }
        let e = try LEEFDecoder.decode(bytes: line, referenceTime: ref, maxLength: 222).event
        #expect(e.attributes["a"]?.utf8.count == 200)
    }

    @Test func decodesFromNonContiguousCollections() throws {
        let line = "LEEF:2.0|V|P|1|ID|^|a=1^b=2"
        let lazy = line.utf8.lazy.map { $0 }
        let e = try LEEFDecoder.decode(bytes: lazy, referenceTime: ref).event
        #expect(e.attributes == ["a": "1", "b": "2"])
    }
}
