import LEEF
import VigilCore

/// An event as its log source would send it to QRadar: an RFC 5424 syslog header and a LEEF 2.0 body with
/// QRadar's predefined keys plus custom keys (including `vigilEventId`, the stable event id), encoded by the LEEF
/// module. A malformed event is its raw line, unchanged.
enum EventLEEF {
    /// The `^` delimiter IBM's guide shows; the encoder escapes it wherever it appears in a value.
    static let delimiter = UInt8(ascii: "^")

    /// Appends the line (no newline) to `out`.
    static func appendLine(_ e: SimulatedEvent, source: LogSource, to out: inout [UInt8]) {
        if let raw = e.malformedLine {
            out.append(contentsOf: raw.utf8)
            return
        }
        LEEFEncoder.append(message(e.event, source: source), to: &out)
    }

    static func message(_ e: Event, source: LogSource) -> LEEFMessage {
        let (vendor, product, version) = source.type.leefHeader
        var a = LEEFAttributes()
        a.reserveCapacity(24)
        a.append(key: "devTime", value: devTime(e.time))
        a.append(key: "devTimeFormat", value: devTimeFormat)
        if let v = e.category { a.append(key: "cat", value: v) }
        a.append(key: "sev", value: String(max(1, min(10, e.severity ?? 1))))
        if let v = e.user { a.append(key: "usrName", value: v) }
        if let v = e.sourceIP { a.append(key: "src", value: v) }
        if let v = e.sourcePort { a.append(key: "srcPort", value: String(v)) }
        if let v = e.destinationIP { a.append(key: "dst", value: v) }
        if let v = e.destinationPort { a.append(key: "dstPort", value: String(v)) }
        if let v = e.networkProtocol { a.append(key: "proto", value: v) }
        if let v = e.bytesOut { a.append(key: "srcBytes", value: String(v)) }
        if let v = e.bytesIn { a.append(key: "dstBytes", value: String(v)) }
        if let v = e.packets { a.append(key: "totalPackets", value: String(v)) }
        if let v = e.sourceHost { a.append(key: "identHostName", value: v) }
        if let v = e.resource { a.append(key: "resource", value: v) }
        if let v = e.properties["URL"] { a.append(key: "url", value: v) }
        if e.kind == .authentication, e.outcome == .success { a.append(key: "isLoginEvent", value: "true") }
        if e.kind == .logoff { a.append(key: "isLogoutEvent", value: "true") }
        a.append(key: "vigilEventId", value: e.id)
        if e.outcome == .failure { a.append(key: "outcome", value: "failure") }
        if let v = e.destinationHost { a.append(key: "dstHostName", value: v) }
        if let v = e.application { a.append(key: "application", value: v) }
        if let v = e.device { a.append(key: "device", value: v) }
        if let v = e.logonType { a.append(key: "logonType", value: String(v)) }
        if let v = e.authPackage { a.append(key: "authPackage", value: v) }
        if let v = e.command { a.append(key: "command", value: v) }
        if let v = e.failureReason { a.append(key: "failureReason", value: v) }
        if let g = e.geo {
            a.append(key: "geoCountry", value: g.country)
            if let c = g.city { a.append(key: "geoCity", value: c) }
            if let lat = g.latitude, let lon = g.longitude {
                a.append(key: "geoLatitude", value: String(lat))
                a.append(key: "geoLongitude", value: String(lon))
            }
        }
        for k in e.properties.keys.sorted() where k != "URL" {
            a.append(key: propertyKey(k), value: e.properties[k]!)
        }
        let event = LEEFEvent(version: .v2, vendor: vendor, product: product, productVersion: version,
                              eventID: e.eventCode ?? e.name ?? "event", delimiter: delimiter, attributes: a)
        let header = SyslogHeader(format: .rfc5424, priority: priority(e, source: source), timestamp: e.time,
                                  hostname: source.hostname, appName: source.type.syslogAppName, procID: nil, msgID: e.eventCode)
        return LEEFMessage(header: header, event: event)
    }

    /// `URL Category` → `URLCategory`: LEEF keys are single words.
    static func propertyKey(_ name: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        for b in name.utf8 where (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) { bytes.append(b) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Syslog PRI: security/authorization facility (10) for authentication sources, log audit (13) for Windows,
    /// local0 (16) for applications; severity from the event's.
    static func priority(_ e: Event, source: LogSource) -> Int {
        let facility: Int
        switch source.type {
        case .windowsSecurity: facility = 13
        case .vpn, .linuxOS: facility = 10
        default: facility = 16
        }
        let sev = e.severity ?? 1
        let syslogSeverity = sev >= 5 ? 4 : (sev >= 3 ? 5 : 6)
        return facility * 8 + syslogSeverity
    }

    static let devTimeFormat = "MMM dd yyyy HH:mm:ss.SSS z"
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Oct 01 2026 09:05:03.120 UTC` — IBM's suggested `devTimeFormat`, in UTC.
    static func devTime(_ t: EpochMillis) -> String {
        let day = SimTime.epochDay(t)
        let date = CivilDate(epochDay: day)
        let ms = t - SimTime.midnight(epochDay: day)
        var out: [UInt8] = []
        out.reserveCapacity(28)
        out.append(contentsOf: months[date.month - 1].utf8)
        out.append(0x20)
        two(date.day, &out)
        out.append(0x20)
        let y = date.year
        two(y / 100, &out)
        two(y % 100, &out)
        out.append(0x20)
        two(Int(ms / EpochMillis.hour), &out)
        out.append(UInt8(ascii: ":"))
        two(Int(ms / EpochMillis.minute % 60), &out)
        out.append(UInt8(ascii: ":"))
        two(Int(ms / 1000 % 60), &out)
        out.append(UInt8(ascii: "."))
        let f = Int(ms % 1000)
        out.append(UInt8(48 + f / 100))
        two(f % 100, &out)
        out.append(contentsOf: " UTC".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func two(_ v: Int, _ out: inout [UInt8]) {
        out.append(UInt8(48 + v / 10 % 10))
        out.append(UInt8(48 + v % 10))
    }
}
