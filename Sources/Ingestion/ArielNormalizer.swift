import VigilCore

/// A field value that could not be used, counted per field.
public struct FieldIssue: Sendable, Hashable {
    /// The ``MappedField`` name (or `"kind"`).
    public var field: String
    /// The column that held it.
    public var column: String
    /// The offending value (cut to 80 characters).
    public var value: String
    public var problem: String

    public init(field: String, column: String, value: String, problem: String) {
        self.field = field
        self.column = column
        self.value = value
        self.problem = problem
    }
}

/// The result of normalizing one row: an event, or a rejection with its reason; never a silent drop.
public struct NormalizationOutcome: Sendable, Hashable {
    public var event: Event?
    /// Why the row could not become an event (nil when it did).
    public var rejection: String?
    /// Values that were present but unusable (the event is still produced from the other fields).
    public var issues: [FieldIssue]

    public init(event: Event?, rejection: String?, issues: [FieldIssue] = []) {
        self.event = event
        self.rejection = rejection
        self.issues = issues
    }
}

/// Running counts for reporting (`/metrics`, the console's ingestion page).
public struct NormalizationStats: Sendable, Hashable, Codable {
    public var accepted = 0
    public var rejected = 0
    /// Rejections by reason.
    public var rejectionReasons: [String: Int] = [:]
    /// Unusable values by field.
    public var malformed: [String: Int] = [:]

    public init() {}

    public mutating func record(_ outcome: NormalizationOutcome) {
        if outcome.event != nil { accepted += 1 } else { rejected += 1 }
        if let r = outcome.rejection { rejectionReasons[r, default: 0] += 1 }
        for issue in outcome.issues { malformed[issue.field, default: 0] += 1 }
    }
}

/// Applies a ``FieldMapping`` to rows. Build once per mapping; `normalize` is safe to call from any task.
public struct ArielNormalizer: Sendable {
    public let mapping: FieldMapping
    private let sources: [MappedField: [ColumnSource]]
    private let nulls: Set<String>
    private let drops: Set<String>
    private let failureValues: Set<String>
    private let successValues: Set<String>
    private let failureWords: [String]

    public init(mapping: FieldMapping) {
        self.mapping = mapping
        var s: [MappedField: [ColumnSource]] = [:]
        for (k, v) in mapping.fields { if let f = MappedField(rawValue: k) { s[f] = v } }
        sources = s
        nulls = Set(mapping.nullValues.map { $0.lowercased() })
        drops = Set(mapping.dropColumns.map { $0.lowercased() })
        failureValues = Set(mapping.outcome.failureValues.map { $0.lowercased() })
        successValues = Set(mapping.outcome.successValues.map { $0.lowercased() })
        failureWords = mapping.outcome.failureNameContains.map { $0.lowercased() }
    }

    /// Turns one row into an event.
    /// - Parameter id: the id from ``CheckpointAdvancer`` (or ``EventIdentity``); nil computes it from the row.
    public func normalize(_ row: IngestRow, database: ArielDatabase, id: String? = nil) -> NormalizationOutcome {
        var run = Run(normalizer: self, row: RowLookup(row))
        guard let time = run.int64(.time, range: 1...Int64.max) else {
            let reason = sources[.time]?.isEmpty == false && run.issues.contains(where: { $0.field == "time" })
                ? "time is malformed" : "time is missing"
            return NormalizationOutcome(event: nil, rejection: reason, issues: run.issues)
        }
        let eventID = id ?? mapping.identity.baseID(run.row, database: database).id
        for column in mapping.identity.idColumns { if let k = run.row.key(column) { run.consumed.insert(k) } }
        var e = Event(id: eventID, time: time, kind: mapping.defaultKind)
        e.name = run.text(.name)
        e.eventCode = run.text(.eventCode)
        e.user = run.text(.user)
        e.sourceIP = run.text(.sourceIP)
        e.sourceHost = run.text(.sourceHost)
        e.destinationIP = run.text(.destinationIP)
        e.destinationHost = run.text(.destinationHost)
        e.sourcePort = run.port(.sourcePort)
        e.destinationPort = run.port(.destinationPort)
        e.networkProtocol = run.text(.networkProtocol)
        e.application = run.text(.application)
        e.resource = run.text(.resource)
        e.bytesIn = run.count(.bytesIn)
        e.bytesOut = run.count(.bytesOut)
        e.packets = run.count(.packets)
        e.device = run.text(.device)
        e.logSource = run.text(.logSource)
        e.logonType = run.int64(.logonType, range: 0...1_000).map { Int($0) }
        e.authPackage = run.text(.authPackage)
        e.command = run.text(.command)
        e.failureReason = run.text(.failureReason)
        e.severity = run.int64(.severity, range: 0...10).map { Int($0) }
        e.category = run.text(.category)
        let country = run.text(.country)
        let city = run.text(.city)
        let lat = run.double(.latitude, range: -90...90)
        let lon = run.double(.longitude, range: -180...180)
        if country != nil || city != nil || lat != nil || lon != nil {
            let code = country.map { $0.count == 2 ? $0.uppercased() : $0 } ?? ""
            e.geo = GeoLocation(country: code, city: city, latitude: lat, longitude: lon)
        }
        e.outcome = run.outcome(name: e.name, category: e.category)
        e.kind = run.kind(event: e, database: database)
        // Everything else the row said, under its own column name.
        var properties: [String: String] = [:]
        for (key, value) in row where !run.consumed.contains(key) && !drops.contains(key.lowercased()) {
            if let t = value.text, !nulls.contains(t.lowercased()) { properties[key] = t }
        }
        e.properties = properties
        return NormalizationOutcome(event: e, rejection: nil, issues: run.issues)
    }

