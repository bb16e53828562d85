import Testing

@testable import LEEF

struct LEEFEncoderTests {
    @Test func encodesLEEF2WithCaretDelimiter() {
        var e = LEEFEvent(
            version: .v2, vendor: "Acme", product: "AISidecar", productVersion: "1.0", eventID: "RiskScore",
            delimiter: UInt8(ascii: "^"))
        e.category = "UEBA"
        e.severity = 7
        e.userName = "jdoe"
        e.sourceIP = "10.1.2.3"
        e.attributes.append(key: "riskScore", value: "87")
        #expect(
            LEEFEncoder.encode(e)
                == "LEEF:2.0|Acme|AISidecar|1.0|RiskScore|^|cat=UEBA^sev=7^usrName=jdoe^src=10.1.2.3^riskScore=87")
    }

    @Test func encodesLEEF1WithTabs() {
        let e = LEEFEvent(
            version: .v1, vendor: "V", product: "P", productVersion: "2", eventID: "E",
            delimiter: UInt8(ascii: "^"), attributes: ["a": "1", "b": "2"])
        #expect(e.delimiter == 0x09)
        #expect(LEEFEncoder.encode(e) == "LEEF:1.0|V|P|2|E|a=1\tb=2")
    }

    @Test(arguments: [
        (0x09, "x09"), (UInt8(ascii: "|"), "x7C"), (0x20, "x20"), (UInt8(ascii: "^"), "^"), (UInt8(ascii: "#"), "#"),
        (UInt8(ascii: "a"), "x09"), (UInt8(ascii: "="), "x09"), (0x0A, "x09"), (0xA6, "x09"),
    ] as [(UInt8, String)])
    func writesTheDelimiterField(_ delimiter: UInt8, _ field: String) {
        let e = LEEFEvent(vendor: "V", product: "P", productVersion: "1", eventID: "E", delimiter: delimiter)
        #expect(LEEFEncoder.encode(e) == "LEEF:2.0|V|P|1|E|\(field)|")
    }

    @Test func escapesValuesAndKeys() {
        let e = LEEFEvent(
            vendor: "V", product: "P", productVersion: "1", eventID: "E", delimiter: UInt8(ascii: "^"),
            attributes: [
                "url": "http://x/?a=b&c=d", "k=ey": "v", "caret": "a^b", "nl": "l1\nl2\r\n", "tab": "a\tb",
                "path": #"C:\Windows\System32"#, "trail": #"dir\"#, "esc": #"a\nb"#, "pipe": "a|b",
            ])
        let line = LEEFEncoder.encode(e)
        let expected =
            #"LEEF:2.0|V|P|1|E|^|url=http://x/?a=b&c=d^k\=ey=v^caret=a\^b^nl=l1\nl2\r\n^tab=a\tb^"#
            + #"path=C:\Windows\System32^trail=dir\\^esc=a\\nb^pipe=a|b"#
        #expect(line == expected)
    }

    @Test func pipeDelimiterEscapesPipes() {
        let e = LEEFEvent(
            vendor: "V", product: "P", productVersion: "1", eventID: "E", delimiter: UInt8(ascii: "|"),
            attributes: ["a": "x|y", "b": "2"])
        #expect(LEEFEncoder.encode(e) == #"LEEF:2.0|V|P|1|E|x7C|a=x\|y|b=2"#)
    }

    @Test func sanitizesHeaderFields() {
        let e = LEEFEvent(
            vendor: "Ac|me", product: "Pro\nduct", productVersion: #"1\"#, eventID: "Ev\r\nent")
        #expect(LEEFEncoder.encode(e) == #"LEEF:2.0|Ac/me|Pro duct|1\\|Ev  ent|x09|"#)
        #expect(LEEFEncoder.sanitizeHeaderField("a|b\nc") == "a/b c")
    }

    @Test func neverWritesARawLineBreak() {
        var random = TestRandom(seed: 7)
        for _ in 0..<500 {
            var e = LEEFEvent(
                version: random.chance(0.5) ? .v1 : .v2, vendor: random.string(from: nastyAlphabet, length: 1...6),
                product: random.string(from: nastyAlphabet, length: 1...6),
                productVersion: random.string(from: nastyAlphabet, length: 0...6),
                eventID: random.string(from: nastyAlphabet, length: 1...6),
                delimiter: UInt8(random.int(0...255)))
            for _ in 0..<random.int(0...6) {
                e.attributes.append(
                    key: random.string(from: nastyAlphabet, length: 0...5),
                    value: random.string(from: nastyAlphabet, length: 0...10))
            }
            let header = SyslogHeader(
                format: random.chance(0.5) ? .rfc3164 : .rfc5424, priority: 13, timestamp: 1_700_000_000_000,
                hostname: random.string(from: nastyAlphabet, length: 0...5),
                appName: random.string(from: nastyAlphabet, length: 0...5),
                procID: random.string(from: nastyAlphabet, length: 0...5),
                msgID: random.string(from: nastyAlphabet, length: 0...5),
                structuredData: random.string(from: nastyAlphabet, length: 0...5))
            let line = LEEFEncoder.encode(LEEFMessage(header: header, event: e))
            #expect(!line.utf8.contains(0x0A) && !line.utf8.contains(0x0D), "\(line)")
        }
    }

    @Test func encodes5424Header() {
        let h = SyslogHeader(
            format: .rfc5424, priority: 165, timestamp: 1_065_910_455_003, hostname: "mymachine.example.com",
            appName: "evntslog", procID: nil, msgID: "ID47",
            structuredData: #"[exampleSDID@32473 iut="3" eventSource="Application"]"#)
        #expect(
            LEEFEncoder.encode(h)
                == #"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"]"#
        )
        let sanitized = SyslogHeader(
            format: .rfc5424, priority: nil, timestamp: nil, hostname: "my host", appName: "", structuredData: "not sd")
        #expect(LEEFEncoder.encode(sanitized) == "<13>1 - my_host - - - -")
    }

    @Test func encodes3164Header() {
        // 2024-03-05T07:08:09Z (python) — day is space-padded as RFC 3164 shows it.
        let h = SyslogHeader(format: .rfc3164, priority: 13, timestamp: 1_709_622_489_000, hostname: "sidecar")
        #expect(LEEFEncoder.encode(h) == "<13>Mar  5 07:08:09 sidecar")
        let tagged = SyslogHeader(
            format: .rfc3164, priority: nil, timestamp: 1_709_622_489_000, hostname: "h", appName: "vigil",
            procID: "42")
        #expect(LEEFEncoder.encode(tagged) == "Mar  5 07:08:09 h vigil[42]:")
        let event = LEEFEvent(vendor: "V", product: "P", productVersion: "1", eventID: "E", attributes: ["a": "1"])
        #expect(
            LEEFEncoder.encode(LEEFMessage(header: h, event: event))
                == "<13>Mar  5 07:08:09 sidecar LEEF:2.0|V|P|1|E|x09|a=1")
    }

    @Test func appendMatchesEncode() {
        let m = LEEFMessage(
            header: SyslogHeader(format: .rfc5424, timestamp: 0, hostname: "h"),
            event: LEEFEvent(vendor: "V", product: "P", productVersion: "1", eventID: "E", attributes: ["a": "b"]))
        var bytes: [UInt8] = [1, 2]
        LEEFEncoder.append(m, to: &bytes)
        #expect(Array(bytes.dropFirst(2)) == Array(LEEFEncoder.encode(m).utf8))
    }
}
