/// Reads LEEF lines, with or without a syslog header, from strings or raw bytes.
///
/// The decoder works over the UTF-8 bytes and creates `String`s only for field values. It accepts everything the
/// encoder writes (see ``LEEFEncoder`` for the escape scheme) and is lenient with other emitters:
/// - backslash escapes `\\`, `\=`, `\|`, `\<delimiter>`, `\n`, `\r`, `\t` are decoded; any other `\x` is kept
///   literally (Windows paths survive);
/// - `\|` and `\\` are decoded in header fields;
/// - LEEF 2.0 delimiter field: one ASCII character, or `x`/`0x` with 1–4 hex digits; an empty field, or a field
///   that is missing altogether (the attributes follow the event ID directly), means tab;
/// - empty attribute segments (doubled or trailing delimiters) are skipped, and a segment without `=` is taken as
///   part of the previous value (an unescaped delimiter inside a value), or as a key with an empty value when it
///   comes first;
/// - trailing CR and LF bytes and a BOM before `LEEF:` are ignored; the version may be written `1`/`1.0`/`2`/`2.0`.
///
/// Decoding never traps on any input: malformed lines throw ``LEEFError``.
public enum LEEFDecoder {
    /// The default maximum line length for ``decode(bytes:referenceTime:maxLength:)``: 64 KiB.
    public static let defaultMaxLength = 65_536

    /// Decodes one line.
    /// - Parameter referenceTime: epoch milliseconds used to choose the year of an RFC 3164 timestamp (the year
    ///   that puts the timestamp closest to it); usually the receive time.
    public static func decode(_ line: String, referenceTime: Int64) throws(LEEFError) -> LEEFMessage {
        let result: Result<LEEFMessage, LEEFError> = line.withUTF8Bytes { buf in
            Result { () throws(LEEFError) -> LEEFMessage in
                try LineParser(buf: buf, referenceTime: referenceTime).parse()
            }
        }
        return try result.get()
    }

    /// Decodes one line from raw bytes, validating UTF-8.
    /// - Parameters:
    ///   - bytes: the line, with or without a trailing newline.
    ///   - referenceTime: epoch milliseconds used to choose the year of an RFC 3164 timestamp.
    ///   - maxLength: lines longer than this many bytes are rejected with `.lineTooLong`.
    public static func decode(
        bytes: some Collection<UInt8>, referenceTime: Int64, maxLength: Int = defaultMaxLength
    ) throws(LEEFError) -> LEEFMessage {
        let count = bytes.count
        guard count <= maxLength else {
            throw LEEFError(.lineTooLong, "line of \(count) bytes exceeds the maximum of \(maxLength)")
        }
        func run(_ buf: UnsafeBufferPointer<UInt8>) -> Result<LEEFMessage, LEEFError> {
            if let bad = UTF8Validation.firstInvalidOffset(buf, 0..<buf.count) {
                return .failure(LEEFError(.invalidUTF8, "line is not valid UTF-8", offset: bad))
            }
            return Result { () throws(LEEFError) -> LEEFMessage in
                try LineParser(buf: buf, referenceTime: referenceTime).parse()
            }
        }
        if let result = bytes.withContiguousStorageIfAvailable(run) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer(run).get()
    }

    /// The offset of the first byte of an ill-formed UTF-8 sequence in `bytes`, or nil when they are valid UTF-8.
    /// Checks eight ASCII bytes at a time, so all-ASCII input is cheap.
    public static func firstInvalidUTF8Offset(_ bytes: some Collection<UInt8>) -> Int? {
        if let result = bytes.withContiguousStorageIfAvailable({ UTF8Validation.firstInvalidOffset($0, 0..<$0.count) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0, 0..<$0.count) }
    }
}

/// The byte-level parser for one line. All reads are bounds-checked against `end`.
struct LineParser {
    let buf: UnsafeBufferPointer<UInt8>
    let referenceTime: Int64
    var end: Int

    init(buf: UnsafeBufferPointer<UInt8>, referenceTime: Int64) {
        self.buf = buf
        self.referenceTime = referenceTime
        var e = buf.count
        while e > 0, buf[e - 1] == ASCII.lf || buf[e - 1] == ASCII.cr { e -= 1 }
        self.end = e
    }

    func parse() throws(LEEFError) -> LEEFMessage {
        var start = 0
        if end >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { start = 3 }
        let (header, leefStart) = try SyslogHeaderParser(buf: buf, end: end, referenceTime: referenceTime)
            .parse(from: start)
        let event = try parseEvent(from: leefStart)
        return LEEFMessage(header: header, event: event)
    }

