/// A syslog line split into its header and its message, whatever the message is: the raw payloads QRadar forwards
/// besides LEEF (an sshd line in RFC 3164 or RFC 5424 syslog, a WinCollect record, JSON of the normalized fields).
/// The header grammar is the LEEF decoder's own (``SyslogHeaderParser``), so both read the same senders alike.
public struct SyslogLine: Sendable, Hashable {
    /// The header, nil for a line that has none.
    public var header: SyslogHeader?
    /// Everything after the header (never containing its trailing newline).
    public var message: String

    public init(header: SyslogHeader?, message: String) {
        self.header = header
        self.message = message
    }

    /// Splits `line`.
    /// - Parameters:
    ///   - referenceTime: epoch milliseconds used to choose the year of an RFC 3164 timestamp.
    /// - Throws: ``LEEFError`` for a malformed header (a PRI above 191, an RFC 5424 header cut short), an empty
    ///   message, or a line longer than `maxLength` bytes.
    public static func split(_ line: String, referenceTime: Int64, maxLength: Int = LEEFDecoder.defaultMaxLength) throws(LEEFError) -> SyslogLine {
        var text = line
        let result: Result<SyslogLine, LEEFError> = text.withUTF8 { buf in
            Result { () throws(LEEFError) -> SyslogLine in
                guard buf.count <= maxLength else {
                    throw LEEFError(.lineTooLong, "line of \(buf.count) bytes exceeds the maximum of \(maxLength)")
                }
                var end = buf.count
                while end > 0, buf[end - 1] == ASCII.lf || buf[end - 1] == ASCII.cr { end -= 1 }
                var start = 0
                if end >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { start = 3 }
                var parser = SyslogHeaderParser(buf: buf, end: end, referenceTime: referenceTime)
                parser.requireLEEF = false
                let (header, messageStart) = try parser.parse(from: start)
                guard messageStart < end else { throw LEEFError(.truncatedHeader, "syslog line has no message", offset: messageStart) }
                return SyslogLine(header: header, message: String(decoding: UnsafeBufferPointer(rebasing: buf[messageStart..<end]), as: UTF8.self))
            }
        }
        return try result.get()
    }
}
