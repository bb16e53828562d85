import VigilCore

/// Proleptic Gregorian calendar arithmetic in UTC, on `VigilCore.CivilDate` (Howard Hinnant's `days_from_civil` /
/// `civil_from_days`).
///
/// Hand-written so that the LEEF module needs no Foundation calendar: converting a time is a few integer
/// operations instead of a `Calendar` or `DateFormatter` per event.
enum CivilTime {
    static let millisPerDay: Int64 = 86_400_000

    static func isLeapYear(_ y: Int) -> Bool { CivilDate.isLeapYear(y) }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 for a valid civil date (`VigilCore.CivilDate`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        CivilDate.days(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    /// The civil date of a day count since 1970-01-01 (`VigilCore.CivilDate`).
    static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let (y, m, d) = CivilDate.civil(fromDays: days)
        return (Int(y), Int(m), Int(d))
    }

    /// Epoch milliseconds of a wall-clock time at a UTC offset, or nil when a field is out of range.
    /// Second 60 (a leap second) is accepted and folds into the next minute, as most parsers do.
    static func epochMillis(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millis: Int, offsetSeconds: Int
    ) -> Int64? {
        guard (-9999...99999).contains(year), (1...12).contains(month), day >= 1,
            day <= daysInMonth(year: year, month: month), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second), (0...999).contains(millis), abs(offsetSeconds) <= 24 * 3600
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let secs = Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second) - Int64(offsetSeconds)
        return days * millisPerDay + secs * 1000 + Int64(millis)
    }

    /// Broken-down UTC time of epoch milliseconds.
    static func components(_ ms: Int64) -> Components {
        // Floor division written so that it cannot overflow, even for Int64.min.
        var days = ms / millisPerDay
        var rem = ms % millisPerDay
        if rem < 0 {
            days -= 1
            rem += millisPerDay
        }
        let (y, m, d) = civilFromDays(days)
        let secOfDay = Int(rem / 1000)
        // 1970-01-01 was a Thursday; weekday is 0 = Sunday.
        let weekday = Int(((days % 7) + 7 + 4) % 7)
        return Components(
            year: y, month: m, day: d, hour: secOfDay / 3600, minute: (secOfDay / 60) % 60, second: secOfDay % 60,
            millis: Int(rem % 1000), weekday: weekday)
    }

    struct Components {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millis: Int, weekday: Int
    }

    /// Of the years around the reference time, the one that puts month/day/time closest to it; used for
    /// timestamps that carry no year (RFC 3164 headers, `MMM dd HH:mm:ss` device times).
    static func closestYear(
        referenceTime: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int, millis: Int,
        offsetSeconds: Int
    ) -> Int64? {
        // Clamp to about ±100,000 years so the distance arithmetic below cannot overflow.
        let referenceTime = min(max(referenceTime, -3_000_000_000_000_000), 3_000_000_000_000_000)
        let refYear = components(referenceTime).year
        var best: Int64?
        var bestDistance = UInt64.max
        for year in (refYear - 1)...(refYear + 1) {
            guard
                let t = epochMillis(
                    year: year, month: month, day: day, hour: hour, minute: minute, second: second, millis: millis,
                    offsetSeconds: offsetSeconds)
            else { continue }
            let distance = t >= referenceTime ? UInt64(t - referenceTime) : UInt64(referenceTime - t)
            if distance < bestDistance {
                bestDistance = distance
                best = t
            }
        }
        return best
    }

    static let monthAbbreviations: [String] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    static let monthNames: [String] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let weekdayAbbreviations: [String] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let weekdayNames: [String] = [
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    ]
}
