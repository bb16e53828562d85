import Testing
import VigilCore
@testable import Simulation

@Suite("Calendar and time zones")
struct CalendarTests {
    @Test("Civil dates round-trip through epoch days and know their weekdays")
    func civilDates() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).epochDay == 0)
        #expect(CivilDate(epochDay: 0) == CivilDate(year: 1970, month: 1, day: 1))
        // 1 October 2026 is a Thursday; 2000-02-29 exists; 1999-12-31 precedes it by 60 days.
        #expect(CivilDate(year: 2026, month: 10, day: 1).weekday == 3)
        #expect(CivilDate(year: 2000, month: 2, day: 29).epochDay - CivilDate(year: 1999, month: 12, day: 31).epochDay == 60)
        for day in stride(from: -1000, through: 30000, by: 37) {
            #expect(CivilDate(epochDay: day).epochDay == day)
        }
        #expect(SimTime.millis(CivilDate(year: 2026, month: 10, day: 1)) == SimulationConfig.defaultStart)
    }

    @Test("Easter and nth-weekday rules give the published dates")
    func holidaysRules() {
        #expect(CivilDate.easter(year: 2026) == CivilDate(year: 2026, month: 4, day: 5))
        #expect(CivilDate.easter(year: 2024) == CivilDate(year: 2024, month: 3, day: 31))
        // Columbus Day 2026: second Monday of October; Thanksgiving 2026: fourth Thursday of November.
        #expect(CivilDate.nthWeekday(0, n: 2, month: 10, year: 2026) == CivilDate(year: 2026, month: 10, day: 12))
        #expect(CivilDate.nthWeekday(3, n: 4, month: 11, year: 2026) == CivilDate(year: 2026, month: 11, day: 26))
        #expect(CivilDate.nthWeekday(6, n: 0, month: 10, year: 2026) == CivilDate(year: 2026, month: 10, day: 25))
        let calendar = HolidayCalendar(years: 2026...2026)
        #expect(calendar.isHoliday(country: "US", epochDay: CivilDate(year: 2026, month: 10, day: 12).epochDay))
        #expect(calendar.isHoliday(country: "IN", epochDay: CivilDate(year: 2026, month: 10, day: 2).epochDay))
        #expect(calendar.isHoliday(country: "DE", epochDay: CivilDate(year: 2026, month: 10, day: 3).epochDay))
        #expect(!calendar.isHoliday(country: "GB", epochDay: CivilDate(year: 2026, month: 10, day: 12).epochDay))
        // 4 July 2026 is a Saturday, observed on Friday 3 July.
        #expect(calendar.isHoliday(country: "US", epochDay: CivilDate(year: 2026, month: 7, day: 3).epochDay))
    }

    @Test("Daylight saving ends on 25 October 2026 in Europe and 1 November 2026 in the US")
    func daylightSaving() {
        let euEnd = SimTime.millis(CivilDate(year: 2026, month: 10, day: 25), hour: 1)
        #expect(ZoneRule.berlin.offsetMinutes(at: euEnd - 1) == 120)
        #expect(ZoneRule.berlin.offsetMinutes(at: euEnd) == 60)
        #expect(ZoneRule.london.offsetMinutes(at: euEnd - 1) == 60)
        #expect(ZoneRule.london.offsetMinutes(at: euEnd) == 0)
        let usEnd = SimTime.millis(CivilDate(year: 2026, month: 11, day: 1), hour: 6)  // 02:00 EDT
        #expect(ZoneRule.newYork.offsetMinutes(at: usEnd - 1) == -240)
        #expect(ZoneRule.newYork.offsetMinutes(at: usEnd) == -300)
        let usStart = SimTime.millis(CivilDate(year: 2026, month: 3, day: 8), hour: 7)  // 02:00 EST
        #expect(ZoneRule.newYork.offsetMinutes(at: usStart - 1) == -300)
        #expect(ZoneRule.newYork.offsetMinutes(at: usStart) == -240)
        #expect(ZoneRule.kolkata.offsetMinutes(at: usStart) == 330)
        // Sydney is on daylight time in October.
        #expect(ZoneRule.sydney.offsetMinutes(at: SimTime.millis(CivilDate(year: 2026, month: 10, day: 15))) == 660)
        // 09:00 in Berlin is 07:00 UTC in summer time and 08:00 UTC after the change.
        let before = ZoneRule.berlin.utc(localDay: CivilDate(year: 2026, month: 10, day: 23).epochDay, minuteOfDay: 540)
        let after = ZoneRule.berlin.utc(localDay: CivilDate(year: 2026, month: 10, day: 26).epochDay, minuteOfDay: 540)
        #expect(before == SimTime.millis(CivilDate(year: 2026, month: 10, day: 23), hour: 7))
        #expect(after == SimTime.millis(CivilDate(year: 2026, month: 10, day: 26), hour: 8))
    }

    @Test("ISO 8601 formatting and parsing round-trip")
    func iso8601() {
        #expect(SimTime.iso8601(SimulationConfig.defaultStart) == "2026-10-01T00:00:00.000Z")
        #expect(SimTime.parseISO8601("2026-10-01T00:00:00Z") == SimulationConfig.defaultStart)
        #expect(SimTime.parseISO8601("2026-10-01") == SimulationConfig.defaultStart)
        let t: EpochMillis = 1_791_236_773_581
        #expect(SimTime.parseISO8601(SimTime.iso8601(t)) == t)
        #expect(SimTime.parseISO8601("2026-13-01") == nil)
        #expect(SimTime.parseISO8601("yesterday") == nil)
        #expect(SimTime.parseISO8601("2026-10-01T00:00:00.1234567Z") == SimulationConfig.defaultStart + 123)
    }
}