    // MARK: - LEEF header

    private func parseEvent(from leefStart: Int) throws(LEEFError) -> LEEFEvent {
        // The caller guarantees "LEEF:" at leefStart.
        var i = leefStart + 5
        let versionStart = i
        while i < end, buf[i] != ASCII.pipe { i += 1 }
        let version: LEEFVersion
        switch versionStart..<i {
        case let r where matches(r, "1.0") || matches(r, "1"): version = .v1
        case let r where matches(r, "2.0") || matches(r, "2"): version = .v2
        default:
            throw LEEFError(.badVersion, "LEEF version must be 1.0 or 2.0", offset: versionStart)
        }
        guard i < end else { throw LEEFError(.truncatedHeader, "line ends after the LEEF version", offset: i) }
        i += 1

        // Vendor, product, product version, event ID; kept in locals to avoid an array per line.
        var vendor = ""
        var product = ""
        var productVersion = ""
        var eventID = ""
        var lastFieldTerminated = true
        for n in 0..<4 {
            let fieldStart = i
            var escaped = false
            while i < end, buf[i] != ASCII.pipe {
                if buf[i] == ASCII.backslash {
                    escaped = true
                    i += 1
                }
                i += 1
            }
            let fieldEnd = min(i, end)
            if i >= end {
                // Only the event ID may run to the end of the line (an event without attributes).
                guard n == 3 else {
                    throw LEEFError(.truncatedHeader, "line ends inside the LEEF \(Self.fieldNames[n]) field", offset: fieldStart)
                }
                lastFieldTerminated = false
            }
            let text = escaped ? unescapeHeader(fieldStart..<fieldEnd) : makeString(fieldStart..<fieldEnd)
            switch n {
            case 0: vendor = text
            case 1: product = text
            case 2: productVersion = text
            default: eventID = text
            }
            i = fieldEnd + 1
        }
        if vendor.isEmpty { throw LEEFError(.missingFields, "LEEF vendor is empty") }
        if product.isEmpty { throw LEEFError(.missingFields, "LEEF product is empty") }
        if eventID.isEmpty { throw LEEFError(.missingFields, "LEEF event ID is empty") }

        var delimiter = ASCII.tab
        var attrStart = min(i, end)
        if version == .v2, lastFieldTerminated {
            (delimiter, attrStart) = try delimiterField(from: attrStart)
        }
        var event = LEEFEvent(
            version: version, vendor: vendor, product: product, productVersion: productVersion, eventID: eventID,
            delimiter: delimiter)
        if lastFieldTerminated { event.attributes = parseAttributes(from: attrStart, delimiter: delimiter) }
        return event
    }

    private static let fieldNames = ["vendor", "product", "product version", "event ID"]

    private func matches(_ r: Range<Int>, _ literal: StaticString) -> Bool {
        guard r.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for k in 0..<r.count where buf[r.lowerBound + k] != p[k] { return false }
        return true
    }

    /// Works out the LEEF 2.0 delimiter and where the attributes start.
    private func delimiterField(from start: Int) throws(LEEFError) -> (UInt8, Int) {
        var p = start
        while p < end, buf[p] != ASCII.pipe { p += 1 }
        let segment = start..<p
        var hasEquals = false
        for k in segment where buf[k] == ASCII.equals {
            hasEquals = true
            break
        }
        // The field was left out: the attributes follow the event ID directly.
        if hasEquals { return (ASCII.tab, start) }
        let attrStart = p < end ? p + 1 : end
        if segment.isEmpty { return (ASCII.tab, attrStart) }
        if segment.count == 1 {
            let d = buf[start]
            guard LEEFEvent.isValidDelimiter(d) else {
                throw LEEFError(.badDelimiter, "LEEF 2.0 delimiter \(Self.describe(d)) is not usable", offset: start)
            }
            return (d, attrStart)
        }
        var k = start
        if buf[k] == UInt8(ascii: "0"), k + 1 < p, buf[k + 1] | 0x20 == UInt8(ascii: "x") {
            k += 2
        } else if buf[k] | 0x20 == UInt8(ascii: "x") {
            k += 1
        } else {
            let reason =
                buf[start] >= 0xC0
                ? "LEEF 2.0 delimiter must be a single ASCII character; multi-byte characters are not supported"
                : "LEEF 2.0 delimiter field is neither one character nor a hex code"
            throw LEEFError(.badDelimiter, reason, offset: start)
        }
        let digits = p - k
        guard (1...4).contains(digits) else {
            throw LEEFError(.badDelimiter, "LEEF 2.0 hex delimiter must have 1-4 hex digits", offset: start)
        }
        var value = 0
        for j in k..<p {
            guard let h = ASCII.hexValue(buf[j]) else {
                throw LEEFError(.badDelimiter, "LEEF 2.0 hex delimiter has a non-hex digit", offset: j)
            }
            value = value << 4 | h
        }
        guard value < 0x80, LEEFEvent.isValidDelimiter(UInt8(value)) else {
            throw LEEFError(
                .badDelimiter, "LEEF 2.0 delimiter code \(value) is not a usable single ASCII character",
                offset: start)
        }
        return (UInt8(value), attrStart)
    }

