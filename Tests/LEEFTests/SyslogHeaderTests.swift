import Testing

@testable import LEEF

struct SyslogHeaderTests {
    let leef = "LEEF:2.0|V|P|1|ID|^|a=1"

    @Test func parsesRFC5424WithStructuredData() throws {
        // RFC 5424 section 6.5 example 3, with a LEEF payload.
        let line = #"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] "# + leef
        let m = try LEEFDecoder.decode(line, referenceTime: 0)
        let h = try #require(m.header)
        #expect(h.format == .rfc5424)
        #expect(h.priority == 165)
        #expect(h.facility == 20)
        #expect(h.severity == 5)
        #expect(h.timestamp == 1_065_910_455_003)
        #expect(h.hostname == "mymachine.example.com")
        #expect(h.appName == "evntslog")
        #expect(h.procID == nil)
        #expect(h.msgID == "ID47")
        #expect(h.structuredData == #"[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]"#)
        #expect(m.event.attributes == ["a": "1"])
    }

    @Test func parsesRFC5424OffsetsAndNilValues() throws {
        // RFC 5424 example 2's timestamp: 2003-08-24T05:14:15.000003-07:00 = 12:14:15.000003Z (python).
        let m = try LEEFDecoder.decode("<13>1 2003-08-24T05:14:15.000003-07:00 - - - - - " + leef, referenceTime: 0)
        let h = try #require(m.header)
        #expect(h.timestamp == 1_061_727_255_000)
        #expect(h.hostname == nil && h.appName == nil && h.procID == nil && h.msgID == nil)
        #expect(h.structuredData == nil)
        let dash = try #require(try LEEFDecoder.decode("<0>1 - host app 12 msg - " + leef, referenceTime: 0).header)
        #expect(dash.timestamp == nil)
        #expect(dash.priority == 0)
        #expect(dash.procID == "12")
    }

    @Test func parsesStructuredDataWithEscapes() throws {
        let sd = #"[a@1 k="x \"y\" \] z"][b@2 p="]"]"#
        let h = try #require(try LEEFDecoder.decode("<14>1 - h a p m \(sd) \u{FEFF}" + leef, referenceTime: 0).header)
        #expect(h.structuredData == sd)
    }

    @Test func parsesRFC3164WithYearInference() throws {
        // Reference 2024-01-02: "Dec 31 23:59:58" is closest in 2023 (python: 1704067198000).
        let late = try #require(
            try LEEFDecoder.decode("<34>Dec 31 23:59:58 fw1 " + leef, referenceTime: 1_704_153_600_000).header)
        #expect(late.timestamp == 1_704_067_198_000)
        #expect(late.priority == 34)
        #expect(late.facility == 4 && late.severity == 2)
        // Reference 2023-12-30: "Jan  1 00:00:01" is closest in 2024 (python: 1704067201000).
        let early = try #require(
            try LEEFDecoder.decode("<34>Jan  1 00:00:01 fw1 " + leef, referenceTime: 1_703_894_400_000).header)
        #expect(early.timestamp == 1_704_067_201_000)
        // Feb 29 exists only in the leap year near the reference (2024-02-29T10:00:00Z, python).
        let leap = try #require(
            try LEEFDecoder.decode("Feb 29 10:00:00 h " + leef, referenceTime: 1_704_153_600_000).header)
        #expect(leap.timestamp == 1_709_200_800_000)
        #expect(leap.priority == nil)
    }

    @Test func parsesRFC3164Variants() throws {
        let tagged = try #require(try LEEFDecoder.decode("<13>Mar  5 07:08:09 host vigil[42]: " + leef, referenceTime: 1_709_622_489_000).header)
        #expect(tagged.timestamp == 1_709_622_489_000)
        #expect(tagged.hostname == "host")
        #expect(tagged.appName == "vigil")
        #expect(tagged.procID == "42")
        let tagOnly = try #require(try LEEFDecoder.decode("<13>Mar 05 07:08:09 app: " + leef, referenceTime: 1_709_622_489_000).header)
        #expect(tagOnly.hostname == nil)
        #expect(tagOnly.appName == "app")
        let withYear = try #require(try LEEFDecoder.decode("Mar 05 2024 07:08:09 h " + leef, referenceTime: 0).header)
        #expect(withYear.timestamp == 1_709_622_489_000)
        let rsyslog = try #require(try LEEFDecoder.decode("<13>2024-03-05T07:08:09Z h " + leef, referenceTime: 0).header)
        #expect(rsyslog.format == .rfc3164)
        #expect(rsyslog.timestamp == 1_709_622_489_000)
        let noHost = try #require(try LEEFDecoder.decode("<13>Mar  5 07:08:09 " + leef, referenceTime: 1_709_622_489_000).header)
        #expect(noHost.hostname == nil)
        let priOnly = try #require(try LEEFDecoder.decode("<13>" + leef, referenceTime: 0).header)
        #expect(priOnly.priority == 13 && priOnly.timestamp == nil)
    }

    @Test func guideExamplesParse() throws {
        let a = try #require(try LEEFDecoder.decode("<13>Jan 18 11:07:53 192.168.1.1 " + leef, referenceTime: 1_547_809_673_520).header)
        #expect(a.timestamp == 1_547_809_673_000)
        let b = try #require(try LEEFDecoder.decode("<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 - - - - " + leef, referenceTime: 0).header)
        #expect(b.timestamp == 1_547_809_673_520)
        #expect(b.hostname == "192.168.1.1")
    }

    @Test func priorityHelpers() {
        #expect(SyslogHeader.priority(facility: 16, severity: 6) == 134)
        #expect(SyslogHeader.priority(facility: 99, severity: -1) == 184)
        let h = SyslogHeader(format: .rfc5424, priority: 134)
        #expect(h.facility == 16 && h.severity == 6)
    }

    @Test func everyPrefixOfAHeaderFailsCleanly() {
        let lines = [
            #"<165>1 2003-10-11T22:14:15.003Z mymachine evntslog 12 ID47 [ex@1 a="b\"]"] "# + leef,
            "<13>Jan 18 11:07:53 host app[1]: " + leef,
        ]
        for line in lines {
            let bytes = Array(line.utf8)
            for cut in 0..<bytes.count {
                // Must not trap; a cut inside the LEEF attributes may still decode.
                _ = try? LEEFDecoder.decode(bytes: bytes[0..<cut], referenceTime: 0)
            }
            #expect((try? LEEFDecoder.decode(bytes: bytes, referenceTime: 0)) != nil)
        }
    }
}