    private struct Run {
        let normalizer: ArielNormalizer
        let row: RowLookup
        var issues: [FieldIssue] = []
        var consumed = Set<String>()

        mutating func issue(_ field: MappedField, _ column: String, _ value: IngestValue, _ problem: String) {
            let text = value.text ?? "null"
            issues.append(FieldIssue(field: field.rawValue, column: column, value: String(text.prefix(80)), problem: problem))
        }

        /// Present, non-null values of a field's sources, in order: (key, value).
        func candidates(_ field: MappedField) -> [(String, IngestValue)] {
            var out: [(String, IngestValue)] = []
            for source in normalizer.sources[field] ?? [] {
                guard case .column(let c) = source, let key = row.key(c), let v = row.row[key], !v.isNull else { continue }
                if let t = v.text, normalizer.nulls.contains(t.lowercased()) { continue }
                out.append((key, v))
            }
            return out
        }

        mutating func text(_ field: MappedField) -> String? {
            guard let (key, v) = candidates(field).first, let t = v.text else { return nil }
            consumed.insert(key)
            return t
        }

        mutating func int64(_ field: MappedField, range: ClosedRange<Int64>? = nil) -> Int64? {
            for (key, v) in candidates(field) {
                if let i = v.int64, range.map({ $0.contains(i) }) ?? true {
                    consumed.insert(key)
                    return i
                }
                issue(field, key, v, range == nil ? "not a whole number" : "not a whole number in \(range!.lowerBound)…\(range!.upperBound)")
            }
            return nil
        }

        mutating func double(_ field: MappedField, range: ClosedRange<Double>) -> Double? {
            for (key, v) in candidates(field) {
                if let d = v.double, range.contains(d) {
                    consumed.insert(key)
                    return d
                }
                issue(field, key, v, "not a number in \(range.lowerBound)…\(range.upperBound)")
            }
            return nil
        }

        mutating func port(_ field: MappedField) -> Int? {
            guard let p = int64(field, range: 0...65_535) else { return nil }
            return p == 0 && normalizer.mapping.zeroPortIsNull ? nil : Int(p)
        }

        /// Byte and packet counts: the first column, or a sum of columns.
        mutating func count(_ field: MappedField) -> Int64? {
            for source in normalizer.sources[field] ?? [] {
                switch source {
                case .column(let c):
                    guard let key = row.key(c), let v = row.row[key], !v.isNull else { continue }
                    if let i = v.int64, i >= 0 {
                        consumed.insert(key)
                        return i
                    }
                    issue(field, key, v, "not a non-negative whole number")
                case .sum(let columns):
                    var total: Int64 = 0, found = false
                    for c in columns {
                        guard let key = row.key(c), let v = row.row[key], !v.isNull else { continue }
                        if let i = v.int64, i >= 0 {
                            total = total.addingReportingOverflow(i).overflow ? Int64.max : total + i
                            found = true
                        } else {
                            issue(field, key, v, "not a non-negative whole number")
                        }
                    }
                    if found { return total }
                }
            }
            return nil
        }

        mutating func outcome(name: String?, category: String?) -> Outcome {
            for (key, v) in candidates(.outcome) {
                guard let t = v.text?.lowercased() else { continue }
                if normalizer.failureValues.contains(t) { consumed.insert(key); return .failure }
                if normalizer.successValues.contains(t) { consumed.insert(key); return .success }
                if t == "unknown" { consumed.insert(key); return .unknown }
                issue(.outcome, key, v, "not a known outcome value")
            }
            for text in [name, category].compactMap({ $0?.lowercased() }) {
                if normalizer.failureWords.contains(where: { text.contains($0) }) { return .failure }
            }
            return normalizer.mapping.outcome.defaultOutcome
        }

        mutating func kind(event e: Event, database: ArielDatabase) -> EventKind {
            for rule in normalizer.mapping.kindRules {
                if let db = rule.database, db != database { continue }
                if let all = rule.all, !all.allSatisfy({ holds($0, e) }) { continue }
                if let any = rule.any, !any.contains(where: { holds($0, e) }) { continue }
                if let k = rule.kind { return k }
                if let column = rule.fromColumn, let key = row.key(column), let v = row.row[key], let t = v.text {
                    if let k = EventKind.allCases.first(where: { $0.rawValue.lowercased() == t.lowercased() }) {
                        consumed.insert(key)
                        return k
                    }
                    issues.append(FieldIssue(field: "kind", column: key, value: String(t.prefix(80)), problem: "not an event kind"))
                }
            }
            return normalizer.mapping.defaultKind
        }

        func holds(_ c: KindCondition, _ e: Event) -> Bool {
            let value: String?
            if let column = c.column {
                value = row.value(column)?.text.flatMap { normalizer.nulls.contains($0.lowercased()) ? nil : $0 }
            } else {
                switch c.field {
                case "name": value = e.name
                case "eventCode": value = e.eventCode
                case "category": value = e.category
                case "logSource": value = e.logSource
                case "application": value = e.application
                case "networkProtocol": value = e.networkProtocol
                case "resource": value = e.resource
                case "user": value = e.user
                case "command": value = e.command
                default: value = nil
                }
            }
            if let present = c.present, present != (value != nil) { return false }
            guard c.equals != nil || c.contains != nil || c.prefix != nil else { return true }
            guard let v = value?.lowercased() else { return false }
            if let eq = c.equals, !eq.contains(where: { $0.lowercased() == v }) { return false }
            if let cs = c.contains, !cs.contains(where: { v.contains($0.lowercased()) }) { return false }
            if let ps = c.prefix, !ps.contains(where: { v.hasPrefix($0.lowercased()) }) { return false }
            return true
        }
    }
}
