import Analytics
import Foundation

/// Turns the configured IANA zone name into the analytics' rule (a standard offset and a daylight-saving rule).
/// The analytics keep no tz database so that results are the same everywhere; this reads the zone from the
/// system's once, at start.
public enum TimeZoneResolver {
    /// The rule for an IANA name or a fixed offset (`+05:30`); nil when the system does not know the zone.
    public static func rule(named name: String) -> TimeZoneRule? {
        if let minutes = TimeZoneRule.parseOffset(name) { return TimeZoneRule(standardOffsetMinutes: minutes) }
        guard let zone = TimeZone(identifier: name) else { return nil }
        // Mid-January and mid-July 2026: equal offsets mean no daylight saving.
        let january = Date(timeIntervalSince1970: 1_768_435_200)
        let july = Date(timeIntervalSince1970: 1_784_073_600)
        let jan = zone.secondsFromGMT(for: january) / 60
        let jul = zone.secondsFromGMT(for: july) / 60
        if jan == jul { return TimeZoneRule(standardOffsetMinutes: jan) }
        if jan > jul { return TimeZoneRule(standardOffsetMinutes: jul, daylight: .au) }
        // Northern hemisphere: the Americas follow the US dates, everyone else the EU's (close enough for an
        // hour-of-week baseline; the few weeks where other rules differ shift one hour).
        return TimeZoneRule(standardOffsetMinutes: jan, daylight: name.hasPrefix("America/") ? .us : .eu)
    }
}
