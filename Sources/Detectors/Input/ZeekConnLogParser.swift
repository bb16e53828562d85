import VigilCore

/// A line of input that could not be read: counted and reported, never fatal.
public struct InputLineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// Reads Zeek `conn.log` files — the tab-separated format with its `#fields` header, and JSON lines — into
/// network-flow events:
///
/// | Zeek | Event |
/// |---|---|
/// | `uid` | `id` (a content hash when absent) |
/// | `ts` (seconds, or ISO 8601 in JSON) | `time` (milliseconds) |
/// | `id.orig_h` / `id.orig_p` | `sourceIP` / `sourcePort` |
/// | `id.resp_h` / `id.resp_p` | `destinationIP` / `destinationPort` |
/// | `proto` | `networkProtocol` (upper case) |
/// | `service` | `application` (upper case) |
/// | `orig_bytes` / `resp_bytes` | `bytesOut` / `bytesIn` (the originator is the source) |
/// | `orig_pkts` + `resp_pkts` | `packets` |
/// | `conn_state` | `outcome` (S0, REJ, RSTOS0, RSTRH, SH, SHR: failure; OTH: unknown; others: success) and `properties` |
/// | `duration`, `history`, `local_orig`, `local_resp`, `missed_bytes`, … | `properties` |
///
/// Bad lines are counted in ``errorCount`` with the first ``maximumKeptErrors`` kept in ``errors``; parsing goes on.
public struct ZeekConnLogParser: Sendable {
    /// Log source name given to the events.
    public var logSource: String
    /// Lines read (including headers and blanks).
    public private(set) var linesRead = 0
    /// Events produced.
    public private(set) var eventsParsed = 0
    /// Lines that could not be read.
    public private(set) var errorCount = 0
    /// The first errors, for the report.
    public private(set) var errors: [InputLineError] = []
    public var maximumKeptErrors = 100

    private var fields: [String]?
    private var separator: Character = "\t"
    private var unsetField = "-"
    private var emptyField = "(empty)"

    public init(logSource: String = "Zeek conn.log") {
        self.logSource = logSource
    }

