import VigilCore

/// A user's time zone: a standard offset from UTC and a daylight-saving rule, enough to put an event on the
/// user's local hour of the week without a tz database (so results are identical everywhere).
public struct TimeZoneRule: Sendable, Hashable, Codable {
    /// How clocks move.
    public enum Daylight: String, Sendable, Hashable, Codable {
        /// No daylight-saving time.
        case none
        /// EU: last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC.
        case eu
        /// US/Canada: second Sunday of March 02:00 local to first Sunday of November 02:00 local.
        case us
        /// South-eastern Australia: first Sunday of October 02:00 local to first Sunday of April 03:00 local.
        case au
    }

    /// Standard-time offset in minutes east of UTC.
    public var standardOffsetMinutes: Int
    public var daylight: Daylight

    public init(standardOffsetMinutes: Int, daylight: Daylight = .none) {
        self.standardOffsetMinutes = standardOffsetMinutes
        self.daylight = daylight
    }

    /// UTC.
    public static let utc = TimeZoneRule(standardOffsetMinutes: 0)

    /// Offset from UTC in minutes at an instant.
    public func offsetMinutes(at t: EpochMillis) -> Int {
        let span = daylightSpan(containing: t)
        return span.daylight ? standardOffsetMinutes + 60 : standardOffsetMinutes
    }

    /// Whether daylight time is in force at `t`, and the interval `[from, until)` over which that answer holds, so
    /// callers can cache the offset and recompute only when time leaves the interval.
    public func daylightSpan(containing t: EpochMillis) -> (daylight: Bool, from: EpochMillis, until: EpochMillis) {
        guard daylight != .none else { return (false, .min, .max) }
        let year = CivilCalendar.year(ofEpochMillis: t)
        let (start, end) = transitions(year: year)
        if daylight == .au {
            // Southern hemisphere: daylight from October (start) to April (end) of the next year.
            if t < end { return (true, transitions(year: year - 1).start, end) }
            if t < start { return (false, end, start) }
            return (true, start, transitions(year: year + 1).end)
        }
        if t < start { return (false, transitions(year: year - 1).end, start) }
        if t < end { return (true, start, end) }
        return (false, end, transitions(year: year + 1).start)
    }

    /// UTC instants at which daylight time starts and ends in `year`.
    public func transitions(year: Int) -> (start: EpochMillis, end: EpochMillis) {
        let std = EpochMillis(standardOffsetMinutes) * EpochMillis.minute
        switch daylight {
        case .none:
            return (.max, .max)
        case .eu:
            let s = CivilCalendar.lastSunday(month: 3, year: year)
            let e = CivilCalendar.lastSunday(month: 10, year: year)
            return (CivilCalendar.millis(day: s, hour: 1), CivilCalendar.millis(day: e, hour: 1))
        case .us:
            let s = CivilCalendar.nthSunday(2, month: 3, year: year)
            let e = CivilCalendar.nthSunday(1, month: 11, year: year)
            return (CivilCalendar.millis(day: s, hour: 2) - std, CivilCalendar.millis(day: e, hour: 2) - std - EpochMillis.hour)
        case .au:
            let s = CivilCalendar.nthSunday(1, month: 10, year: year)
            let e = CivilCalendar.nthSunday(1, month: 4, year: year)
            return (CivilCalendar.millis(day: s, hour: 2) - std, CivilCalendar.millis(day: e, hour: 3) - std - EpochMillis.hour)
        }
    }

    /// Parses a fixed offset as events carry it in `properties["tz"]`: `"+05:30"`, `"-0800"`, `"UTC+2"`,
    /// `"GMT-03:00"`, `"Z"`, `"UTC"`, or minutes east of UTC (`"330"`). Returns nil for anything else.
    public static func parseOffset(_ text: String) -> Int? {
        var s = Substring(text)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        if s == "Z" || s == "UTC" || s == "GMT" { return 0 }
        if s.hasPrefix("UTC") || s.hasPrefix("GMT") { s = s.dropFirst(3) }
        guard let first = s.first else { return nil }
        if first != "+" && first != "-" {
            guard let minutes = Int(s), abs(minutes) <= 14 * 60 else { return nil }
            return minutes
        }
        let sign = first == "-" ? -1 : 1
        let body = s.dropFirst()
        var hours = 0, minutes = 0
        if let colon = body.firstIndex(of: ":") {
            guard let h = Int(body[..<colon]), let m = Int(body[body.index(after: colon)...]) else { return nil }
            hours = h; minutes = m
        } else if body.count == 4, let v = Int(body) {
            hours = v / 100; minutes = v % 100
        } else if body.count <= 2, let h = Int(body) {
            hours = h
        } else {
            return nil
        }
        guard hours <= 14, minutes < 60 else { return nil }
        return sign * (hours * 60 + minutes)
    }
}

/// Proleptic Gregorian calendar arithmetic on epoch days (days since 1970-01-01), without Foundation.
enum CivilCalendar {
    /// Days since 1970-01-01 of a civil date (`VigilCore.CivilDate`).
    static func epochDay(year: Int, month: Int, day: Int) -> Int { CivilDate(year: year, month: month, day: day).epochDay }

    /// Civil year of an epoch day.
    static func year(ofEpochDay z0: Int) -> Int { CivilDate(epochDay: z0).year }

    static func year(ofEpochMillis t: EpochMillis) -> Int { year(ofEpochDay: floorDiv(t, EpochMillis.day)) }

    /// Weekday of an epoch day, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    @inline(__always)
    static func weekday(epochDay: Int) -> Int { ((epochDay % 7) + 7 + 3) % 7 }

    static func nthSunday(_ n: Int, month: Int, year: Int) -> Int {
        let first = epochDay(year: year, month: month, day: 1)
        let offset = (6 - weekday(epochDay: first) + 7) % 7
        return first + offset + (n - 1) * 7
    }

    static func lastSunday(month: Int, year: Int) -> Int {
        let nextFirst = month == 12 ? epochDay(year: year + 1, month: 1, day: 1) : epochDay(year: year, month: month + 1, day: 1)
        let last = nextFirst - 1
        return last - (weekday(epochDay: last) + 1) % 7
    }

    static func millis(day: Int, hour: Int) -> EpochMillis { EpochMillis(day) * EpochMillis.day + EpochMillis(hour) * EpochMillis.hour }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int {
        let q = a / b
        return Int((a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q)
    }
}
