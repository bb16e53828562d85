import VigilCore

/// Whether a log source's event was parsed.
public enum ParseStatus: String, Sendable, Hashable {
    case parsed
    /// The source sent something broken (truncated, bad header, garbage).
    case malformed
    /// A well-formed message that no parser (DSM) understood: QRadar stores it as "Stored"/"Unknown".
    case unparsed

    /// The convention (docs/DETECTORS.md): `properties["parseStatus"]` = `malformed` | `unparsed` (set by the
    /// ingestion path when a line fails to parse); or an event of kind `.other` with event code `UNPARSED` or
    /// category `Stored`.
    public static func of(_ e: Event) -> ParseStatus {
        if let p = e.properties["parseStatus"] {
            switch p.lowercased() {
            case "malformed": return .malformed
            case "unparsed": return .unparsed
            default: break
            }
        }
        if e.kind == .other, e.eventCode == "UNPARSED" || e.category == "Stored" { return .unparsed }
        return .parsed
    }
}

/// Fields whose presence is profiled per log source, so a parser that stops extracting one is noticed.
enum TrackedField: Int, CaseIterable {
    case user, sourceIP, destinationIP, sourceHost, destinationHost, eventCode, name, category, logonType, command, protocolName,
         destinationPort

    var label: String {
        switch self {
        case .user: "user"
        case .sourceIP: "sourceIP"
        case .destinationIP: "destinationIP"
        case .sourceHost: "sourceHost"
        case .destinationHost: "destinationHost"
        case .eventCode: "eventCode"
        case .name: "name"
        case .category: "category"
        case .logonType: "logonType"
        case .command: "command"
        case .protocolName: "protocol"
        case .destinationPort: "destinationPort"
        }
    }

    func present(in e: Event) -> Bool {
        switch self {
        case .user: e.user != nil
        case .sourceIP: e.sourceIP != nil
        case .destinationIP: e.destinationIP != nil
        case .sourceHost: e.sourceHost != nil
        case .destinationHost: e.destinationHost != nil
        case .eventCode: e.eventCode != nil
        case .name: e.name != nil
        case .category: e.category != nil
        case .logonType: e.logonType != nil
        case .command: e.command != nil
        case .protocolName: e.networkProtocol != nil || e.application != nil
        case .destinationPort: e.destinationPort != nil
        }
    }
}

/// What the health detector remembers about one log source (a few hundred bytes plus its known event codes).
struct LogSourceState: Sendable {
    var name: String
    var lower: String
    var host: String?
    var criticality: LogSourceCriticality

    var firstSeen: Int64
    var lastContent: Int64 = Int64.min
    var lastContentID: String?
    var lastHeartbeat: Int64 = Int64.min
    var lastMalformed: Int64 = Int64.min
    var contentEvents = 0
    var heartbeats = 0
    var malformedTotal = 0

    var model = OnlineSeasonalRate()
    var bucketHour: Int64
    var bucketContent: Int32 = 0
    var bucketMalformed: Int32 = 0
    var bucketCoded: Int32 = 0
    var bucketNewCodes: Int32 = 0
    var fieldCounts = [UInt16](repeating: 0, count: TrackedField.allCases.count)
    var fieldRates = [Float](repeating: 0, count: TrackedField.allCases.count)
    var formatHours = 0
    var knownCodes: Set<UInt64> = []
    var lastNewCode: String?

    var malformedBaseline: Float = 0
    var malformedStreak = 0
    var malformedAlerted = false
    var sample: String?

    /// Gaps between parsed events, and between any events (heartbeats and malformed records included).
    var contentGaps = GapHistogram()
    var anyGaps = GapHistogram()
    var lastAny: Int64 = Int64.min
    /// Consecutive hours far under the forecast.
    var dropStreak = 0

    var skews: [Int32] = []
    var skewPos = 0
    var skewAlerted = false

    var silenceAlerted = false
    var evidence: [String] = []
    var evidencePos = 0
    var malformedEvidence: [String] = []
    var malformedEvidencePos = 0

