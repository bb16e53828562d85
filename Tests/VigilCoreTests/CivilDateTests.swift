import Testing
import VigilCore

@Suite struct CivilDateTests {
    @Test func epochDayRoundTripsAcrossLeapYearsAndBeforeTheEpoch() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).epochDay == 0)
        #expect(CivilDate(epochDay: -1) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(CivilDate(year: 2000, month: 2, day: 29).epochDay == 11_016)
        #expect(CivilDate(epochDay: 11_017) == CivilDate(year: 2000, month: 3, day: 1))
        #expect(CivilDate(year: 1900, month: 3, day: 1).epochDay - CivilDate(year: 1900, month: 2, day: 28).epochDay == 1)
        #expect(CivilDate(year: 2024, month: 3, day: 1).epochDay - CivilDate(year: 2024, month: 2, day: 28).epochDay == 2)
        #expect(CivilDate(year: 1600, month: 1, day: 1).epochDay == -135_140)
        // Every day from 1583 to 2400 maps back to itself, and consecutive days are consecutive dates.
        var previous = CivilDate(epochDay: -141_000)
        for day in -140_999...157_000 {
            let date = CivilDate(epochDay: day)
            #expect(date.epochDay == day)
            if date.day == 1 {
                #expect(previous.day == CivilDate.daysInMonth(previous.month, year: previous.year))
            } else if date.day != previous.day + 1 {
                Issue.record("\(previous) → \(date)")
                break
            }
            previous = date
        }
    }

    @Test func leapYearsAndWeekdays() {
        #expect(CivilDate.isLeapYear(2000) && CivilDate.isLeapYear(2024) && !CivilDate.isLeapYear(1900) && !CivilDate.isLeapYear(2026))
        #expect(CivilDate.daysInMonth(2, year: 2000) == 29)
        #expect(CivilDate.daysInMonth(2, year: 2100) == 28)
        #expect(CivilDate(year: 1970, month: 1, day: 1).weekday == 3)  // Thursday
        #expect(CivilDate(year: 1969, month: 12, day: 29).weekday == 0)  // Monday
        #expect(CivilDate(year: 2026, month: 10, day: 1).description == "2026-10-01")
        #expect(CivilDate(year: 2026, month: 1, day: 2) < CivilDate(year: 2026, month: 1, day: 3))
    }

    @Test func formatsISO8601WithMilliseconds() {
        #expect(UTCTime.iso8601(0) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTime.iso8601(-1) == "1969-12-31T23:59:59.999Z")
        #expect(UTCTime.iso8601(1_763_801_823_123) == "2025-11-22T08:57:03.123Z")
        #expect(UTCTime.iso8601(951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(UTCTime.iso8601(-2_208_988_800_000) == "1900-01-01T00:00:00.000Z")
        #expect(UTCTime.iso8601Seconds(1_763_801_823_123) == "2025-11-22T08:57:03Z")
    }

    @Test func parsesISO8601() {
        #expect(UTCTime.parseISO8601("1970-01-01T00:00:00.000Z") == 0)
        #expect(UTCTime.parseISO8601("1969-12-31T23:59:59.999Z") == -1)
        #expect(UTCTime.parseISO8601("2000-02-29") == 951_782_400_000)
        #expect(UTCTime.parseISO8601("2025-11-22T08:57Z") == 1_763_801_820_000)
        #expect(UTCTime.parseISO8601("2025-11-22 08:57:03.1Z") == 1_763_801_823_100)
        #expect(UTCTime.parseISO8601("2025-11-22T08:57:03.123456Z") == 1_763_801_823_123)
        for bad in ["", "2025-13-01", "2025-11-32", "2025-11-22T24:00Z", "2025-11-22T08:60Z", "2025-11-22T08:57:03",
                    "2025-11-22T08:57:03.Z", "2025-11-22T08:57:03+01:00", "yesterday", "2025/11/22"] {
            #expect(UTCTime.parseISO8601(bad) == nil, "\(bad)")
        }
    }

    @Test func iso8601RoundTrips() {
        var t: EpochMillis = -5_000_000_000_000
        while t < 10_000_000_000_000 {
            #expect(UTCTime.parseISO8601(UTCTime.iso8601(t)) == t)
            t += 7_777_777_777
        }
    }

    @Test func components() {
        let c = UTCTime.components(1_763_801_823_123)
        #expect(c.date == CivilDate(year: 2025, month: 11, day: 22))
        #expect(c.hour == 8 && c.minute == 57 && c.second == 3 && c.millisecond == 123)
        #expect(UTCTime.millis(c.date, hour: 8, minute: 57, second: 3, millisecond: 123) == 1_763_801_823_123)
        #expect(UTCTime.epochDay(-1) == -1)
        #expect(UTCTime.epochDay(EpochMillis.day) == 1)
    }
}
