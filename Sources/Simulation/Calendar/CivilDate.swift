import VigilCore

// `CivilDate` (epoch day ⇄ year/month/day, weekday) and the ISO 8601 helpers live in VigilCore; the simulator adds
// the holiday arithmetic it needs. Everything stays integer arithmetic, so the simulator produces the same bytes on
// every machine.

extension CivilDate {
    /// The `n`th (1-based) given weekday of a month, or the last one when `n` is 0 or negative.
    public static func nthWeekday(_ weekday: Int, n: Int, month: Int, year: Int) -> CivilDate {
        if n > 0 {
            let first = CivilDate(year: year, month: month, day: 1).epochDay
            let offset = (weekday - Self.weekday(epochDay: first) + 7) % 7
            return CivilDate(epochDay: first + offset + (n - 1) * 7)
        }
        let nextMonth = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
        let last = nextMonth.epochDay - 1
        let back = (Self.weekday(epochDay: last) - weekday + 7) % 7
        return CivilDate(epochDay: last - back)
    }

    /// Easter Sunday (Gregorian), by the anonymous Meeus/Jones/Butcher algorithm.
    public static func easter(year: Int) -> CivilDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)
    }
}

/// Conversions between epoch milliseconds and calendar text, in UTC: the simulator's names for `VigilCore.UTCTime`.
public enum SimTime {
    /// The epoch day containing `millis` (floor division, so instants before 1970 work too).
    @inline(__always)
    public static func epochDay(_ millis: EpochMillis) -> Int { UTCTime.epochDay(millis) }

    /// Midnight UTC of an epoch day.
    @inline(__always)
    public static func midnight(epochDay: Int) -> EpochMillis { UTCTime.midnight(epochDay: epochDay) }

    /// Epoch milliseconds of a UTC calendar time.
    public static func millis(_ date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) -> EpochMillis {
        UTCTime.millis(date, hour: hour, minute: minute, second: second)
    }

    /// ISO 8601 / RFC 3339 in UTC with milliseconds: `2026-10-01T09:05:03.120Z`.
    public static func iso8601(_ millis: EpochMillis) -> String { UTCTime.iso8601(millis) }

    /// Parses `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm[:ss[.SSS]]Z` (UTC only); nil when it does not match.
    public static func parseISO8601(_ text: String) -> EpochMillis? { UTCTime.parseISO8601(text) }
}
