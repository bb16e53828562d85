/// Writes LEEF events and messages as single lines (no trailing newline).
///
/// LEEF has no official escape syntax, so Vigil uses this documented scheme, which the decoder reverses exactly:
///
/// - **Attribute keys and values**: the delimiter is written `\` + delimiter (a tab delimiter as `\t`);
///   line feed, carriage return and tab are written `\n`, `\r`, `\t`, so an encoded line never contains a raw
///   line break. `=` is escaped as `\=` in keys only: QRadar splits each pair on its first `=`, so `=` inside a
///   value is kept raw (URLs with query strings stay readable, and QRadar does not see a stray backslash).
///   `|` is kept raw unless it is the delimiter. A backslash is doubled only when it would otherwise be read as
///   an escape (when followed by `\`, `=`, `|`, the delimiter, `n`, `r`, `t`, a line break or tab, or at the end
///   of the text), so Windows paths like `C:\Windows` pass through unchanged.
/// - **Header fields** (vendor, product, version, event ID): a `|` would break every LEEF parser, so it is
///   *replaced* by `/`, and CR/LF by a space — a deliberate, lossy sanitization. A backslash is doubled only when
///   followed by another backslash or at the end of the field.
/// - **Delimiter field** (2.0): printable ASCII is written as itself; tab, space, `|` and other bytes as
///   `xHH` (`x09`, `x7C`). An invalid delimiter (see ``LEEFEvent/isValidDelimiter(_:)``) is replaced by tab.
///   LEEF 1.0 always uses tab.
/// - **Syslog header**: RFC 5424 fields containing spaces or control characters have them replaced by `_`,
///   empty/nil fields become `-`, and structured data that does not parse is written as `-`. RFC 3164 writes
///   `<PRI>` (when set), `Mmm dd HH:mm:ss` in UTC (day space-padded, milliseconds dropped), the hostname, and
///   `app[procid]:` when an app name is set. An RFC 5424 header without a priority uses 13 (user.notice).
///
/// `decode(encode(e)) == e` holds for every event whose header fields contain no `|`, CR or LF and whose
/// vendor, product and event ID are non-empty.
public enum LEEFEncoder {
    /// The LEEF line for an event, without a syslog header.
    public static func encode(_ e: LEEFEvent) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(estimatedSize(e))
        appendEvent(e, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The full line: syslog header (if any), a space, then the LEEF event.
    public static func encode(_ m: LEEFMessage) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(estimatedSize(m.event) + 96)
        append(m, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the full line's UTF-8 bytes (no newline) to `out`; the allocation-free path for senders.
    public static func append(_ m: LEEFMessage, to out: inout [UInt8]) {
        if let header = m.header {
            appendHeader(header, to: &out)
            out.append(ASCII.space)
        }
        appendEvent(m.event, to: &out)
    }

    /// The syslog header alone, without the separating space.
    public static func encode(_ header: SyslogHeader) -> String {
        var out: [UInt8] = []
        appendHeader(header, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A header field as the encoder writes it: `|` → `/`, CR/LF → space.
    public static func sanitizeHeaderField(_ field: String) -> String {
        var out: [UInt8] = []
        for b in field.utf8 {
            switch b {
            case ASCII.pipe: out.append(UInt8(ascii: "/"))
            case ASCII.cr, ASCII.lf: out.append(ASCII.space)
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The delimiter the encoder will actually use for `e`.
    public static func effectiveDelimiter(_ e: LEEFEvent) -> UInt8 {
        e.version == .v1 || !LEEFEvent.isValidDelimiter(e.delimiter) ? ASCII.tab : e.delimiter
    }

    // MARK: - Event

    private static func estimatedSize(_ e: LEEFEvent) -> Int {
        var n = 32 + e.vendor.utf8.count + e.product.utf8.count + e.productVersion.utf8.count + e.eventID.utf8.count
        for a in e.attributes.pairs { n += a.key.utf8.count + a.value.utf8.count + 2 }
        return n
    }

    static func appendEvent(_ e: LEEFEvent, to out: inout [UInt8]) {
        let delimiter = effectiveDelimiter(e)
        out.append(contentsOf: e.version == .v1 ? "LEEF:1.0|".utf8 : "LEEF:2.0|".utf8)
        appendHeaderField(e.vendor, to: &out)
        appendHeaderField(e.product, to: &out)
        appendHeaderField(e.productVersion, to: &out)
        appendHeaderField(e.eventID, to: &out)
        if e.version == .v2 {
            appendDelimiterField(delimiter, to: &out)
            out.append(ASCII.pipe)
        }
        var first = true
        for attribute in e.attributes.pairs {
            if !first { out.append(delimiter) }
            first = false
            appendEscaped(attribute.key, isKey: true, delimiter: delimiter, to: &out)
            out.append(ASCII.equals)
            appendEscaped(attribute.value, isKey: false, delimiter: delimiter, to: &out)
        }
    }

    private static func appendDelimiterField(_ d: UInt8, to out: inout [UInt8]) {
        if d > 0x20, d < 0x7F, d != ASCII.pipe {
            out.append(d)
        } else {
            let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
            out.append(UInt8(ascii: "x"))
            out.append(hex[Int(d >> 4)])
            out.append(hex[Int(d & 0xF)])
        }
    }

    private static func appendHeaderField(_ field: String, to out: inout [UInt8]) {
        field.withUTF8Bytes { bytes in
            for i in bytes.indices {
                let b = bytes[i]
                switch b {
                case ASCII.pipe: out.append(UInt8(ascii: "/"))
                case ASCII.cr, ASCII.lf: out.append(ASCII.space)
                case ASCII.backslash:
                    out.append(b)
                    if i + 1 == bytes.count || bytes[i + 1] == ASCII.backslash || bytes[i + 1] == ASCII.pipe {
                        out.append(b)
                    }
                default: out.append(b)
                }
            }
        }
        out.append(ASCII.pipe)
    }

    @inline(__always)
    private static func needsEscape(_ b: UInt8, isKey: Bool, delimiter: UInt8) -> Bool {
        b == delimiter || b == ASCII.backslash || b == ASCII.lf || b == ASCII.cr || b == ASCII.tab
            || (isKey && b == ASCII.equals)
    }

    private static func appendEscaped(_ text: String, isKey: Bool, delimiter: UInt8, to out: inout [UInt8]) {
        text.withUTF8Bytes { bytes in
            var clean = true
            for b in bytes where needsEscape(b, isKey: isKey, delimiter: delimiter) {
                clean = false
                break
            }
            if clean {
                out.append(contentsOf: bytes)
                return
            }
            for i in bytes.indices {
                let b = bytes[i]
                if b == ASCII.lf {
                    out.append(ASCII.backslash)
                    out.append(UInt8(ascii: "n"))
                } else if b == ASCII.cr {
                    out.append(ASCII.backslash)
                    out.append(UInt8(ascii: "r"))
                } else if b == ASCII.tab {
                    out.append(ASCII.backslash)
                    out.append(UInt8(ascii: "t"))
                } else if b == ASCII.backslash {
                    out.append(b)
                    if i + 1 == bytes.count || isEscapeTrigger(bytes[i + 1], delimiter: delimiter) { out.append(b) }
                } else if b == delimiter || (isKey && b == ASCII.equals) {
                    out.append(ASCII.backslash)
                    out.append(b)
                } else {
                    out.append(b)
                }
            }
        }
    }

    /// A byte after a backslash that the decoder would treat as (or that encodes to) an escape sequence.
    @inline(__always)
    static func isEscapeTrigger(_ b: UInt8, delimiter: UInt8) -> Bool {
        switch b {
        case ASCII.backslash, ASCII.equals, ASCII.pipe, ASCII.lf, ASCII.cr, ASCII.tab,
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return true
        default:
            return b == delimiter
        }
    }

    // MARK: - Syslog header

    static func appendHeader(_ h: SyslogHeader, to out: inout [UInt8]) {
        switch h.format {
        case .rfc5424: append5424(h, to: &out)
        case .rfc3164: append3164(h, to: &out)
        }
    }

    private static func appendPRI(_ p: Int, to out: inout [UInt8]) {
        out.append(ASCII.lessThan)
        LEEFTime.appendPadded(min(max(p, 0), 191), width: 1, to: &out)
        out.append(ASCII.greaterThan)
    }

    private static func append5424(_ h: SyslogHeader, to out: inout [UInt8]) {
        appendPRI(h.priority ?? 13, to: &out)
        out.append(contentsOf: "1 ".utf8)
        if let t = h.timestamp {
            LEEFTime.appendISO8601(t, to: &out)
        } else {
            out.append(ASCII.minus)
        }
        for field in [h.hostname, h.appName, h.procID, h.msgID] {
            out.append(ASCII.space)
            appendToken(field, to: &out)
        }
        out.append(ASCII.space)
        if let sd = h.structuredData, !sd.isEmpty,
            sd.withUTF8Bytes({ SyslogHeaderParser.structuredDataEnd($0, from: 0, to: $0.count) == $0.count })
        {
            out.append(contentsOf: sd.utf8)
        } else {
            out.append(ASCII.minus)
        }
    }

    /// A header token: nil/empty → `-`; spaces and control characters → `_`.
    private static func appendToken(_ field: String?, to out: inout [UInt8]) {
        guard let field, !field.isEmpty else {
            out.append(ASCII.minus)
            return
        }
        for b in field.utf8 {
            out.append(b <= ASCII.space || b == 0x7F ? UInt8(ascii: "_") : b)
        }
    }

    private static func append3164(_ h: SyslogHeader, to out: inout [UInt8]) {
        let start = out.count
        if let p = h.priority { appendPRI(p, to: &out) }
        if let t = h.timestamp {
            let c = CivilTime.components(t)
            out.append(contentsOf: CivilTime.monthAbbreviations[c.month - 1].utf8)
            out.append(ASCII.space)
            if c.day < 10 { out.append(ASCII.space) }
            LEEFTime.appendPadded(c.day, width: 1, to: &out)
            out.append(ASCII.space)
            LEEFTime.appendPadded(c.hour, width: 2, to: &out)
            out.append(ASCII.colon)
            LEEFTime.appendPadded(c.minute, width: 2, to: &out)
            out.append(ASCII.colon)
            LEEFTime.appendPadded(c.second, width: 2, to: &out)
        }
        var needSpace = h.timestamp != nil
        if let host = h.hostname, !host.isEmpty {
            if needSpace { out.append(ASCII.space) }
            for b in host.utf8 {
                out.append(b <= ASCII.space || b == 0x7F || b == ASCII.colon ? UInt8(ascii: "_") : b)
            }
            needSpace = true
        }
        if let app = h.appName, !app.isEmpty {
            if needSpace { out.append(ASCII.space) }
            for b in app.utf8 {
                out.append(
                    b <= ASCII.space || b == 0x7F || b == ASCII.colon || b == ASCII.leftBracket ? UInt8(ascii: "_") : b)
            }
            if let pid = h.procID, !pid.isEmpty {
                out.append(ASCII.leftBracket)
                for b in pid.utf8 {
                    out.append(b <= ASCII.space || b == 0x7F || b == ASCII.rightBracket ? UInt8(ascii: "_") : b)
                }
                out.append(ASCII.rightBracket)
            }
            out.append(ASCII.colon)
        }
        // A header reduced to nothing would not be recognizable; keep at least a PRI.
        if out.count == start { appendPRI(13, to: &out) }
    }
}
