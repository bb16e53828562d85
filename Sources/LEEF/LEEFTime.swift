/// Device-time parsing and formatting for LEEF's `devTime` / `devTimeFormat` and syslog timestamps.
///
/// `devTimeFormat` is a Java `SimpleDateFormat` pattern. This is a hand-written subset, with no Foundation
/// formatter involved, supporting the pattern letters `y M L d H k K h m s S E a z Z X` and quoted literals
/// (`'T'`, `''`). Deviations from Java, chosen for robustness:
/// - a space in the pattern matches any run of spaces (so `MMM dd` accepts `Jan  8`);
/// - `z`, `Z` and `X` all accept every zone form we know: `Z`, `±hh[:mm]`, `UTC`/`GMT` with an optional
///   offset, and a small table of common abbreviations (`EST`, `PDT`, `CET`, …);
/// - `S` with up to three digits is a millisecond count (as in Java); more digits are read as a decimal
///   fraction and truncated to milliseconds (Java would add them as milliseconds);
/// - a time without a zone is UTC.
public enum LEEFTime {
    /// The `devTimeFormat` patterns IBM's LEEF guide suggests.
    public static let suggestedFormats: [String] = [
        "MMM dd yyyy HH:mm:ss.SSS z", "MMM dd yyyy HH:mm:ss.SSS", "MMM dd yyyy HH:mm:ss",
    ]

    /// Parses a device time to epoch milliseconds.
    ///
    /// Tries, in order: `format` (when given), an epoch number, ISO 8601, and the suggested formats.
    /// Epoch numbers below 10^11 are read as seconds (a millisecond value that small would be in 1973), larger
    /// ones as milliseconds; `1700000000.5` is seconds with a fraction.
    ///
    /// - Parameters:
    ///   - text: the `devTime` value.
    ///   - format: the `devTimeFormat` value, if any.
    ///   - referenceTime: used to pick the year (closest to it) when the pattern has none, and the century for `yy`.
    /// - Returns: epoch milliseconds, or nil when nothing matches.
    public static func parse(_ text: String, format: String? = nil, referenceTime: Int64? = nil) -> Int64? {
        if let format, !format.isEmpty,
            let t = parse(text, pattern: format, referenceTime: referenceTime)
        {
            return t
        }
        if let t = parseEpoch(text) { return t }
        if let t = parseISO8601(text) { return t }
        for pattern in suggestedFormats {
            if let t = parse(text, pattern: pattern, referenceTime: referenceTime) { return t }
        }
        return nil
    }

    /// Parses an epoch number: digits (seconds below 10^11, otherwise milliseconds) or `seconds.fraction`.
    public static func parseEpoch(_ text: String) -> Int64? {
        text.withUTF8Bytes { bytes in
            var c = ByteCursor(bytes)
            let negative = c.consume(ASCII.minus)
            var value: Int64 = 0
            var count = 0
            while let b = c.peek(), ASCII.isDigit(b) {
                guard count < 18 else { return nil }
                value = value * 10 + Int64(b - 0x30)
                count += 1
                c.advance()
            }
            guard count > 0 else { return nil }
            if c.atEnd {
                let ms = value < 100_000_000_000 ? value * 1000 : value
                return negative ? -ms : ms
            }
            guard c.consume(ASCII.dot), value < 100_000_000_000, let frac = c.fractionMillis(), c.atEnd else {
                return nil
            }
            let ms = value * 1000 + Int64(frac)
            return negative ? -ms : ms
        }
    }

    /// Parses an ISO 8601 / RFC 3339 timestamp (`2024-01-18T11:07:53.520Z`, `…+02:00`, space instead of `T`,
    /// or a bare date). Without a zone the time is UTC.
    public static func parseISO8601(_ text: String) -> Int64? {
        text.withUTF8Bytes { bytes in
            var c = ByteCursor(bytes)
            guard let t = c.iso8601(), c.atEnd else { return nil }
            return t
        }
    }

    /// Parses `text` with one `SimpleDateFormat` pattern (see the type's documentation for the subset).
    public static func parse(_ text: String, pattern: String, referenceTime: Int64? = nil) -> Int64? {
        let tokens = DatePattern.tokenize(pattern)
        guard !tokens.isEmpty else { return nil }
        return text.withUTF8Bytes { bytes in
            var c = ByteCursor(bytes)
            guard let t = DatePattern.parse(&c, tokens: tokens, referenceTime: referenceTime), c.atEnd else {
                return nil
            }
            return t
        }
    }

    /// Formats epoch milliseconds in UTC with a `SimpleDateFormat` pattern; zone letters print `UTC` (`z`),
    /// `+0000` (`Z`) or `Z` (`X`). Unsupported letters are copied through.
    public static func format(_ epochMillis: Int64, pattern: String) -> String {
        DatePattern.format(epochMillis, tokens: DatePattern.tokenize(pattern))
    }

    /// Formats epoch milliseconds as RFC 3339 in UTC with milliseconds: `2024-01-18T11:07:53.520Z`.
    public static func iso8601(_ epochMillis: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendISO8601(epochMillis, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendISO8601(_ epochMillis: Int64, to out: inout [UInt8]) {
        let c = CivilTime.components(epochMillis)
        appendPadded(c.year, width: 4, to: &out)
        out.append(ASCII.minus)
        appendPadded(c.month, width: 2, to: &out)
        out.append(ASCII.minus)
        appendPadded(c.day, width: 2, to: &out)
        out.append(0x54)
        appendPadded(c.hour, width: 2, to: &out)
        out.append(ASCII.colon)
        appendPadded(c.minute, width: 2, to: &out)
        out.append(ASCII.colon)
        appendPadded(c.second, width: 2, to: &out)
        out.append(ASCII.dot)
        appendPadded(c.millis, width: 3, to: &out)
        out.append(0x5A)
    }

    static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(ASCII.minus)
            appendPadded(-value, width: width, to: &out)
            return
        }
        var digits: [UInt8] = []
        var v = value
        repeat {
            digits.append(UInt8(v % 10) + 0x30)
            v /= 10
        } while v > 0
        if digits.count < width { out.append(contentsOf: repeatElement(0x30, count: width - digits.count)) }
        out.append(contentsOf: digits.reversed())
    }
}
