/// A forward reader over a borrowed byte buffer. Every read is bounds-checked against `end`, so malformed input
/// can only make a parse fail, never read out of range.
struct ByteCursor {
    let base: UnsafeBufferPointer<UInt8>
    var pos: Int
    let end: Int

    init(_ base: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
        self.base = base
        self.pos = start
        self.end = end ?? base.count
    }

    @inline(__always) var atEnd: Bool { pos >= end }
    @inline(__always) var remaining: Int { end - pos }

    @inline(__always) func peek(_ ahead: Int = 0) -> UInt8? {
        let i = pos + ahead
        return i < end ? base[i] : nil
    }

    @inline(__always) mutating func advance(_ n: Int = 1) { pos = min(end, pos + n) }

    /// Consumes `byte` if it is next.
    @inline(__always) mutating func consume(_ byte: UInt8) -> Bool {
        if pos < end, base[pos] == byte {
            pos += 1
            return true
        }
        return false
    }

    /// Consumes `literal` (ASCII) if it is next.
    mutating func consume(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard remaining >= n else { return false }
        let p = literal.utf8Start
        for i in 0..<n where base[pos + i] != p[i] { return false }
        pos += n
        return true
    }

    /// Reads between `min` and `max` ASCII digits as a non-negative integer.
    mutating func digits(min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, pos < end, let d = ASCII.digitValue(base[pos]) {
            value = value * 10 + d
            count += 1
            pos += 1
        }
        if count < min {
            pos -= count
            return nil
        }
        return value
    }

    /// Reads digits as a millisecond fraction: "5" → 500, "52" → 520, "123456" → 123 (truncated).
    mutating func fractionMillis(maxDigits: Int = .max) -> Int? {
        var value = 0
        var count = 0
        while count < maxDigits, pos < end, let d = ASCII.digitValue(base[pos]) {
            if count < 3 { value = value * 10 + d }
            count += 1
            pos += 1
        }
        guard count > 0 else { return nil }
        var scaled = value
        var c = min(count, 3)
        while c < 3 {
            scaled *= 10
            c += 1
        }
        return scaled
    }

    /// Skips spaces; returns how many.
    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = pos
        while pos < end, base[pos] == ASCII.space { pos += 1 }
        return pos - start
    }

    /// Reads up to the next space (or the end) and returns the bounds of the token.
    mutating func token() -> Range<Int> {
        let start = pos
        while pos < end, base[pos] != ASCII.space { pos += 1 }
        return start..<pos
    }

    /// Matches a case-insensitive month name (three-letter abbreviation, optionally the full name) and returns
    /// its number 1...12.
    mutating func monthName() -> Int? {
        guard remaining >= 3 else { return nil }
        for (index, abbreviation) in CivilTime.monthAbbreviations.enumerated() {
            if matchesCaseInsensitive(abbreviation, at: pos) {
                pos += 3
                let rest = CivilTime.monthNames[index].utf8.dropFirst(3)
                if !rest.isEmpty, remaining >= rest.count,
                    matchesCaseInsensitive(String(Substring(rest)), at: pos)
                {
                    pos += rest.count
                }
                return index + 1
            }
        }
        return nil
    }

    /// Skips a run of ASCII letters (a day-of-week name, an era); returns how many.
    @discardableResult
    mutating func skipLetters() -> Int {
        let start = pos
        while pos < end, ASCII.isLetter(base[pos]) { pos += 1 }
        return pos - start
    }

    func matchesCaseInsensitive(_ text: String, at index: Int) -> Bool {
        var i = index
        for b in text.utf8 {
            guard i < end, ASCII.lower(base[i]) == ASCII.lower(b) else { return false }
            i += 1
        }
        return true
    }
}

/// ASCII byte constants and classifiers used by the scanners.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let plus: UInt8 = 0x2B
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let leftBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let rightBracket: UInt8 = 0x5D
    static let pipe: UInt8 = 0x7C
    static let comma: UInt8 = 0x2C

    @inline(__always) static func digitValue(_ b: UInt8) -> Int? {
        b &- 0x30 < 10 ? Int(b &- 0x30) : nil
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isLetter(b) ? b | 0x20 : b }

    @inline(__always) static func hexValue(_ b: UInt8) -> Int? {
        if b &- 0x30 < 10 { return Int(b &- 0x30) }
        let l = b | 0x20
        if l &- 0x61 < 6 { return Int(l &- 0x61) + 10 }
        return nil
    }
}

extension String {
    /// Runs `body` over the string's UTF-8 bytes without copying when the string is native.
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = self
        return copy.withUTF8(body)
    }
}
