import VigilCore

/// How a time zone moves its clocks. The simulator carries its own small rule set instead of a tz database so that
/// output is byte-identical everywhere and the daylight-saving look-alike lands on the dates real users see.
public enum DaylightRule: String, Sendable, Hashable, Codable {
    /// No daylight-saving time.
    case none
    /// EU rule: last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC.
    case eu
    /// US/Canada rule: second Sunday of March 02:00 local to first Sunday of November 02:00 local.
    case us
    /// South-eastern Australia: first Sunday of October 02:00 local to first Sunday of April 03:00 local.
    case au
}

/// A named zone: a standard offset from UTC and a daylight-saving rule.
public struct ZoneRule: Sendable, Hashable, Codable {
    /// IANA name, for display and context files (`"Europe/Berlin"`).
    public var name: String
    /// Standard-time offset in minutes east of UTC.
    public var standardOffsetMinutes: Int
    /// When clocks go forward and back.
    public var daylight: DaylightRule

    public init(name: String, standardOffsetMinutes: Int, daylight: DaylightRule) {
        self.name = name
        self.standardOffsetMinutes = standardOffsetMinutes
        self.daylight = daylight
    }

    /// Offset from UTC in minutes at an instant.
    public func offsetMinutes(at utc: EpochMillis) -> Int {
        isDaylight(at: utc) ? standardOffsetMinutes + 60 : standardOffsetMinutes
    }

    /// Whether daylight-saving time is in force at an instant.
    public func isDaylight(at utc: EpochMillis) -> Bool {
        guard daylight != .none else { return false }
        let year = CivilDate(epochDay: SimTime.epochDay(utc)).year
        let (start, end) = transitions(year: year)
        if daylight == .au { return utc >= start || utc < end }
        return utc >= start && utc < end
    }

    /// The UTC instants when daylight time starts and ends in `year` (for `.au`, `start` is in October and `end`
    /// in April of the same year).
    public func transitions(year: Int) -> (start: EpochMillis, end: EpochMillis) {
        let std = EpochMillis(standardOffsetMinutes) * EpochMillis.minute
        switch daylight {
        case .none:
            return (.max, .max)
        case .eu:
            let s = CivilDate.nthWeekday(6, n: 0, month: 3, year: year)
            let e = CivilDate.nthWeekday(6, n: 0, month: 10, year: year)
            return (SimTime.millis(s, hour: 1), SimTime.millis(e, hour: 1))
        case .us:
            let s = CivilDate.nthWeekday(6, n: 2, month: 3, year: year)
            let e = CivilDate.nthWeekday(6, n: 1, month: 11, year: year)
            return (SimTime.millis(s, hour: 2) - std, SimTime.millis(e, hour: 2) - std - EpochMillis.hour)
        case .au:
            let s = CivilDate.nthWeekday(6, n: 1, month: 10, year: year)
            let e = CivilDate.nthWeekday(6, n: 1, month: 4, year: year)
            return (SimTime.millis(s, hour: 2) - std, SimTime.millis(e, hour: 3) - std - EpochMillis.hour)
        }
    }

    /// The UTC instant of a local wall-clock time on a local calendar day (epoch day numbering).
    public func utc(localDay: Int, minuteOfDay: Int) -> EpochMillis {
        let wall = SimTime.midnight(epochDay: localDay) + EpochMillis(minuteOfDay) * EpochMillis.minute
        let guess = wall - EpochMillis(standardOffsetMinutes) * EpochMillis.minute
        return wall - EpochMillis(offsetMinutes(at: guess)) * EpochMillis.minute
    }

    /// Local wall-clock time of an instant, as milliseconds since the Unix epoch in that zone.
    @inline(__always)
    public func local(_ utc: EpochMillis) -> EpochMillis {
        utc + EpochMillis(offsetMinutes(at: utc)) * EpochMillis.minute
    }

    /// Local hour of the day (0–23) of an instant.
    public func localHour(_ utc: EpochMillis) -> Int {
        let l = local(utc)
        return Int((l - SimTime.midnight(epochDay: SimTime.epochDay(l))) / EpochMillis.hour)
    }

    /// Local epoch day of an instant.
    public func localDay(_ utc: EpochMillis) -> Int { SimTime.epochDay(local(utc)) }

    public static let newYork = ZoneRule(name: "America/New_York", standardOffsetMinutes: -300, daylight: .us)
    public static let chicago = ZoneRule(name: "America/Chicago", standardOffsetMinutes: -360, daylight: .us)
    public static let losAngeles = ZoneRule(name: "America/Los_Angeles", standardOffsetMinutes: -480, daylight: .us)
    public static let denver = ZoneRule(name: "America/Denver", standardOffsetMinutes: -420, daylight: .us)
    public static let toronto = ZoneRule(name: "America/Toronto", standardOffsetMinutes: -300, daylight: .us)
    public static let saoPaulo = ZoneRule(name: "America/Sao_Paulo", standardOffsetMinutes: -180, daylight: .none)
    public static let london = ZoneRule(name: "Europe/London", standardOffsetMinutes: 0, daylight: .eu)
    public static let berlin = ZoneRule(name: "Europe/Berlin", standardOffsetMinutes: 60, daylight: .eu)
    public static let paris = ZoneRule(name: "Europe/Paris", standardOffsetMinutes: 60, daylight: .eu)
    public static let amsterdam = ZoneRule(name: "Europe/Amsterdam", standardOffsetMinutes: 60, daylight: .eu)
    public static let bucharest = ZoneRule(name: "Europe/Bucharest", standardOffsetMinutes: 120, daylight: .eu)
    public static let moscow = ZoneRule(name: "Europe/Moscow", standardOffsetMinutes: 180, daylight: .none)
    public static let lagos = ZoneRule(name: "Africa/Lagos", standardOffsetMinutes: 60, daylight: .none)
    public static let dubai = ZoneRule(name: "Asia/Dubai", standardOffsetMinutes: 240, daylight: .none)
    public static let kolkata = ZoneRule(name: "Asia/Kolkata", standardOffsetMinutes: 330, daylight: .none)
    public static let hanoi = ZoneRule(name: "Asia/Ho_Chi_Minh", standardOffsetMinutes: 420, daylight: .none)
    public static let singapore = ZoneRule(name: "Asia/Singapore", standardOffsetMinutes: 480, daylight: .none)
    public static let shanghai = ZoneRule(name: "Asia/Shanghai", standardOffsetMinutes: 480, daylight: .none)
    public static let tokyo = ZoneRule(name: "Asia/Tokyo", standardOffsetMinutes: 540, daylight: .none)
    public static let sydney = ZoneRule(name: "Australia/Sydney", standardOffsetMinutes: 600, daylight: .au)
}
