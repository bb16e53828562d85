/// The syslog header in front of a LEEF event: RFC 3164 (`<PRI>Mmm dd HH:mm:ss host [tag:] `) or RFC 5424
/// (`<PRI>1 timestamp host app procid msgid structured-data `).
public struct SyslogHeader: Sendable, Hashable {
    /// Which RFC the header follows.
    public enum Format: Sendable, Hashable {
        /// BSD syslog: `<PRI>Mmm dd HH:mm:ss host`; PRI is optional for QRadar and there is no year.
        case rfc3164
        /// IETF syslog: `<PRI>1 yyyy-MM-ddTHH:mm:ss.SSSZ host app procid msgid sd`.
        case rfc5424
    }

    /// Which RFC the header follows.
    public var format: Format
    /// The PRI value `facility * 8 + severity` (0...191), or nil when an RFC 3164 header has none.
    public var priority: Int?
    /// The timestamp in epoch milliseconds; nil when absent (`-` in RFC 5424). RFC 3164 timestamps have no year,
    /// so the decoder takes the year that puts the time closest to its reference time.
    public var timestamp: Int64?
    /// The sending host (RFC 5424 HOSTNAME, RFC 3164 HOSTNAME); nil when absent or `-`.
    public var hostname: String?
    /// RFC 5424 APP-NAME, or the RFC 3164 TAG before `[pid]:`/`:`.
    public var appName: String?
    /// RFC 5424 PROCID, or the pid in an RFC 3164 `tag[pid]:`.
    public var procID: String?
    /// RFC 5424 MSGID (RFC 5424 only).
    public var msgID: String?
    /// RFC 5424 STRUCTURED-DATA as written (`[id k="v"]…`), or nil for `-` (RFC 5424 only).
    public var structuredData: String?

    /// - Parameters mirror the properties; `priority` defaults to 13 (user.notice).
    public init(
        format: Format, priority: Int? = 13, timestamp: Int64? = nil, hostname: String? = nil,
        appName: String? = nil, procID: String? = nil, msgID: String? = nil, structuredData: String? = nil
    ) {
        self.format = format
        self.priority = priority
        self.timestamp = timestamp
        self.hostname = hostname
        self.appName = appName
        self.procID = procID
        self.msgID = msgID
        self.structuredData = structuredData
    }

    /// Facility (0...23), from `priority / 8`.
    public var facility: Int? { priority.map { $0 / 8 } }
    /// Severity (0 emergency ... 7 debug), from `priority % 8`.
    public var severity: Int? { priority.map { $0 % 8 } }

    /// The PRI value for a facility (0...23) and severity (0...7), clamped into range.
    public static func priority(facility: Int, severity: Int) -> Int {
        min(max(facility, 0), 23) * 8 + min(max(severity, 0), 7)
    }
}

/// A LEEF event with its optional syslog header: one line on the wire.
public struct LEEFMessage: Sendable, Hashable {
    /// The syslog header, or nil for a bare LEEF line.
    public var header: SyslogHeader?
    /// The LEEF event.
    public var event: LEEFEvent

    public init(header: SyslogHeader? = nil, event: LEEFEvent) {
        self.header = header
        self.event = event
    }
}
