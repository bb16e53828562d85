import VigilCore

/// A proleptic Gregorian calendar date, computed with integer arithmetic so that the simulator never needs a
/// `Calendar`, a `Locale` or a time-zone database (and so produces the same bytes on every machine).
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of an epoch day (days since 1970-01-01). Howard Hinnant's `civil_from_days`.
    public init(epochDay: Int) {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: m <= 2 ? y + 1 : y, month: m, day: d)
    }

    /// Days since 1970-01-01. Howard Hinnant's `days_from_civil`.
    public var epochDay: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Day of the week, 0 = Monday … 6 = Sunday (ISO order).
    public var weekday: Int { Self.weekday(epochDay: epochDay) }

    /// Day of the week of an epoch day, 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday.
    @inline(__always)
    public static func weekday(epochDay: Int) -> Int {
        let w = (epochDay + 3) % 7
        return w < 0 ? w + 7 : w
    }

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

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.epochDay < rhs.epochDay }

    /// `yyyy-MM-dd`.
    public var description: String {
        Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Conversions between epoch milliseconds and calendar text, in UTC.
public enum SimTime {
    /// The epoch day containing `millis` (floor division, so instants before 1970 work too).
    @inline(__always)
    public static func epochDay(_ millis: EpochMillis) -> Int {
        Int(millis >= 0 ? millis / EpochMillis.day : (millis - EpochMillis.day + 1) / EpochMillis.day)
    }

    /// Midnight UTC of an epoch day.
    @inline(__always)
    public static func midnight(epochDay: Int) -> EpochMillis { EpochMillis(epochDay) * EpochMillis.day }

    /// Epoch milliseconds of a UTC calendar time.
    public static func millis(_ date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) -> EpochMillis {
        midnight(epochDay: date.epochDay) + EpochMillis(hour) * .hour + EpochMillis(minute) * .minute + EpochMillis(second) * .second
    }

    /// ISO 8601 / RFC 3339 in UTC with milliseconds: `2026-10-01T09:05:03.120Z`.
    public static func iso8601(_ millis: EpochMillis) -> String {
        let day = epochDay(millis)
        let date = CivilDate(epochDay: day)
        let ms = millis - midnight(epochDay: day)
        let h = Int(ms / EpochMillis.hour), m = Int(ms / EpochMillis.minute % 60), s = Int(ms / 1000 % 60)
        let f = Int(ms % 1000)
        return date.description + "T" + CivilDate.pad(h, 2) + ":" + CivilDate.pad(m, 2) + ":" + CivilDate.pad(s, 2)
            + "." + CivilDate.pad(f, 3) + "Z"
    }

    /// Parses `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm[:ss[.SSS]]Z` (UTC only); nil when it does not match.
    public static func parseISO8601(_ text: String) -> EpochMillis? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var v = 0
            for b in bytes[from..<(from + count)] {
                guard b >= 48, b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        let date = CivilDate(year: y, month: mo, day: d)
        if bytes.count == 10 { return millis(date) }
        guard bytes.count >= 17, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), let h = number(11, 2), let mi = number(14, 2), h < 24, mi < 60 else {
            return nil
        }
        var i = 16
        var s = 0, frac = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
            guard let sec = number(i + 1, 2), sec < 60 else { return nil }
            s = sec
            i += 3
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                var digits = 0
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                    if digits < 3 { frac = frac * 10 + Int(bytes[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                var scale = digits
                while scale < 3 { frac *= 10; scale += 1 }
            }
        }
        guard i == bytes.count - 1, bytes[i] == UInt8(ascii: "Z") else { return nil }
        return millis(date, hour: h, minute: mi, second: s) + EpochMillis(frac)
    }
}
