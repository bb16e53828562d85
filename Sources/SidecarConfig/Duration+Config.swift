import VigilCore

/// Durations in configuration files: an integer is a number of seconds; text is a number and a unit, with or
/// without a space: `500ms`, `90s`, `5m`, `2h`, `7d`, `1w`, `12 hours`, `7 days`, `30 minutes`, `1.5h`.
public enum ConfigDuration {
    private static let units: [(names: [String], millis: Double)] = [
        (["ms", "msec", "millisecond", "milliseconds"], 1),
        (["s", "sec", "secs", "second", "seconds"], 1_000),
        (["m", "min", "mins", "minute", "minutes"], 60_000),
        (["h", "hr", "hrs", "hour", "hours"], 3_600_000),
        (["d", "day", "days"], 86_400_000),
        (["w", "week", "weeks"], 604_800_000),
    ]

    /// The duration in milliseconds, or a message saying what is accepted.
    public static func parseMillis(_ text: String) -> Result<Int64, DurationFormatError> {
        let t = text.trimmingSpacesAndTabs()
        guard !t.isEmpty else { return .failure(DurationFormatError(text: text)) }
        if let seconds = Int64(t) {
            let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
            return overflow ? .failure(DurationFormatError(text: text)) : .success(ms)
        }
        var numberEnd = t.startIndex
        while numberEnd < t.endIndex, t[numberEnd].isASCII, t[numberEnd].isNumber || t[numberEnd] == "." {
            numberEnd = t.index(after: numberEnd)
        }
        let numberText = t[..<numberEnd]
        let unitText = t[numberEnd...].trimmingSpacesAndTabs().lowercased()
        guard !numberText.isEmpty, let number = Double(numberText), number.isFinite, number >= 0,
              let unit = units.first(where: { $0.names.contains(unitText) }) else {
            return .failure(DurationFormatError(text: text))
        }
        let millis = (number * unit.millis).rounded()
        guard millis < 9.0e15 else { return .failure(DurationFormatError(text: text)) }
        return .success(Int64(millis))
    }

    /// Text for a duration in the largest unit that divides it exactly (`"5m"`, `"7d"`, `"250ms"`).
    public static func format(millis: Int64) -> String {
        if millis == 0 { return "0s" }
        for (suffix, unit) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
            where millis % unit == 0 {
            return "\(millis / unit)\(suffix)"
        }
        return "\(millis)ms"
    }
}

/// A duration that could not be read.
public struct DurationFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var description: String {
        "expected a duration such as 90s, 5m, 2h, 7d, \"12 hours\", 500ms or a whole number of seconds; got '\(text)'"
    }
}

extension StringProtocol {
    func trimmingSpacesAndTabs() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