    /// Parses a whole file's text.
    public mutating func parse(text: String) -> [Event] {
        var out: [Event] = []
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if let e = parse(line: String(line), lineNumber: n) { out.append(e) }
        }
        return out
    }

    /// Parses one line (a header, a TSV record or a JSON object); returns the event or nil (headers, blanks and
    /// errors, which are counted).
    public mutating func parse(line raw: String, lineNumber: Int) -> Event? {
        linesRead += 1
        var line = raw
        if line.hasSuffix("\r") { line.removeLast() }
        if line.isEmpty { return nil }
        if line.hasPrefix("{") { return parseJSON(line, lineNumber: lineNumber) }
        if line.hasPrefix("#") {
            header(line)
            return nil
        }
        return parseTSV(line, lineNumber: lineNumber)
    }

    private mutating func fail(_ line: Int, _ message: String) -> Event? {
        errorCount += 1
        if errors.count < maximumKeptErrors { errors.append(InputLineError(line: line, message: message)) }
        return nil
    }

    private mutating func header(_ line: String) {
        if line.hasPrefix("#separator") {
            let value = String(line.dropFirst("#separator".count)).trimmingSpaces
            if value.hasPrefix("\\x"), let code = UInt8(value.dropFirst(2), radix: 16) {
                separator = Character(Unicode.Scalar(code))
            } else if let c = value.first {
                separator = c
            }
            return
        }
        let parts = line.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard let key = parts.first else { return }
        switch key {
        case "#fields": fields = Array(parts.dropFirst())
        case "#unset_field": if parts.count > 1 { unsetField = parts[1] }
        case "#empty_field": if parts.count > 1 { emptyField = parts[1] }
        default: break
        }
    }

    private mutating func parseTSV(_ line: String, lineNumber: Int) -> Event? {
        guard let fields else { return fail(lineNumber, "record before the #fields header") }
        let values = line.split(separator: separator, omittingEmptySubsequences: false)
        guard values.count == fields.count else {
            return fail(lineNumber, "expected \(fields.count) tab-separated fields, found \(values.count)")
        }
        var record: [String: String] = [:]
        record.reserveCapacity(fields.count)
        for (k, v) in zip(fields, values) where v != unsetField {
            record[k] = v == emptyField ? "" : String(v)
        }
        return makeEvent(record, lineNumber: lineNumber, isoTime: false)
    }

    private mutating func parseJSON(_ line: String, lineNumber: Int) -> Event? {
        let object: [String: JSONValue]
        do {
            object = try FlatJSON.parseObject(line)
        } catch {
            return fail(lineNumber, "invalid JSON at byte \(error.offset): \(error.message)")
        }
        var record: [String: String] = [:]
        for (k, v) in object { if let t = FlatJSON.text(v) { record[k] = t } }
        let isoTime: Bool
        if case .string = object["ts"] { isoTime = true } else { isoTime = false }
        return makeEvent(record, lineNumber: lineNumber, isoTime: isoTime)
    }

    private mutating func makeEvent(_ r: [String: String], lineNumber: Int, isoTime: Bool) -> Event? {
        guard let tsText = r["ts"] else { return fail(lineNumber, "missing field ts") }
        let time: Int64
        if isoTime, let t = Self.parseISO8601(tsText) {
            time = t
        } else if let seconds = Double(tsText), seconds.isFinite, abs(seconds) < 1e11 {
            time = Int64((seconds * 1000).rounded())
        } else {
            return fail(lineNumber, "ts is not a time: \(tsText.prefix(40))")
        }
        guard let source = r["id.orig_h"], !source.isEmpty else { return fail(lineNumber, "missing field id.orig_h") }
        guard let destination = r["id.resp_h"], !destination.isEmpty else { return fail(lineNumber, "missing field id.resp_h") }
        var ports: [Int?] = []
        for key in ["id.orig_p", "id.resp_p"] {
            if let text = r[key] {
                guard let p = Int(text), (0...65535).contains(p) else { return fail(lineNumber, "\(key) is not a port: \(text.prefix(20))") }
                ports.append(p)
            } else {
                ports.append(nil)
            }
        }
        var counts: [String: Int64] = [:]
        for key in ["orig_bytes", "resp_bytes", "orig_pkts", "resp_pkts", "missed_bytes", "orig_ip_bytes", "resp_ip_bytes"] {
            guard let text = r[key], !text.isEmpty else { continue }
            guard let v = Int64(text), v >= 0 else { return fail(lineNumber, "\(key) is not a count: \(text.prefix(20))") }
            counts[key] = v
        }
        var duration: Double?
        if let d = r["duration"], !d.isEmpty {
            guard let v = Double(d), v.isFinite, v >= 0 else { return fail(lineNumber, "duration is not a number: \(d.prefix(20))") }
            duration = v
        }
        let state = r["conn_state"]
        let outcome: Outcome
        switch state {
        case "S0", "REJ", "RSTOS0", "RSTRH", "SH", "SHR": outcome = .failure
        case "OTH", nil: outcome = .unknown
        default: outcome = .success
        }
        var properties: [String: String] = [:]
        for key in ["uid", "conn_state", "history", "local_orig", "local_resp", "service", "tunnel_parents"] {
            if let v = r[key], !v.isEmpty { properties[key] = v }
        }
        if let duration { properties["duration"] = String(duration) }
        for (k, v) in counts where k != "orig_bytes" && k != "resp_bytes" { properties[k] = String(v) }
        let packets: Int64? = counts["orig_pkts"].map { $0 + (counts["resp_pkts"] ?? 0) } ?? counts["resp_pkts"]
        let id = r["uid"].flatMap { $0.isEmpty ? nil : $0 }
            ?? stableID("zeek-conn", tsText, source, r["id.orig_p"] ?? "", destination, r["id.resp_p"] ?? "", r["proto"] ?? "")
        eventsParsed += 1
        let service = r["service"].flatMap { $0.isEmpty ? nil : $0.uppercased() }
        return Event(
            id: id, time: time, kind: .networkFlow, name: "Network connection", eventCode: state, sourceIP: source,
            destinationIP: destination, sourcePort: ports[0], destinationPort: ports[1],
            networkProtocol: r["proto"].map { $0.uppercased() }, application: service, bytesIn: counts["resp_bytes"],
            bytesOut: counts["orig_bytes"], packets: packets, outcome: outcome, logSource: logSource, category: "Network Flow",
            properties: properties)
    }

    /// `2024-03-01T12:34:56.789012Z` or with a `±hh:mm` offset → epoch milliseconds.
    static func parseISO8601(_ s: String) -> Int64? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= b.count else { return nil }
            var v: Int64 = 0
            for k in from..<(from + len) {
                guard b[k] >= 48 && b[k] <= 57 else { return nil }
                v = v * 10 + Int64(b[k] - 48)
            }
            return v
        }
        guard b.count >= 19, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 32, b[13] == 58, b[16] == 58,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let sec = num(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61
        else { return nil }
        var i = 19
        var millis: Int64 = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale: Int64 = 100
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                millis += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        var offset: Int64 = 0
        if i < b.count {
            if b[i] == 90 {  // "Z"
                i += 1
            } else if b[i] == 43 || b[i] == 45, let oh = num(i + 1, 2) {  // "+hh:mm", "-hhmm"
                let sign: Int64 = b[i] == 45 ? -1 : 1
                let om = i + 3 < b.count && b[i + 3] == 58 ? num(i + 4, 2) : num(i + 3, 2)
                guard let om, oh < 24, om < 60 else { return nil }
                offset = sign * (oh * 60 + om)
                i = b.count
            } else {
                return nil
            }
        }
        guard i == b.count else { return nil }
        let days = CivilDate.days(year: y, month: mo, day: d)
        var t = ((days * 24 + h) * 60 + mi) * 60 + sec
        t = t * 1000 + millis
        return t - offset * 60_000
    }
}