    private static func describe(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "0x\(String(b, radix: 16, uppercase: true))"
    }

    // MARK: - Attributes

    private func parseAttributes(from start: Int, delimiter: UInt8) -> LEEFAttributes {
        var attributes = LEEFAttributes()
        guard start < end, let base = buf.baseAddress else { return attributes }
        attributes.reserveCapacity(16)
        let end = self.end
        var i = start
        while i < end {
            let segStart = i
            var eq = -1
            var escapeInKey = false
            var escapeInValue = false
            // Key: up to the first unescaped '='; value: up to the next unescaped delimiter.
            while i < end {
                i = ByteScan.first(base, from: i, to: end, delimiter, ASCII.backslash, eq < 0 ? ASCII.equals : delimiter)
                guard i < end else { break }
                let b = base[i]
                if b == delimiter { break }
                if b == ASCII.backslash {
                    if eq < 0 { escapeInKey = true } else { escapeInValue = true }
                    i += 2
                    continue
                }
                eq = i  // '=' (only searched for while eq < 0)
                i += 1
            }
            let segEnd = min(i, end)
            i = segEnd + 1
            if segEnd == segStart { continue }
            if eq < 0 {
                let text = escapeInKey ? unescape(segStart..<segEnd, delimiter: delimiter) : makeString(segStart..<segEnd)
                if let last = attributes.pairs.indices.last {
                    attributes.pairs[last].value += String(Unicode.Scalar(delimiter)) + text
                } else {
                    attributes.append(key: text, value: "")
                }
                continue
            }
            let key =
                escapeInKey
                ? unescape(segStart..<eq, delimiter: delimiter)
                : (KeyTable.lookup(buf, segStart..<eq) ?? makeString(segStart..<eq))
            let value =
                escapeInValue ? unescape((eq + 1)..<segEnd, delimiter: delimiter) : makeString((eq + 1)..<segEnd)
            attributes.append(key: key, value: value)
        }
        return attributes
    }

    @inline(__always)
    private func makeString(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[r]), as: UTF8.self)
    }

    /// Decodes attribute escapes in `r`.
    private func unescape(_ r: Range<Int>, delimiter: UInt8) -> String {
        String(unsafeUninitializedCapacity: r.count) { out in
            var n = 0
            var i = r.lowerBound
            while i < r.upperBound {
                let b = buf[i]
                if b == ASCII.backslash, i + 1 < r.upperBound {
                    let next = buf[i + 1]
                    let decoded: UInt8?
                    switch next {
                    case ASCII.backslash, ASCII.equals, ASCII.pipe: decoded = next
                    case delimiter: decoded = next
                    case UInt8(ascii: "n"): decoded = ASCII.lf
                    case UInt8(ascii: "r"): decoded = ASCII.cr
                    case UInt8(ascii: "t"): decoded = ASCII.tab
                    default: decoded = nil
                    }
                    if let decoded {
                        out[n] = decoded
                        n += 1
                        i += 2
                        continue
                    }
                }
                out[n] = b
                n += 1
                i += 1
            }
            return n
        }
    }

    /// Decodes `\|` and `\\` in a header field; other backslashes are literal.
    private func unescapeHeader(_ r: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: r.count) { out in
            var n = 0
            var i = r.lowerBound
            while i < r.upperBound {
                let b = buf[i]
                if b == ASCII.backslash, i + 1 < r.upperBound, buf[i + 1] == ASCII.pipe || buf[i + 1] == ASCII.backslash {
                    out[n] = buf[i + 1]
                    n += 1
                    i += 2
                    continue
                }
                out[n] = b
                n += 1
                i += 1
            }
            return n
        }
    }
}
