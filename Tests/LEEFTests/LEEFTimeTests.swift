import Testing

@testable import LEEF

/// Expected epoch values were computed independently with Python's `datetime` (noted per case).
struct LEEFTimeTests {
    @Test(arguments: [
        ("Jan 18 2019 11:07:53", "MMM dd yyyy HH:mm:ss", Int64(1_547_809_673_000)),
        ("Jan 18 2019 11:07:53.520", "MMM dd yyyy HH:mm:ss.SSS", 1_547_809_673_520),
        ("Jan 18 2019 11:07:53.520 UTC", "MMM dd yyyy HH:mm:ss.SSS z", 1_547_809_673_520),
        ("Aug 16 2016 13:27:21.000 EST", "MMM dd yyyy HH:mm:ss.SSS z", 1_471_372_041_000),
        ("Mar  5 2021 07:08:09.123 PDT", "MMM dd yyyy HH:mm:ss.SSS z", 1_614_953_289_123),
        ("Aug 16 2016 13:27:21.000 GMT-05:00", "MMM dd yyyy HH:mm:ss.SSS z", 1_471_372_041_000),
        ("Aug 16 2016 13:27:21.000 -0500", "MMM dd yyyy HH:mm:ss.SSS Z", 1_471_372_041_000),
        ("2025-06-30T12:00:00-03:30", "yyyy-MM-dd'T'HH:mm:ssXXX", 1_751_297_400_000),
        ("20231114221320", "yyyyMMddHHmmss", 1_700_000_000_000),
        ("14/11/23 10:13:20 PM", "dd/MM/yy hh:mm:ss a", 1_700_000_000_000),
        ("Tue, 14 November 2023 22:13:20 GMT", "EEE, d MMMM yyyy HH:mm:ss z", 1_700_000_000_000),
        ("2024-07-04 01:02:03 PM", "yyyy-MM-dd hh:mm:ss a", 1_720_098_123_000),
    ] as [(String, String, Int64)])
    func parsesSimpleDateFormatPatterns(_ text: String, _ pattern: String, _ expected: Int64) {
        #expect(LEEFTime.parse(text, pattern: pattern) == expected)
        #expect(LEEFTime.parse(text, format: pattern) == expected)
    }

    @Test(arguments: [
        ("1547809673520", Int64(1_547_809_673_520)),  // epoch ms (McAfee MWG style)
        ("1547809673", 1_547_809_673_000),  // epoch seconds
        ("1547809673.52", 1_547_809_673_520),
        ("2019-01-18T11:07:53.520Z", 1_547_809_673_520),
        ("2019-01-18 11:07:53", 1_547_809_673_000),
        ("2024-02-29T23:59:59.999+02:00", 1_709_243_999_999),
        ("1969-07-20T20:17:40Z", -14_182_940_000),
        ("Jan 18 2019 11:07:53.520 UTC", 1_547_809_673_520),
        ("Dec 31 2023 23:59:58", 1_704_067_198_000),
    ] as [(String, Int64)])
    func parsesWithoutAFormat(_ text: String, _ expected: Int64) {
        #expect(LEEFTime.parse(text) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "Foo 18 2019 11:07:53", "Feb 30 2024 10:00:00", "2024-13-01T00:00:00Z",
        "2024-01-01T25:00:00Z", "Jan 18 2019 11:07:53.520 XYZ", "12:00", "2024-01-01T00:00:00Zjunk",
    ])
    func rejectsGarbage(_ text: String) {
        #expect(LEEFTime.parse(text) == nil)
    }

    @Test func patternWithoutYearUsesTheReferenceTime() {
        #expect(LEEFTime.parse("Dec 31 23:59:58", pattern: "MMM dd HH:mm:ss") == nil)
        #expect(LEEFTime.parse("Dec 31 23:59:58", pattern: "MMM dd HH:mm:ss", referenceTime: 1_704_153_600_000) == 1_704_067_198_000)
    }

    @Test func formatsPatterns() {
        // 1700000000123 = Tue 2023-11-14 22:13:20.123 UTC (python).
        let t: Int64 = 1_700_000_000_123
        #expect(LEEFTime.format(t, pattern: "MMM dd yyyy HH:mm:ss.SSS z") == "Nov 14 2023 22:13:20.123 UTC")
        #expect(LEEFTime.format(t, pattern: "EEE, d MMMM yy hh:mm a Z") == "Tue, 14 November 23 10:13 PM +0000")
        #expect(LEEFTime.format(t, pattern: "yyyy-MM-dd'T'HH:mm:ss.SSSX") == "2023-11-14T22:13:20.123Z")
        #expect(LEEFTime.iso8601(t) == "2023-11-14T22:13:20.123Z")
        #expect(LEEFTime.iso8601(-14_182_940_000) == "1969-07-20T20:17:40.000Z")
    }

    @Test func formatThenParseRoundTrips() {
        var random = TestRandom(seed: 99)
        for pattern in LEEFTime.suggestedFormats + ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "EEE MMM d HH:mm:ss.SSS yyyy"] {
            for _ in 0..<300 {
                // 1900 ... 2100
                let t = Int64(random.int(-2_208_988_800_000...4_102_444_800_000))
                let expected = pattern.contains("SSS") ? t : t - ((t % 1000) + 1000) % 1000
                let text = LEEFTime.format(t, pattern: pattern)
                #expect(LEEFTime.parse(text, pattern: pattern) == expected, "\(pattern) \(text)")
            }
        }
    }

    /// Cross-checks the calendar arithmetic against naive day counting.
    @Test func civilArithmeticMatchesNaiveCounting() {
        var days: Int64 = 0
        var y = 1970
        var m = 1
        var d = 1
        // Walk forward day by day from 1970 to 2101 and compare.
        while y < 2101 {
            let text = "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)T00:00:00Z"
            if d == 1 || (y % 7 == 0) {
                #expect(LEEFTime.parseISO8601(text) == days * 86_400_000, "\(text)")
            }
            let monthLength = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
            d += 1
            if d > monthLength {
                d = 1
                m += 1
                if m > 12 {
                    m = 1
                    y += 1
                }
            }
            days += 1
        }
    }

    @Test func eventDevTimeAccessors() {
        var e = LEEFEvent(vendor: "V", product: "P", productVersion: "1", eventID: "E")
        #expect(e.devTime == nil)
        e.attributes["devTime"] = "Jan 18 2019 11:07:53.520 UTC"
        e.devTimeFormat = "MMM dd yyyy HH:mm:ss.SSS z"
        #expect(e.devTime == 1_547_809_673_520)
        e.devTime = 1_471_354_041_000
        #expect(e.attributes["devTime"] == "1471354041000")
        #expect(e.devTimeFormat == nil)
        #expect(e.devTime == 1_471_354_041_000)
        e.setDevTime(1_700_000_000_123)
        #expect(e.attributes["devTime"] == "Nov 14 2023 22:13:20.123 UTC")
        #expect(e.devTime == 1_700_000_000_123)
        e.attributes["devTime"] = "Nov 14 22:13:20"
        e.devTimeFormat = "MMM dd HH:mm:ss"
        #expect(e.devTime == nil)
        #expect(e.devTime(referenceTime: 1_700_000_000_000) == 1_700_000_000_000)
    }
}
