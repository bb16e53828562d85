import Analytics
import Testing
import VigilCore

@Suite struct TimeZoneRuleTests {
    // Transition instants worked out by hand from the rules (and checked against Python's zoneinfo):
    // US 2026: 8 March 07:00 UTC (02:00 EST) and 1 November 06:00 UTC (02:00 EDT).
    // EU 2026: 29 March 01:00 UTC and 25 October 01:00 UTC.
    static let usStart: EpochMillis = 1_772_953_200_000
    static let usEnd: EpochMillis = 1_793_512_800_000
    static let euEnd: EpochMillis = 1_792_890_000_000

    @Test func usDaylightSaving() {
        let ny = TimeZoneRule(standardOffsetMinutes: -300, daylight: .us)
        #expect(ny.offsetMinutes(at: Self.usStart - 1) == -300)
        #expect(ny.offsetMinutes(at: Self.usStart) == -240)
        #expect(ny.offsetMinutes(at: Self.usEnd - 1) == -240)
        #expect(ny.offsetMinutes(at: Self.usEnd) == -300)
        let span = ny.daylightSpan(containing: Self.usEnd - 1000)
        #expect(span.daylight && span.from == Self.usStart && span.until == Self.usEnd)
    }

    @Test func euDaylightSaving() {
        let berlin = TimeZoneRule(standardOffsetMinutes: 60, daylight: .eu)
        #expect(berlin.offsetMinutes(at: Self.euEnd - 1) == 120)
        #expect(berlin.offsetMinutes(at: Self.euEnd) == 60)
        #expect(TimeZoneRule.utc.offsetMinutes(at: Self.euEnd) == 0)
    }

    @Test func australianDaylightSavingSpansTheNewYear() {
        let sydney = TimeZoneRule(standardOffsetMinutes: 600, daylight: .au)
        // 15 January 2026 is summer (AEDT, +11); 15 July 2026 is winter (+10).
        #expect(sydney.offsetMinutes(at: 1_768_435_200_000) == 660)
        #expect(sydney.offsetMinutes(at: 1_784_073_600_000) == 600)
    }

    @Test func parsesFixedOffsets() {
        #expect(TimeZoneRule.parseOffset("+05:30") == 330)
        #expect(TimeZoneRule.parseOffset("-0800") == -480)
        #expect(TimeZoneRule.parseOffset("UTC+2") == 120)
        #expect(TimeZoneRule.parseOffset("GMT-03:00") == -180)
        #expect(TimeZoneRule.parseOffset("Z") == 0)
        #expect(TimeZoneRule.parseOffset("330") == 330)
        #expect(TimeZoneRule.parseOffset("Europe/Berlin") == nil)
        #expect(TimeZoneRule.parseOffset("+25:00") == nil)
        #expect(TimeZoneRule.parseOffset("") == nil)
    }

    @Test func sitesResolveTheMostSpecificPrefix() throws {
        let nyc = GeoLocation(country: "US", city: "New York", latitude: 40.7, longitude: -74)
        let lab = GeoLocation(country: "US", city: "Lab", latitude: 41, longitude: -73)
        let sites = SiteMap(sites: [try #require(SiteMap.Site(cidr: "10.10.0.0/16", location: nyc)),
                                    try #require(SiteMap.Site(cidr: "10.10.5.0/24", location: lab))])
        #expect(sites.location(of: "10.10.1.2")?.city == "New York")
        #expect(sites.location(of: "10.10.5.9")?.city == "Lab")
        #expect(sites.location(of: "10.11.0.1") == nil)
        #expect(sites.location(of: "not an address") == nil)
        #expect(SiteMap.Site(cidr: "10.10.0.0/33", location: nyc) == nil)
    }
}
