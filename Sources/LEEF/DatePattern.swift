/// The `SimpleDateFormat` subset behind ``LEEFTime``: tokenizing a pattern, parsing and formatting with it.
enum DatePattern {
    enum Token: Equatable {
        case field(letter: UInt8, count: Int)
        case literal([UInt8])
        case space
    }

    static let supportedLetters: Set<UInt8> = Set("yMLdHkKhmsSEazZX".utf8)

    static func tokenize(_ pattern: String) -> [Token] {
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if ASCII.isLetter(b) {
                var j = i
                while j < bytes.count, bytes[j] == b { j += 1 }
                tokens.append(.field(letter: b, count: j - i))
                i = j
            } else if b == 0x27 {
                // Quoted literal; '' inside or outside quotes is one quote.
                if i + 1 < bytes.count, bytes[i + 1] == 0x27 {
                    tokens.append(.literal([0x27]))
                    i += 2
                    continue
                }
                var literal: [UInt8] = []
                var j = i + 1
                while j < bytes.count {
                    if bytes[j] == 0x27 {
                        if j + 1 < bytes.count, bytes[j + 1] == 0x27 {
                            literal.append(0x27)
                            j += 2
                            continue
                        }
                        break
                    }
                    literal.append(bytes[j])
                    j += 1
                }
                if !literal.isEmpty { tokens.append(.literal(literal)) }
                i = j + 1
            } else if b == ASCII.space {
                while i < bytes.count, bytes[i] == ASCII.space { i += 1 }
                tokens.append(.space)
            } else {
                tokens.append(.literal([b]))
                i += 1
            }
        }
        return tokens
    }

    private static func isNumeric(_ token: Token?) -> Bool {
        guard case .field(let letter, let count)? = token else { return false }
        switch letter {
        case UInt8(ascii: "M"), UInt8(ascii: "L"): return count <= 2
        case UInt8(ascii: "y"), UInt8(ascii: "d"), UInt8(ascii: "H"), UInt8(ascii: "k"), UInt8(ascii: "K"),
            UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "s"), UInt8(ascii: "S"):
            return true
        default: return false
        }
    }

    static func parse(_ c: inout ByteCursor, tokens: [Token], referenceTime: Int64?) -> Int64? {
        var year: Int?
        var twoDigitYear = false
        var month: Int?
        var day: Int?
        var hour = 0
        var hour12: Int?
        var pm: Bool?
        var minute = 0
        var second = 0
        var millis = 0
        var offset = 0

        for (index, token) in tokens.enumerated() {
            switch token {
            case .space:
                c.skipSpaces()
            case .literal(let bytes):
                for b in bytes {
                    guard c.consume(b) else { return nil }
                }
            case .field(let letter, let count):
                // Adjacent numeric fields ("yyyyMMdd") must be read with their exact width.
                let exact = isNumeric(index + 1 < tokens.count ? tokens[index + 1] : nil)
                func number(_ maxWidth: Int) -> Int? {
                    exact ? c.digits(min: count, max: count) : c.digits(min: 1, max: max(count, maxWidth))
                }
                switch letter {
                case UInt8(ascii: "y"):
                    let start = c.pos
                    guard let y = number(9) else { return nil }
                    year = y
                    twoDigitYear = count <= 2 && c.pos - start == 2
                case UInt8(ascii: "M"), UInt8(ascii: "L"):
                    if count >= 3 {
                        guard let m = c.monthName() else { return nil }
                        month = m
                    } else {
                        guard let m = number(2) else { return nil }
                        month = m
                    }
                case UInt8(ascii: "d"):
                    c.skipSpaces()
                    guard let d = number(2) else { return nil }
                    day = d
                case UInt8(ascii: "H"):
                    guard let h = number(2), h <= 23 else { return nil }
                    hour = h
                case UInt8(ascii: "k"):
                    guard let h = number(2), (1...24).contains(h) else { return nil }
                    hour = h % 24
                case UInt8(ascii: "K"):
                    guard let h = number(2), h <= 11 else { return nil }
                    hour12 = h
                case UInt8(ascii: "h"):
                    guard let h = number(2), (1...12).contains(h) else { return nil }
                    hour12 = h % 12
                case UInt8(ascii: "m"):
                    guard let m = number(2), m <= 59 else { return nil }
                    minute = m
                case UInt8(ascii: "s"):
                    guard let s = number(2), s <= 60 else { return nil }
                    second = s
                case UInt8(ascii: "S"):
                    let start = c.pos
                    var n = 0
                    while let b = c.peek(), ASCII.isDigit(b), !exact || n < count {
                        n += 1
                        c.advance()
                    }
                    guard n > 0, !exact || n == count else { return nil }
                    c.pos = start
                    if n <= 3 {
                        guard let s = c.digits(min: n, max: n) else { return nil }
                        millis = s
                    } else {
                        guard let f = c.fractionMillis(maxDigits: n) else { return nil }
                        millis = f
                    }
                    guard millis <= 999 else { return nil }
                case UInt8(ascii: "E"):
                    guard c.skipLetters() > 0 else { return nil }
                case UInt8(ascii: "a"):
                    if c.matchesCaseInsensitive("AM", at: c.pos) {
                        pm = false
                    } else if c.matchesCaseInsensitive("PM", at: c.pos) {
                        pm = true
                    } else {
                        return nil
                    }
                    c.advance(2)
                case UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: "X"):
                    guard let o = c.zone() else { return nil }
                    offset = o
                default:
                    return nil
                }
            }
        }
        if let hour12 { hour = hour12 + (pm == true ? 12 : 0) }
        guard let month, let day else { return nil }
        if let y = year {
            var fullYear = y
            if twoDigitYear {
                // SimpleDateFormat puts a two-digit year within 80 years before and 20 after "now"; without a
                // reference time we use the POSIX window 1970...2069.
                let refYear = referenceTime.map { CivilTime.components($0).year } ?? 2050
                let low = refYear - 80
                fullYear = low - ((low % 100) + 100) % 100 + y
                if fullYear < low { fullYear += 100 }
            }
            return CivilTime.epochMillis(
                year: fullYear, month: month, day: day, hour: hour, minute: minute, second: second, millis: millis,
                offsetSeconds: offset)
        }
        guard let referenceTime else { return nil }
        return CivilTime.closestYear(
            referenceTime: referenceTime, month: month, day: day, hour: hour, minute: minute, second: second,
            millis: millis, offsetSeconds: offset)
    }

    static func format(_ epochMillis: Int64, tokens: [Token]) -> String {
        let c = CivilTime.components(epochMillis)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for token in tokens {
            switch token {
            case .space: out.append(ASCII.space)
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .field(let letter, let count):
                switch letter {
                case UInt8(ascii: "y"):
                    if count == 2 {
                        LEEFTime.appendPadded(((c.year % 100) + 100) % 100, width: 2, to: &out)
                    } else {
                        LEEFTime.appendPadded(c.year, width: count, to: &out)
                    }
                case UInt8(ascii: "M"), UInt8(ascii: "L"):
                    if count >= 4 {
                        out.append(contentsOf: CivilTime.monthNames[c.month - 1].utf8)
                    } else if count == 3 {
                        out.append(contentsOf: CivilTime.monthAbbreviations[c.month - 1].utf8)
                    } else {
                        LEEFTime.appendPadded(c.month, width: count, to: &out)
                    }
                case UInt8(ascii: "d"): LEEFTime.appendPadded(c.day, width: count, to: &out)
                case UInt8(ascii: "H"): LEEFTime.appendPadded(c.hour, width: count, to: &out)
                case UInt8(ascii: "k"): LEEFTime.appendPadded(c.hour == 0 ? 24 : c.hour, width: count, to: &out)
                case UInt8(ascii: "K"): LEEFTime.appendPadded(c.hour % 12, width: count, to: &out)
                case UInt8(ascii: "h"):
                    LEEFTime.appendPadded(c.hour % 12 == 0 ? 12 : c.hour % 12, width: count, to: &out)
                case UInt8(ascii: "m"): LEEFTime.appendPadded(c.minute, width: count, to: &out)
                case UInt8(ascii: "s"): LEEFTime.appendPadded(c.second, width: count, to: &out)
                case UInt8(ascii: "S"): LEEFTime.appendPadded(c.millis, width: count, to: &out)
                case UInt8(ascii: "E"):
                    let names = count >= 4 ? CivilTime.weekdayNames : CivilTime.weekdayAbbreviations
                    out.append(contentsOf: names[c.weekday].utf8)
                case UInt8(ascii: "a"): out.append(contentsOf: (c.hour < 12 ? "AM" : "PM").utf8)
                case UInt8(ascii: "z"): out.append(contentsOf: "UTC".utf8)
                case UInt8(ascii: "Z"): out.append(contentsOf: "+0000".utf8)
                case UInt8(ascii: "X"): out.append(0x5A)
                default: out.append(contentsOf: repeatElement(letter, count: count))
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
