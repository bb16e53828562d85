import Testing
@testable import AQL

@Suite struct LikePatternTests {
    @Test(arguments: [
        ("%abc%", "xxabcxx", true), ("%abc%", "xxabxx", false), ("abc%", "abcdef", true), ("abc%", "xabc", false),
        ("%def", "abcdef", true), ("a_c", "abc", true), ("a_c", "abbc", false), ("a_c", "aéc", true),
        ("%a%b%c%", "xaybzc", true), ("%a%b%c%", "xcybza", false), ("", "", true), ("%", "", true), ("_", "", false),
        ("%\\127.0.0.1\\ADMIN$\\__%", "cmd 1> \\\\127.0.0.1\\ADMIN$\\__16049", true), ("100%", "100%", true),
        ("a%%b", "ab", true), ("%_%", "x", true),
    ] as [(String, String, Bool)])
    func like(pattern: String, text: String, expected: Bool) {
        #expect(AQLLikePattern(pattern, caseInsensitive: false).matches(text) == expected)
    }

    @Test func ilike() {
        #expect(AQLLikePattern("%LOGIN%", caseInsensitive: true).matches("ssh login failed"))
        #expect(AQLLikePattern("ÉCOLE%", caseInsensitive: true).matches("école primaire"))
        #expect(!AQLLikePattern("%LOGIN%", caseInsensitive: false).matches("ssh login failed"))
    }
}

@Suite struct NetworkTests {
    @Test func cidr() throws {
        let v4 = try #require(AQLNetwork.parseCIDR("10.0.0.0/8"))
        #expect(v4.contains(try #require(AQLNetwork.parse("10.255.1.2"))))
        #expect(!v4.contains(try #require(AQLNetwork.parse("11.0.0.1"))))
        #expect(v4.contains(try #require(AQLNetwork.parse("::ffff:10.1.2.3"))))
        let v6 = try #require(AQLNetwork.parseCIDR("2001:db8::/32"))
        #expect(v6.contains(try #require(AQLNetwork.parse("2001:db8:1::5"))))
        #expect(!v6.contains(try #require(AQLNetwork.parse("2001:db9::1"))))
        #expect(!v6.contains(try #require(AQLNetwork.parse("10.0.0.1"))))
        #expect(AQLNetwork.parseCIDR("0.0.0.0/0")!.contains(AQLNetwork.parse("1.2.3.4")!))
        #expect(AQLNetwork.parseCIDR("192.168.122.84/10")!.contains(AQLNetwork.parse("192.150.0.1")!))
    }

