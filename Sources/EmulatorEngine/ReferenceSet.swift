import VigilCore

/// A QRadar interval such as `"1 month"`, `"5 minutes"`, `"2 hours"` or Postgres' own rendering
/// `"3 years 3 mons 1 days 0 hours 10 mins 2.00 secs"`.
struct QRadarInterval: Codable, Sendable, Hashable {
    var years: Int64 = 0
    var months: Int64 = 0
    var days: Int64 = 0
    var hours: Int64 = 0
    var minutes: Int64 = 0
    var milliseconds: Int64 = 0

    /// Parses `<number> <unit>` pairs (units singular, plural or Postgres-abbreviated; weeks become days).
    init?(parsing text: String) {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        guard !words.isEmpty, words.count % 2 == 0 else { return nil }
        var sawNonZero = false
        var k = 0
        while k < words.count {
            // Bounded so that the total stays far from Int64 overflow (a million years is plenty).
            guard let amount = Double(words[k]), amount >= 0, amount <= 1_000_000 else { return nil }
            let whole = Int64(amount)
            if amount > 0 { sawNonZero = true }
            switch words[k + 1] {
            case "year", "years", "yr", "yrs", "y": years += whole
            case "month", "months", "mon", "mons": months += whole
            case "week", "weeks", "w": days += whole * 7
            case "day", "days", "d": days += whole
            case "hour", "hours", "hr", "hrs", "h": hours += whole
            case "minute", "minutes", "min", "mins", "m": minutes += whole
            case "second", "seconds", "sec", "secs", "s": milliseconds += Int64((amount * 1000).rounded())
            default: return nil
            }
            k += 2
        }
        guard sawNonZero else { return nil }
    }

    /// Length in ms (a month is 30 days and a year 365.25 days, as Postgres' epoch extraction counts them).
    var millis: Int64 {
        var total: Int64 = 0
        for (n, unit) in [(years, Int64(31_557_600_000)), (months, 2_592_000_000), (days, 86_400_000), (hours, 3_600_000), (minutes, 60_000), (milliseconds, 1)] {
            let (p, o1) = n.multipliedReportingOverflow(by: unit)
            let (s, o2) = total.addingReportingOverflow(p)
            if o1 || o2 { return Int64.max / 4 }
            total = s
        }
        return total
    }

    /// QRadar's Postgres interval text.
    var text: String {
        let secs = Double(milliseconds) / 1000
        let whole = Int64(secs)
        let hundredths = Int64((secs - Double(whole)) * 100 + 0.5)
        let frac = hundredths < 10 ? "0\(hundredths)" : "\(hundredths)"
        return "\(years) years \(months) mons \(days) days \(hours) hours \(minutes) mins \(whole).\(frac) secs"
    }
}

/// One element of a reference set.
struct ReferenceSetElement: Codable, Sendable, Hashable {
    var value: String
    var source: String
    var firstSeen: Int64
    var lastSeen: Int64
    var domainID: Int64?

    var json: JSONValue {
        ["value": .string(value), "source": .string(source), "first_seen": .int(firstSeen),
         "last_seen": .int(lastSeen), "domain_id": .optional(domainID)]
    }
}

/// A reference set (§5.1) with typed values, optional time to live and upsert semantics.
struct ReferenceSet: Codable, Sendable {
    static let elementTypes: Set<String> = ["ALN", "ALNIC", "IP", "NUM", "PORT", "DATE", "CIDR"]
    static let timeoutTypes: Set<String> = ["FIRST_SEEN", "LAST_SEEN", "UNKNOWN"]

    var name: String
    var elementType: String
    var timeoutType: String
    var timeToLive: QRadarInterval?
    var creationTime: Int64
    /// Elements by normalized key (lower-cased for ALNIC, canonical for numbers/IPs).
    var elements: [String: ReferenceSetElement] = [:]

