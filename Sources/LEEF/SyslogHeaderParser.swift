/// Parses the optional syslog header in front of `LEEF:`.
///
/// Accepted shapes (PRI is 1–3 digits, at most 191):
/// - RFC 5424: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD ` with `-` for nil values.
/// - RFC 3164 and the variants real senders produce: `[<PRI>][TIMESTAMP ][HOSTNAME ][TAG: ]` where TIMESTAMP is
///   `Mmm dd HH:mm:ss` (day may be space-padded, optional `.fraction`), `Mmm dd yyyy HH:mm:ss`, or an RFC 3339
///   time (rsyslog's high-precision format), and TAG is `app:` or `app[pid]:`.
struct SyslogHeaderParser {
    let buf: UnsafeBufferPointer<UInt8>
    let end: Int
    let referenceTime: Int64
    /// Whether the message after the header must be LEEF (the LEEF decoder) or may be anything (raw payloads
    /// QRadar forwards: an sshd line, a WinCollect record, JSON).
    var requireLEEF = true

    /// Returns the header (nil when the line starts with `LEEF:`) and the offset where `LEEF:` begins.
    func parse(from start: Int) throws(LEEFError) -> (SyslogHeader?, Int) {
        var c = ByteCursor(buf, from: start, to: end)
        if startsWithLEEF(c) { return (nil, c.pos) }
        var priority: Int?
        if c.consume(ASCII.lessThan) {
            guard let p = c.digits(min: 1, max: 3) else {
                throw c.atEnd
                    ? LEEFError(.truncatedHeader, "line ends inside the syslog PRI", offset: c.pos)
                    : LEEFError(.badSyslogHeader, "syslog PRI is not 1-3 digits", offset: c.pos)
            }
            guard !c.atEnd else { throw LEEFError(.truncatedHeader, "line ends inside the syslog PRI", offset: c.pos) }
            guard c.consume(ASCII.greaterThan) else {
                throw LEEFError(.badSyslogHeader, "syslog PRI is not closed by '>'", offset: c.pos)
            }
            guard p <= 191 else { throw LEEFError(.badSyslogHeader, "syslog PRI \(p) exceeds 191", offset: start) }
            priority = p
            if c.peek() == UInt8(ascii: "1"), c.peek(1) == ASCII.space {
                c.advance(2)
                return try parse5424(&c, priority: p)
            }
        }
        return try parse3164(&c, priority: priority)
    }