    init(name: String, criticality: LogSourceCriticality, time: Int64) {
        self.name = name
        lower = name.lowercased()
        self.criticality = criticality
        firstSeen = time
        bucketHour = time / 3_600_000
        if let at = name.firstRange(of: " @ ") { host = String(name[at.upperBound...]) }
    }

    static func push(_ id: String, _ ring: inout [String], _ pos: inout Int, capacity: Int = 8) {
        if ring.count < capacity { ring.append(id) } else { ring[pos] = id; pos = (pos + 1) % capacity }
    }

    static func ordered(_ ring: [String], _ pos: Int) -> [String] {
        guard pos > 0 else { return ring }
        return Array(ring[pos...] + ring[..<pos])
    }

    /// 0 on working days, 1 at weekends: weekend gaps (an office application quiet from Friday night) are judged
    /// only against weekend history.
    func band(at time: Int64, utcOffsetMinutes: Int) -> Int {
        OnlineSeasonalRate.slot(hourStart: time / 3_600_000 * 3_600_000, utcOffsetMinutes: utcOffsetMinutes) >= 24 ? 1 : 0
    }

    mutating func recordSkew(_ seconds: Int32, capacity: Int) {
        if skews.count < capacity { skews.append(seconds) } else { skews[skewPos] = seconds; skewPos = (skewPos + 1) % capacity }
    }

    /// Parsed events the seasonal model expected between two instants (hour by hour).
    func expectedEvents(from: Int64, to: Int64, utcOffsetMinutes: Int) -> Double {
        guard to > from else { return 0 }
        if model.hours == 0 { return expectedRate(at: to, utcOffsetMinutes: utcOffsetMinutes) * Double(to - from) / 3_600_000 }
        var total = 0.0
        var t = max(from, to - 21 * 86_400_000)
        while t < to {
            let hourEnd = (t / 3_600_000 + 1) * 3_600_000
            let slice = min(hourEnd, to) - t
            total += model.expected(slot: OnlineSeasonalRate.slot(hourStart: t / 3_600_000 * 3_600_000, utcOffsetMinutes: utcOffsetMinutes))
                * Double(slice) / 3_600_000
            t = hourEnd
        }
        return total
    }

    /// Expected parsed events per hour now, from the seasonal model, or the plain average before the model has an
    /// hour of history.
    func expectedRate(at time: Int64, utcOffsetMinutes: Int) -> Double {
        if model.hours > 0 {
            return model.expected(slot: OnlineSeasonalRate.slot(hourStart: time / 3_600_000 * 3_600_000, utcOffsetMinutes: utcOffsetMinutes))
        }
        let span = Double(max(3_600_000, (lastContent == Int64.min ? time : lastContent) - firstSeen))
        return Double(contentEvents) / (span / 3_600_000)
    }
}

/// Decayed counts of gaps by power of two of seconds, for working days and weekends: the source's own idea of a
/// long gap.
struct GapHistogram: Sendable {
    var counts = [Float](repeating: 0, count: 52)
    var totals: (Float, Float) = (0, 0)

    mutating func record(_ ms: Int64, band: Int) {
        let seconds = Double(max(0, ms)) / 1000
        var b = 0
        var edge = 1.0
        while seconds >= edge && b < 25 { edge *= 2; b += 1 }
        counts[band * 26 + b] += 1
        if band == 0 { totals.0 += 1 } else { totals.1 += 1 }
    }

    /// Upper edge (ms) of the bucket holding the 99.9th percentile gap of `band`, or nil before 50 gaps in it.
    func p999(band b: Int) -> Double? {
        let total = b == 0 ? totals.0 : totals.1
        guard total >= 50 else { return nil }
        var cumulative: Float = 0
        var edge = 1.0
        for i in 0..<26 {
            cumulative += counts[b * 26 + i]
            if cumulative >= 0.999 * total { return edge * 1000 }
            edge *= 2
        }
        return edge * 1000
    }

    /// Ages the counts so old habits fade (once per hour: a half-life of about three days).
    mutating func decay() {
        for i in counts.indices { counts[i] *= 0.99 }
        totals = (totals.0 * 0.99, totals.1 * 0.99)
    }
}
