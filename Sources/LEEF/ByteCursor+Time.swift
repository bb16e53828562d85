extension ByteCursor {
    /// Reads a numeric UTC offset `±hh`, `±hhmm` or `±hh:mm` and returns it in seconds.
    mutating func numericOffset() -> Int? {
        let start = pos
        guard let sign = peek(), sign == ASCII.plus || sign == ASCII.minus else { return nil }
        advance()
        guard let hours = digits(min: 2, max: 2) else {
            pos = start
            return nil
        }
        var minutes = 0
        if consume(ASCII.colon) {
            guard let m = digits(min: 2, max: 2) else {
                pos = start
                return nil
            }
            minutes = m
        } else if let m = digits(min: 2, max: 2) {
            minutes = m
        }
        guard hours <= 23, minutes <= 59 else {
            pos = start
            return nil
        }
        let seconds = hours * 3600 + minutes * 60
        return sign == ASCII.minus ? -seconds : seconds
    }

    /// Reads a time zone: `Z`, a numeric offset, or a name from a small fixed table (`UTC`, `GMT`, `EST`, …),
    /// where `UTC`/`GMT` may carry an offset (`GMT+05:30`). Returns the offset in seconds.
    mutating func zone() -> Int? {
        let start = pos
        if let offset = numericOffset() { return offset }
        let letters = skipLetters()
        guard letters > 0 else { return nil }
        var name: UInt64 = 0
        guard letters <= 5 else {
            pos = start
            return nil
        }
        for i in start..<pos { name = name << 8 | UInt64(ASCII.lower(base[i]) ^ 0x20) }
        guard let offset = ByteCursor.zoneTable[name] else {
            pos = start
            return nil
        }
        if offset == 0, letters >= 2, let extra = numericOffsetLenient() { return extra }
        return offset
    }

    /// `GMT+5`, `UTC-03`, `GMT+05:30`: one or two hour digits allowed after a zone name.
    private mutating func numericOffsetLenient() -> Int? {
        let start = pos
        guard let sign = peek(), sign == ASCII.plus || sign == ASCII.minus else { return nil }
        advance()
        guard let hours = digits(min: 1, max: 2), hours <= 23 else {
            pos = start
            return nil
        }
        var minutes = 0
        if consume(ASCII.colon) {
            guard let m = digits(min: 2, max: 2), m <= 59 else {
                pos = start
                return nil
            }
            minutes = m
        }
        let seconds = hours * 3600 + minutes * 60
        return sign == ASCII.minus ? -seconds : seconds
    }

    /// Zone abbreviations we accept, packed upper-case ASCII → offset in seconds. Ambiguous abbreviations
    /// (IST, BST, CST as China time) are deliberately resolved to one common meaning or left out.
    private static let zoneTable: [UInt64: Int] = {
        let zones: [(String, Int)] = [
            ("Z", 0), ("UT", 0), ("UTC", 0), ("GMT", 0), ("WET", 0), ("WEST", 3600),
            ("CET", 3600), ("CEST", 7200), ("EET", 7200), ("EEST", 10800), ("MSK", 10800),
            ("EST", -5 * 3600), ("EDT", -4 * 3600), ("CST", -6 * 3600), ("CDT", -5 * 3600),
            ("MST", -7 * 3600), ("MDT", -6 * 3600), ("PST", -8 * 3600), ("PDT", -7 * 3600),
            ("AKST", -9 * 3600), ("AKDT", -8 * 3600), ("HST", -10 * 3600),
            ("JST", 9 * 3600), ("KST", 9 * 3600), ("AEST", 10 * 3600), ("AEDT", 11 * 3600),
        ]
        var table: [UInt64: Int] = [:]
        for (name, offset) in zones {
            var key: UInt64 = 0
            for b in name.utf8 { key = key << 8 | UInt64(b) }
            table[key] = offset
        }
        return table
    }()

    /// Reads an ISO 8601 / RFC 3339 timestamp: `yyyy-MM-dd[(T|t| )HH:mm[:ss[(.|,)fraction]]][zone]`.
    /// Without a zone the time is UTC. Returns epoch milliseconds.
    mutating func iso8601() -> Int64? {
        let start = pos
        func fail() -> Int64? {
            pos = start
            return nil
        }
        guard let year = digits(min: 4, max: 4), consume(ASCII.minus), let month = digits(min: 2, max: 2),
            consume(ASCII.minus), let day = digits(min: 2, max: 2)
        else { return fail() }
        var hour = 0
        var minute = 0
        var second = 0
        var millis = 0
        var offset = 0
        if let sep = peek(), sep == 0x54 || sep == 0x74 || (sep == ASCII.space && peek(1).map(ASCII.isDigit) == true)
        {
            advance()
            guard let h = digits(min: 2, max: 2), consume(ASCII.colon), let m = digits(min: 2, max: 2) else {
                return fail()
            }
            hour = h
            minute = m
            if consume(ASCII.colon) {
                guard let s = digits(min: 2, max: 2) else { return fail() }
                second = s
                if consume(ASCII.dot) || consume(ASCII.comma) {
                    guard let f = fractionMillis() else { return fail() }
                    millis = f
                }
            }
            if let z = peek(), z == 0x5A || z == 0x7A {
                advance()
            } else if let o = numericOffset() {
                offset = o
            }
        }
        guard
            let t = CivilTime.epochMillis(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second, millis: millis,
                offsetSeconds: offset)
        else { return fail() }
        return t
    }
}