    private func startsWithLEEF(_ c: ByteCursor) -> Bool {
        c.remaining >= 5 && c.peek() == 0x4C && c.peek(1) == 0x45 && c.peek(2) == 0x45 && c.peek(3) == 0x46
            && c.peek(4) == ASCII.colon
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[range]), as: UTF8.self)
    }

    /// A space-delimited RFC 5424 field; `-` is nil.
    private func field(_ c: inout ByteCursor, _ name: String) throws(LEEFError) -> String? {
        guard !c.atEnd else { throw LEEFError(.truncatedHeader, "RFC 5424 header ends before \(name)", offset: c.pos) }
        let range = c.token()
        guard c.consume(ASCII.space) else {
            throw LEEFError(.truncatedHeader, "RFC 5424 header ends after \(name)", offset: c.pos)
        }
        if range.count == 1, buf[range.lowerBound] == ASCII.minus { return nil }
        guard !range.isEmpty else { throw LEEFError(.badSyslogHeader, "RFC 5424 \(name) is empty", offset: c.pos) }
        return string(range)
    }

    private func parse5424(_ c: inout ByteCursor, priority: Int) throws(LEEFError) -> (SyslogHeader?, Int) {
        var header = SyslogHeader(format: .rfc5424, priority: priority)
        guard !c.atEnd else { throw LEEFError(.truncatedHeader, "RFC 5424 header ends before TIMESTAMP", offset: c.pos) }
        if c.peek() == ASCII.minus, c.peek(1) == ASCII.space {
            c.advance(2)
        } else {
            let tsStart = c.pos
            let range = c.token()
            var tc = ByteCursor(buf, from: range.lowerBound, to: range.upperBound)
            guard let t = tc.iso8601(), tc.atEnd else {
                throw LEEFError(.badSyslogHeader, "RFC 5424 TIMESTAMP is not RFC 3339", offset: tsStart)
            }
            header.timestamp = t
            guard c.consume(ASCII.space) else {
                throw LEEFError(.truncatedHeader, "RFC 5424 header ends after TIMESTAMP", offset: c.pos)
            }
        }
        header.hostname = try field(&c, "HOSTNAME")
        header.appName = try field(&c, "APP-NAME")
        header.procID = try field(&c, "PROCID")
        header.msgID = try field(&c, "MSGID")
        guard !c.atEnd else {
            throw LEEFError(.truncatedHeader, "RFC 5424 header ends before STRUCTURED-DATA", offset: c.pos)
        }
        if c.peek() == ASCII.minus {
            c.advance()
        } else {
            let sdStart = c.pos
            guard let sdEnd = Self.structuredDataEnd(buf, from: c.pos, to: end) else {
                throw c.remaining > 0 && c.peek() == ASCII.leftBracket
                    ? LEEFError(.truncatedHeader, "RFC 5424 STRUCTURED-DATA is not closed", offset: sdStart)
                    : LEEFError(.badSyslogHeader, "RFC 5424 STRUCTURED-DATA must be '-' or '[...]'", offset: sdStart)
            }
            header.structuredData = string(sdStart..<sdEnd)
            c.pos = sdEnd
        }
        if !requireLEEF, c.atEnd { return (header, c.pos) }
        guard c.consume(ASCII.space) else {
            throw c.atEnd
                ? LEEFError(.notLEEF, "syslog message has no LEEF payload", offset: c.pos)
                : LEEFError(.badSyslogHeader, "RFC 5424 STRUCTURED-DATA is not followed by a space", offset: c.pos)
        }
        c.skipSpaces()
        skipBOM(&c)
        if !requireLEEF { return (header, c.pos) }
        guard startsWithLEEF(c) else {
            throw LEEFError(.notLEEF, "syslog message does not start with 'LEEF:'", offset: c.pos)
        }
        return (header, c.pos)
    }

    private func skipBOM(_ c: inout ByteCursor) {
        if c.peek() == 0xEF, c.peek(1) == 0xBB, c.peek(2) == 0xBF { c.advance(3) }
    }

    /// The end offset of one or more `[id k="v" …]` elements starting at `from`, honouring quoted values with
    /// `\"`, `\\` and `\]` escapes; nil when malformed or unterminated.
    static func structuredDataEnd(_ buf: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int? {
        var i = from
        guard i < end, buf[i] == ASCII.leftBracket else { return nil }
        while i < end, buf[i] == ASCII.leftBracket {
            i += 1
            var inQuote = false
            var closed = false
            while i < end {
                let b = buf[i]
                if inQuote {
                    if b == ASCII.backslash {
                        i += 2
                        continue
                    }
                    if b == ASCII.quote { inQuote = false }
                } else if b == ASCII.quote {
                    inQuote = true
                } else if b == ASCII.rightBracket {
                    closed = true
                    i += 1
                    break
                } else if b == ASCII.lf || b == ASCII.cr {
                    return nil
                }
                i += 1
            }
            guard closed else { return nil }
        }
        return i
    }

    private func parse3164(_ c: inout ByteCursor, priority: Int?) throws(LEEFError) -> (SyslogHeader?, Int) {
        var header = SyslogHeader(format: .rfc3164, priority: priority)
        c.skipSpaces()
        let tsStart = c.pos
        if let t = try timestamp3164(&c) {
            header.timestamp = t
        } else if let t = c.iso8601() {
            header.timestamp = t
        }
        if c.pos != tsStart {
            guard c.skipSpaces() > 0 || startsWithLEEF(c) else {
                throw c.atEnd
                    ? LEEFError(.truncatedHeader, "syslog header ends after its timestamp", offset: c.pos)
                    : LEEFError(.badSyslogHeader, "syslog timestamp is not followed by a space", offset: c.pos)
            }
        }
        if !requireLEEF { return rawTail(&c, header: header) }
        // Up to two tokens (HOSTNAME, then TAG) may precede LEEF:.
        var tokens = 0
        while !startsWithLEEF(c) {
            guard !c.atEnd else {
                throw priority == nil && header.timestamp == nil
                    ? LEEFError(.notLEEF, "line does not start with 'LEEF:' or a syslog header", offset: c.pos)
                    : LEEFError(.notLEEF, "syslog message has no LEEF payload", offset: c.pos)
            }
            guard tokens < 2 else {
                throw LEEFError(.notLEEF, "no 'LEEF:' after the syslog header", offset: c.pos)
            }
            let range = c.token()
            guard !range.isEmpty else { throw LEEFError(.notLEEF, "no 'LEEF:' after the syslog header", offset: c.pos) }
            if buf[range.upperBound - 1] == ASCII.colon {
                parseTag(range.lowerBound..<(range.upperBound - 1), into: &header)
                tokens = 2
            } else if tokens == 0 {
                header.hostname = string(range)
                tokens = 1
            } else {
                throw LEEFError(.notLEEF, "no 'LEEF:' after the syslog header", offset: range.lowerBound)
            }
            c.skipSpaces()
        }
        if priority == nil && header.timestamp == nil && header.hostname == nil && header.appName == nil {
            return (nil, c.pos)
        }
        return (header, c.pos)
    }

    /// After an RFC 3164 timestamp, for any payload: an optional HOSTNAME, then an optional TAG (`app:` or
    /// `app[pid]:`), then the message. A token with `=` or a quote is never a name: it is already the message
    /// (WinCollect's `AgentDevice=WindowsLog…` follows the host name directly).
    private func rawTail(_ c: inout ByteCursor, header start: SyslogHeader) -> (SyslogHeader?, Int) {
        var header = start
        func plainName(_ r: Range<Int>) -> Bool {
            !r.isEmpty && !buf[r].contains(where: { $0 == UInt8(ascii: "=") || $0 == ASCII.quote || $0 == UInt8(ascii: "{") || $0 == 0x09 })
        }
        func isTag(_ r: Range<Int>) -> Bool { r.count > 1 && buf[r.upperBound - 1] == ASCII.colon && plainName(r.lowerBound..<(r.upperBound - 1)) }
        let hasHeader = header.priority != nil || header.timestamp != nil
        var probe = c
        let first = probe.token()
        if isTag(first) {
            parseTag(first.lowerBound..<(first.upperBound - 1), into: &header)
            probe.skipSpaces()
            c = probe
        } else if hasHeader, plainName(first), probe.skipSpaces() > 0 {
            header.hostname = string(first)
            var next = probe
            let second = next.token()
            if isTag(second) {
                parseTag(second.lowerBound..<(second.upperBound - 1), into: &header)
                next.skipSpaces()
                probe = next
            }
            c = probe
        }
        skipBOM(&c)
        if header.priority == nil && header.timestamp == nil && header.hostname == nil && header.appName == nil {
            return (nil, c.pos)
        }
        return (header, c.pos)
    }

    /// `app`, `app[pid]`.
    private func parseTag(_ range: Range<Int>, into header: inout SyslogHeader) {
        var open = range.upperBound
        if range.count >= 3, buf[range.upperBound - 1] == ASCII.rightBracket {
            var i = range.lowerBound
            while i < range.upperBound, buf[i] != ASCII.leftBracket { i += 1 }
            open = i
        }
        if open < range.upperBound {
            header.appName = open > range.lowerBound ? string(range.lowerBound..<open) : nil
            header.procID = string((open + 1)..<(range.upperBound - 1))
        } else {
            header.appName = range.isEmpty ? nil : string(range)
        }
    }

    /// `Mmm dd HH:mm:ss[.fff]` or `Mmm dd yyyy HH:mm:ss`; nil (cursor unmoved) when the text is not a month name.
    private func timestamp3164(_ c: inout ByteCursor) throws(LEEFError) -> Int64? {
        let start = c.pos
        guard c.remaining >= 4, let month = c.monthName(), c.peek() == ASCII.space else {
            c.pos = start
            return nil
        }
        func bad() -> LEEFError {
            c.atEnd
                ? LEEFError(.truncatedHeader, "line ends inside the RFC 3164 timestamp", offset: c.pos)
                : LEEFError(.badSyslogHeader, "RFC 3164 timestamp is not 'Mmm dd HH:mm:ss'", offset: start)
        }
        c.skipSpaces()
        guard let day = c.digits(min: 1, max: 2), c.consume(ASCII.space) else { throw bad() }
        var year: Int?
        if let y = c.digits(min: 4, max: 4) {
            guard c.consume(ASCII.space) else { throw bad() }
            year = y
        }
        guard let hour = c.digits(min: 2, max: 2), c.consume(ASCII.colon), let minute = c.digits(min: 2, max: 2),
            c.consume(ASCII.colon), let second = c.digits(min: 2, max: 2)
        else { throw bad() }
        var millis = 0
        if c.peek() == ASCII.dot, c.peek(1).map(ASCII.isDigit) == true {
            c.advance()
            millis = c.fractionMillis() ?? 0
        }
        let t: Int64?
        if let year {
            t = CivilTime.epochMillis(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second, millis: millis,
                offsetSeconds: 0)
        } else {
            t = CivilTime.closestYear(
                referenceTime: referenceTime, month: month, day: day, hour: hour, minute: minute, second: second,
                millis: millis, offsetSeconds: 0)
        }
        guard let t else { throw LEEFError(.badSyslogHeader, "RFC 3164 timestamp is out of range", offset: start) }
        return t
    }
}
