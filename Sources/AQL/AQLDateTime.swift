import VigilCore

/// Calendar arithmetic done by hand (proleptic Gregorian, UTC) — no Foundation calendars in the hot path.
public enum AQLDateTime {
    /// Days since 1970-01-01 for a civil date (month 1…12; `VigilCore.CivilDate`).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        CivilDate.days(year: year, month: month, day: day)
    }

    /// The civil date of a day count since 1970-01-01 (`VigilCore.CivilDate`).
    public static func civilFromDays(_ z0: Int64) -> (year: Int64, month: Int64, day: Int64) { CivilDate.civil(fromDays: z0) }

    /// Broken-down UTC time of epoch milliseconds.
    public struct Components: Sendable, Hashable {
        public var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, millisecond: Int64
        /// 0 = Sunday … 6 = Saturday.
        public var weekday: Int64
    }

    public static func components(_ millis: Int64) -> Components {
        let days = floorDiv(millis, 86_400_000)
        let msOfDay = millis - days * 86_400_000
        let (y, m, d) = civilFromDays(days)
        let weekday = ((days % 7) + 7 + 4) % 7 // 1970-01-01 was a Thursday
        return Components(year: y, month: m, day: d, hour: msOfDay / 3_600_000, minute: (msOfDay / 60_000) % 60,
                          second: (msOfDay / 1000) % 60, millisecond: msOfDay % 1000, weekday: weekday)
    }

    @inline(__always) static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        default:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        }
    }

    /// A time string in one of QRadar's START/STOP formats.
    public struct ParsedTime: Sendable, Hashable {
        /// Milliseconds of the wall-clock reading taken as UTC.
        public var wallMillis: Int64
        /// A trailing `Z`/`z`: the time is UTC regardless of the console time zone.
        public var isUTC: Bool
    }

    /// Parses `yyyy-MM-dd HH:mm[:ss]`, `yyyy/MM/dd HH:mm:ss`, `yyyy/MM/dd-HH:mm:ss`, `yyyy:MM:dd-HH:mm:ss`
    /// (any of `-`, `/`, `:` between date parts; space, `-` or `T` before the time), optionally followed by
    /// `.SSS` and a `Z`/`z` suffix. Returns nil when the text is not such a time or names an impossible date.
    public static func parseQRadarTime(_ text: String) -> ParsedTime? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: ClosedRange<Int>) -> Int64? {
            var v: Int64 = 0
            var n = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39, n < digits.upperBound {
                v = v * 10 + Int64(b[i] - 0x30)
                i += 1
                n += 1
            }
            return digits.contains(n) ? v : nil
        }
        func separator(_ allowed: [UInt8]) -> Bool {
            guard i < b.count, allowed.contains(b[i]) else { return false }
            i += 1
            return true
        }
        while i < b.count, b[i] == 0x20 { i += 1 }
        let dateSeparators: [UInt8] = [0x2D, 0x2F, 0x3A]
        guard let year = number(4...4), separator(dateSeparators),
              let month = number(1...2), separator(dateSeparators),
              let day = number(1...2) else { return nil }
        guard separator([0x20, 0x2D, 0x54]) else { return nil }
        guard let hour = number(1...2), separator([0x3A]), let minute = number(1...2) else { return nil }
        var second: Int64 = 0
        var millis: Int64 = 0
        if i < b.count, b[i] == 0x3A {
            i += 1
            guard let s = number(1...2) else { return nil }
            second = s
            if i < b.count, b[i] == 0x2E {
                i += 1
                guard let ms = number(1...3) else { return nil }
                millis = ms
            }
        }
        var isUTC = false
        while i < b.count, b[i] == 0x20 { i += 1 }
        if i < b.count, b[i] == 0x5A || b[i] == 0x7A {
            isUTC = true
            i += 1
        }
        while i < b.count, b[i] == 0x20 { i += 1 }
        guard i == b.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let wall = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis
        return ParsedTime(wallMillis: wall, isUTC: isUTC)
    }

    /// `PARSEDATETIME`: `'now'`, `'<n> <unit>[s] ago'` (seconds…years), or a QRadar date string (read in the
    /// given zone offset unless it ends in Z). Nil when unreadable.
    public static func parseDateTime(_ text: String, now: Int64, zoneOffsetMillis: Int64) -> Int64? {
        let words = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        if words.count == 1, words[0] == "now" { return now }
        if words.count == 3, words[2] == "ago", let n = Int64(words[0]) {
            var unit = String(words[1])
            if unit.hasSuffix("s"), unit.count > 1 { unit.removeLast() }
            let ms: Int64?
            switch unit {
            case "millisecond": ms = 1
            case "second", "sec": ms = 1000
            case "minute", "min": ms = 60_000
            case "hour": ms = 3_600_000
            case "day": ms = 86_400_000
            case "week": ms = 7 * 86_400_000
            case "month": ms = 30 * 86_400_000
            case "year": ms = 365 * 86_400_000
            default: ms = nil
            }
            guard let per = ms else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: per)
            if overflow { return nil }
            let (t, underflow) = now.subtractingReportingOverflow(product)
            return underflow ? nil : t
        }
        if let t = parseQRadarTime(text) {
            return t.isUTC ? t.wallMillis : t.wallMillis &- zoneOffsetMillis
        }
        return nil
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]
    private static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// Formats epoch ms with a Java `SimpleDateFormat` pattern: y, M (MM, MMM, MMMM), d, H, h, k, K, m, s, S,
    /// a, E (EEE, EEEE), D, z/Z/X (the offset), and quoted text. Unknown letters are copied.
    public static func format(_ millis: Int64, pattern: String, zoneOffsetMillis: Int64 = 0) -> String {
        let c = components(millis &+ zoneOffsetMillis)
        var out = ""
        let chars = Array(pattern)
        var i = 0
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        while i < chars.count {
            let ch = chars[i]
            if ch == "'" {
                if i + 1 < chars.count, chars[i + 1] == "'" {
                    out.append("'")
                    i += 2
                    continue
                }
                i += 1
                while i < chars.count {
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" {
                            out.append("'")
                            i += 2
                            continue
                        }
                        break
                    }
                    out.append(chars[i])
                    i += 1
                }
                i += 1
                continue
            }
            guard ch.isLetter, ch.isASCII else {
                out.append(ch)
                i += 1
                continue
            }
            var n = 1
            while i + n < chars.count, chars[i + n] == ch { n += 1 }
            switch ch {
            case "y", "Y", "u":
                out += n == 2 ? pad(c.year % 100, 2) : pad(c.year, n)
            case "M", "L":
                if n >= 4 { out += monthNames[Int(c.month - 1)] } else if n == 3 { out += String(monthNames[Int(c.month - 1)].prefix(3)) } else { out += pad(c.month, n) }
            case "d": out += pad(c.day, n)
            case "D":
                let doy = daysFromCivil(year: c.year, month: c.month, day: c.day) - daysFromCivil(year: c.year, month: 1, day: 1) + 1
                out += pad(doy, n)
            case "H": out += pad(c.hour, n)
            case "k": out += pad(c.hour == 0 ? 24 : c.hour, n)
            case "K": out += pad(c.hour % 12, n)
            case "h": out += pad(c.hour % 12 == 0 ? 12 : c.hour % 12, n)
            case "m": out += pad(c.minute, n)
            case "s": out += pad(c.second, n)
            case "S": out += pad(c.millisecond, 3).prefix(max(n, 3)).description
            case "a": out += c.hour < 12 ? "AM" : "PM"
            case "E": out += n >= 4 ? dayNames[Int(c.weekday)] : String(dayNames[Int(c.weekday)].prefix(3))
            case "z", "Z", "X":
                let totalMinutes = zoneOffsetMillis / 60_000
                let sign = totalMinutes < 0 ? "-" : "+"
                let h = abs(totalMinutes) / 60, m = abs(totalMinutes) % 60
                if ch == "X", totalMinutes == 0 { out += "Z" } else if ch == "z" { out += totalMinutes == 0 ? "UTC" : "GMT" + sign + pad(h, 2) + ":" + pad(m, 2) } else { out += sign + pad(h, 2) + pad(m, 2) }
            default:
                out += String(repeating: ch, count: n)
            }
            i += n
        }
        return out
    }

    /// Reads text with a `SimpleDateFormat` pattern (digits for y, M, d, H, h, m, s, S; month names for MMM;
    /// `a` for AM/PM; literal text must match). Nil when the text does not fit.
    public static func parse(_ text: String, pattern: String, zoneOffsetMillis: Int64 = 0) -> Int64? {
        let p = Array(pattern)
        let t = Array(text)
        var i = 0, j = 0
        var year: Int64 = 1970, month: Int64 = 1, day: Int64 = 1, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, ms: Int64 = 0
        var pm: Bool?
        func digits(_ maxCount: Int) -> Int64? {
            var v: Int64 = 0
            var n = 0
            while j < t.count, let d = t[j].wholeNumberValue, t[j].isASCII, n < maxCount {
                v = v * 10 + Int64(d)
                j += 1
                n += 1
            }
            return n > 0 ? v : nil
        }
        while i < p.count {
            let ch = p[i]
            if ch == "'" {
                i += 1
                while i < p.count, p[i] != "'" {
                    guard j < t.count, t[j] == p[i] else { return nil }
                    i += 1
                    j += 1
                }
                i += 1
                continue
            }
            guard ch.isLetter, ch.isASCII else {
                guard j < t.count, t[j] == ch else { return nil }
                i += 1
                j += 1
                continue
            }
            var n = 1
            while i + n < p.count, p[i + n] == ch { n += 1 }
            // Adjacent numeric fields (yyyyMMdd) need fixed widths.
            let nextIsField = i + n < p.count && p[i + n].isLetter && p[i + n].isASCII
            let width = nextIsField ? n : 10
            switch ch {
            case "y", "Y", "u":
                guard let v = digits(n == 2 ? 2 : max(width, 4)) else { return nil }
                year = n == 2 ? 2000 + v : v
            case "M", "L":
                if n >= 3 {
                    var matched = false
                    for (k, name) in monthNames.enumerated() {
                        let candidate = n == 3 ? String(name.prefix(3)) : name
                        let end = j + candidate.count
                        if end <= t.count, String(t[j..<end]).lowercased() == candidate.lowercased() {
                            month = Int64(k + 1)
                            j = end
                            matched = true
                            break
                        }
                    }
                    guard matched else { return nil }
                } else {
                    guard let v = digits(max(width, 2)) else { return nil }
                    month = v
                }
            case "d": guard let v = digits(max(width, 2)) else { return nil }; day = v
            case "H", "k": guard let v = digits(max(width, 2)) else { return nil }; hour = v == 24 ? 0 : v
            case "h", "K": guard let v = digits(max(width, 2)) else { return nil }; hour = v % 12
            case "m": guard let v = digits(max(width, 2)) else { return nil }; minute = v
            case "s": guard let v = digits(max(width, 2)) else { return nil }; second = v
            case "S": guard let v = digits(max(width, 3)) else { return nil }; ms = v
            case "a":
                guard j + 1 < t.count else { return nil }
                let s = String(t[j...j + 1]).uppercased()
                guard s == "AM" || s == "PM" else { return nil }
                pm = s == "PM"
                j += 2
            case "E":
                while j < t.count, t[j].isLetter { j += 1 }
            case "z", "Z", "X":
                while j < t.count, !t[j].isWhitespace { j += 1 }
            default:
                return nil
            }
            i += n
        }
        guard j == t.count, year >= 0, year <= 9999 else { return nil }
        if let pm { hour = hour % 12 + (pm ? 12 : 0) }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month), hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms &- zoneOffsetMillis
    }
}