    /// The key a value is stored under, or nil with a reason when the value does not fit the element type.
    func key(for raw: String) -> Result<(key: String, value: String), EngineError> {
        let value = raw.trimmingSpaces
        func invalid(_ what: String) -> Result<(key: String, value: String), EngineError> {
            .failure(EngineError(httpStatus: 422, code: 1005,
                                 message: "\"\(raw)\" is not a valid value for a reference set of type \(elementType) (\(what)).",
                                 description: "A request parameter is not valid."))
        }
        guard !value.isEmpty else { return invalid("empty value") }
        switch elementType {
        case "ALN": return .success((value, value))
        case "ALNIC": return .success((value.lowercased(), value))
        case "IP":
            if let v = IPAddress.v4(value) { let s = IPAddress.render(v); return .success((s, s)) }
            if IPAddress.isV6(value) { return .success((value.lowercased(), value)) }
            return invalid("expected an IP address")
        case "CIDR":
            if let c = IPAddress.cidr(value) {
                let bits = value.split(separator: "/").last.map(String.init) ?? "32"
                let s = "\(IPAddress.render(c.base))/\(bits)"
                return .success((s, s))
            }
            if IPAddress.isValidCIDR(value) { return .success((value.lowercased(), value)) }
            return invalid("expected a CIDR range such as 10.0.0.0/8")
        case "NUM":
            if let i = Int64(value) { return .success((String(i), String(i))) }
            if let d = Double(value), d.isFinite { return .success((String(d), value)) }
            return invalid("expected a number")
        case "PORT":
            if let p = Int64(value), (0...65535).contains(p) { return .success((String(p), String(p))) }
            return invalid("expected a port number between 0 and 65535")
        case "DATE":
            if let t = Int64(value), t >= 0 { return .success((String(t), String(t))) }
            return invalid("expected epoch milliseconds")
        default:
            return invalid("unknown element type")
        }
    }

    /// When an element expires, or nil if it never does.
    func expiry(of e: ReferenceSetElement) -> Int64? {
        guard let ttl = timeToLive?.millis else { return nil }
        let base = timeoutType == "LAST_SEEN" ? e.lastSeen : e.firstSeen
        // FIRST_SEEN, and UNKNOWN with a time to live, count from the first sighting.
        let (sum, overflow) = base.addingReportingOverflow(ttl)
        return overflow ? Int64.max : sum
    }

    /// Removes expired elements; returns their keys.
    mutating func purge(now: Int64) -> [String] {
        guard timeToLive != nil else { return [] }
        var gone: [String] = []
        for (k, e) in elements {
            if let x = expiry(of: e), x <= now { gone.append(k) }
        }
        for k in gone { elements[k] = nil }
        return gone
    }

    /// Whether a value (any spelling the type accepts) is in the set and alive at `now`.
    func contains(_ raw: String, now: Int64) -> Bool {
        guard case .success(let k) = key(for: raw), let e = elements[k.key] else {
            if elementType == "CIDR" || elementType == "IP" { return containsByCIDR(raw, now: now) }
            return false
        }
        if let x = expiry(of: e), x <= now { return false }
        return true
    }

    /// An IP tested against a CIDR set.
    private func containsByCIDR(_ raw: String, now: Int64) -> Bool {
        guard elementType == "CIDR", let ip = IPAddress.v4(raw.trimmingSpaces) else { return false }
        for e in elements.values {
            if let x = expiry(of: e), x <= now { continue }
            if let c = IPAddress.cidr(e.value), ip & c.mask == c.base { return true }
        }
        return false
    }

    func metadata(now: Int64) -> JSONValue {
        var live = 0
        for e in elements.values {
            if let x = expiry(of: e), x <= now { continue }
            live += 1
        }
        var o: [String: JSONValue] = [
            "name": .string(name), "element_type": .string(elementType), "timeout_type": .string(timeoutType),
            "number_of_elements": .int(Int64(live)), "creation_time": .int(creationTime),
            "namespace": "SHARED", "collection_id": .int(Self.collectionID(name)),
        ]
        if let ttl = timeToLive { o["time_to_live"] = .string(ttl.text) }
        return .object(o)
    }

    func withData(now: Int64) -> JSONValue {
        guard case .object(var o) = metadata(now: now) else { return metadata(now: now) }
        let data = elements.values
            .filter { e in expiry(of: e).map { $0 > now } ?? true }
            .sorted { ($0.firstSeen, $0.value) < ($1.firstSeen, $1.value) }
            .map(\.json)
        o["data"] = .array(data)
        return .object(o)
    }

    /// A stable small id per name (FNV-1a), standing in for the 7.5 collection id.
    static func collectionID(_ name: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int64(h % 100_000) + 1
    }
}

/// An asynchronous task as `/system/task_management/tasks/{id}` reports it (reference-set deletion).
struct EngineTask: Codable, Sendable {
    var id: Int64
    var name: String
    var status: String
    var message: String
    var created: Int64
    var createdBy: String
    var modified: Int64
    var started: Int64
    var completed: Int64

    var json: JSONValue {
        ["id": .int(id), "name": .string(name), "status": .string(status), "message": .string(message),
         "created": .int(created), "created_by": .string(createdBy), "modified": .int(modified),
         "started": .int(started), "completed": .int(completed)]
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