    @Test func parsing() {
        #expect(AQLNetwork.parseIPv4("192.168.0.1") == 0xC0A8_0001)
        for bad in ["256.1.1.1", "1.2.3", "1..2.3", "a.b.c.d", "1.2.3.4.5", ""] { #expect(AQLNetwork.parseIPv4(bad) == nil) }
        #expect(AQLNetwork.parse("0:0:0:0:0:0:0:0") != nil)
        #expect(AQLNetwork.parse("3001:0:0:0:0:0:0:2")?.low == 2)
        #expect(AQLNetwork.parse("::") != nil)
        #expect(AQLNetwork.parse("fe80::1%eth0") != nil)
        for bad in ["1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", ":1:2:3:4:5:6:7", "ab12:1:4:1:106b:2121:xz15:361a"] {
            #expect(AQLNetwork.parse(bad) == nil, "\(bad)")
        }
        for bad in ["10.0.0.0/33", "::/129", "10.0.0.0/x", "nope"] { #expect(AQLNetwork.parseCIDR(bad) == nil) }
    }
}

@Suite struct DateTimeTests {
    @Test func civilRoundTrip() {
        for days: Int64 in [-1_000_000, -719_468, -1, 0, 1, 11_016, 19_000, 2_932_896] {
            let (y, m, d) = AQLDateTime.civilFromDays(days)
            #expect(AQLDateTime.daysFromCivil(year: y, month: m, day: d) == days)
        }
        #expect(AQLDateTime.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(AQLDateTime.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
    }

    @Test func qradarFormats() throws {
        // 2014-04-25 15:51:20 UTC = 1398441080000 ms.
        for text in ["2014-04-25 15:51:20", "2014/04/25 15:51:20", "2014/04/25-15:51:20", "2014:04:25-15:51:20", "2014-04-25 15:51:20Z", "2014-04-25 15:51:20 z"] {
            let t = try #require(AQLDateTime.parseQRadarTime(text), "\(text)")
            #expect(t.wallMillis == 1_398_441_080_000, "\(text)")
        }
        #expect(AQLDateTime.parseQRadarTime("2014-04-25 15:51")?.wallMillis == 1_398_441_060_000)
        #expect(AQLDateTime.parseQRadarTime("2014-04-25 15:51Z")?.isUTC == true)
        for bad in ["2014-25-04 15:51", "2014-02-30 00:00", "2014-04-25", "yesterday", "2014-04-25 24:00", "2014-04-25 15:51 extra"] {
            #expect(AQLDateTime.parseQRadarTime(bad) == nil, "\(bad)")
        }
    }

    @Test func parseDateTime() {
        let now: Int64 = 1_700_000_000_000
        #expect(AQLDateTime.parseDateTime("now", now: now, zoneOffsetMillis: 0) == now)
        #expect(AQLDateTime.parseDateTime("1 hour ago", now: now, zoneOffsetMillis: 0) == now - 3_600_000)
        #expect(AQLDateTime.parseDateTime("2 DAYS AGO", now: now, zoneOffsetMillis: 0) == now - 172_800_000)
        let local = AQLDateTime.parseDateTime("2014-04-25 15:51", now: now, zoneOffsetMillis: 3_600_000)
        #expect(local == 1_398_437_460_000)
        #expect(AQLDateTime.parseDateTime("soon", now: now, zoneOffsetMillis: 0) == nil)
    }

    @Test func dateFormat() {
        let t: Int64 = 1_398_441_080_123 // Fri 2014-04-25 15:51:20.123 UTC
        #expect(AQLDateTime.format(t, pattern: "yyyy-MM-dd HH:mm:ss") == "2014-04-25 15:51:20")
        #expect(AQLDateTime.format(t, pattern: "yyyy-MM-dd hh:mm a") == "2014-04-25 03:51 PM")
        #expect(AQLDateTime.format(t, pattern: "dd-MM-yyyy") == "25-04-2014")
        #expect(AQLDateTime.format(t, pattern: "yyyy-MM-dd'T'HH:mm:ss.SSS") == "2014-04-25T15:51:20.123")
        #expect(AQLDateTime.format(t, pattern: "EEE, MMM d yy") == "Fri, Apr 25 14")
        #expect(AQLDateTime.format(t, pattern: "EEEE MMMM D") == "Friday April 115")
        #expect(AQLDateTime.format(t, pattern: "HH:mm", zoneOffsetMillis: 2 * 3_600_000) == "17:51")
        #expect(AQLDateTime.format(-1, pattern: "yyyy-MM-dd HH:mm:ss.SSS") == "1969-12-31 23:59:59.999")
        #expect(AQLDateTime.parse("25/04/2014 15:51:20", pattern: "dd/MM/yyyy HH:mm:ss") == 1_398_441_080_000)
        #expect(AQLDateTime.parse("Apr 25 2014 03:51 PM", pattern: "MMM dd yyyy hh:mm a") == 1_398_441_060_000)
    }
}

@Suite struct TextSearchTests {
    @Test func booleanTerms() {
        let s = AQLTextSearch("login AND failed")
        #expect(s.matches("SSH Login FAILED for bob"))
        #expect(!s.matches("login ok"))
        #expect(AQLTextSearch("vpn OR ssh").matches("vpn up"))
        #expect(AQLTextSearch("login NOT ok").matches("login failed"))
        #expect(!AQLTextSearch("login NOT ok").matches("login ok"))
        #expect(AQLTextSearch("\"VPN Authenticated user\"").matches("x VPN authenticated USER y"))
        #expect(!AQLTextSearch("\"VPN Authenticated user\"").matches("VPN user authenticated"))
        #expect(AQLTextSearch("%New-Item% AND %Set-ItemProperty%").matches("New-Item x; Set-ItemProperty y"))
        #expect(AQLTextSearch("adm*n").matches("the administrator logged in"))
        #expect(AQLTextSearch("(a OR b) AND (c").matches("b c"))
        _ = AQLTextSearch(String(repeating: "(", count: 10_000) + String(repeating: "NOT ", count: 10_000))
    }
}
