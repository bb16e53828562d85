/// A proleptic Gregorian calendar date, computed with integer arithmetic, so that nothing needs a `Calendar`, a
/// `Locale` or a time-zone database (and the same instant gives the same bytes on every machine).
///
/// The package's one days-from-civil / civil-from-days (Howard Hinnant's algorithms); ``UTCTime`` builds ISO 8601
/// text on it.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of an epoch day (days since 1970-01-01, negative before). Hinnant's `civil_from_days`.
    public init(epochDay: Int) {
        let (y, m, d) = Self.civil(fromDays: Int64(epochDay))
        self.init(year: Int(y), month: Int(m), day: Int(d))
    }

    /// Days since 1970-01-01. Hinnant's `days_from_civil`.
    public var epochDay: Int { Int(Self.days(year: Int64(year), month: Int64(month), day: Int64(day))) }

    /// Days since 1970-01-01 of a civil date (month 1…12).
    @inlinable
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date (year, month 1…12, day 1…31) of days since 1970-01-01.
    @inlinable
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// Days in `month` (1…12) of `year`.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Day of the week, 0 = Monday … 6 = Sunday (ISO order).
    public var weekday: Int { Self.weekday(epochDay: epochDay) }

    /// Day of the week of an epoch day, 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday.
    @inline(__always)
    public static func weekday(epochDay: Int) -> Int {
        let w = (epochDay + 3) % 7
        return w < 0 ? w + 7 : w
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.epochDay < rhs.epochDay }

    /// `yyyy-MM-dd`.
    public var description: String {
        Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    /// `value` in decimal, zero-padded to `width` digits (a minus sign goes before the padding).
    public static func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let s = String(value.magnitude)
        let padded = s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        return value < 0 ? "-" + padded : padded
    }
}

/// Conversions between epoch milliseconds and UTC calendar text: the package's one ISO 8601 formatter and parser.
public enum UTCTime {
    /// The epoch day containing `millis` (floor division, so instants before 1970 work too).
    @inline(__always)
    public static func epochDay(_ millis: EpochMillis) -> Int {
        Int(millis >= 0 ? millis / EpochMillis.day : (millis - EpochMillis.day + 1) / EpochMillis.day)
    }

    /// Midnight UTC of an epoch day.
    @inline(__always)
    public static func midnight(epochDay: Int) -> EpochMillis { EpochMillis(epochDay) * EpochMillis.day }

    /// Epoch milliseconds of a UTC calendar time.
    public static func millis(_ date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) -> EpochMillis {
        midnight(epochDay: date.epochDay) + EpochMillis(hour) * .hour + EpochMillis(minute) * .minute + EpochMillis(second) * .second
            + EpochMillis(millisecond)
    }

    /// The calendar date and time of day of `millis`, in UTC.
    public static func components(_ millis: EpochMillis) -> (date: CivilDate, hour: Int, minute: Int, second: Int, millisecond: Int) {
        let day = epochDay(millis)
        let ms = millis - midnight(epochDay: day)
        return (CivilDate(epochDay: day), Int(ms / EpochMillis.hour), Int(ms / EpochMillis.minute % 60), Int(ms / 1000 % 60), Int(ms % 1000))
    }

    /// ISO 8601 / RFC 3339 in UTC with milliseconds: `2026-10-01T09:05:03.120Z`.
    public static func iso8601(_ millis: EpochMillis) -> String {
        let c = components(millis)
        return c.date.description + "T" + CivilDate.pad(c.hour, 2) + ":" + CivilDate.pad(c.minute, 2) + ":"
            + CivilDate.pad(c.second, 2) + "." + CivilDate.pad(c.millisecond, 3) + "Z"
    }

    /// ISO 8601 in UTC without fractional seconds: `2026-10-01T09:05:03Z`.
    public static func iso8601Seconds(_ millis: EpochMillis) -> String {
        let c = components(millis)
        return c.date.description + "T" + CivilDate.pad(c.hour, 2) + ":" + CivilDate.pad(c.minute, 2) + ":"
            + CivilDate.pad(c.second, 2) + "Z"
    }

    /// Parses `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm[:ss[.fraction]]Z` (also with a space for `T`; UTC only; digits of
    /// the fraction past milliseconds are dropped); nil when it does not match.
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
