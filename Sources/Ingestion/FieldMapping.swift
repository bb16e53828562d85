#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VigilCore

/// Where one `Event` field's value comes from: a column, or the sum of several numeric columns.
public enum ColumnSource: Sendable, Hashable, Codable {
    /// A column, matched case-insensitively (and, failing that, ignoring spaces and punctuation, so the custom
    /// property `"Logon Type"` also matches the LEEF key `logonType`).
    case column(String)
    /// The sum of the numeric columns that are present (`sourcepackets` + `destinationpackets`).
    case sum([String])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            self = .column(s)
            return
        }
        struct Sum: Codable { var sum: [String] }
        self = .sum(try c.decode(Sum.self).sum)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .column(let s): try c.encode(s)
        case .sum(let columns): try c.encode(["sum": columns])
        }
    }

    /// The columns this source reads.
    public var columns: [String] {
        switch self {
        case .column(let s): return [s]
        case .sum(let cs): return cs
        }
    }
}

/// The `Event` fields a mapping can fill, by their names in the mapping file.
public enum MappedField: String, Sendable, Hashable, Codable, CaseIterable {
    case time, name, eventCode, user, sourceIP, sourceHost, destinationIP, destinationHost, sourcePort, destinationPort
    case networkProtocol, application, resource, bytesIn, bytesOut, packets, country, city, latitude, longitude
    case device, outcome, logSource, logonType, authPackage, command, failureReason, severity, category
}

/// One test of a kind rule, on a raw column or on an already mapped field. All given tests must hold; text
/// comparisons are case-insensitive.
public struct KindCondition: Sendable, Hashable, Codable {
    /// A row column (custom property, Ariel field or alias).
    public var column: String?
    /// A mapped text field: `name`, `eventCode`, `category`, `logSource`, `application`, `networkProtocol`,
    /// `resource`, `user`, `command`.
    public var field: String?
    /// The value equals one of these.
    public var equals: [String]?
    /// The value contains one of these.
    public var contains: [String]?
    /// The value starts with one of these.
    public var prefix: [String]?
    /// The value is present (true) or absent (false).
    public var present: Bool?

    public init(column: String? = nil, field: String? = nil, equals: [String]? = nil, contains: [String]? = nil,
                prefix: [String]? = nil, present: Bool? = nil) {
        self.column = column
        self.field = field
        self.equals = equals
        self.contains = contains
        self.prefix = prefix
        self.present = present
    }
}

/// One ordered kind rule: the first rule that matches decides the event's kind.
public struct KindRule: Sendable, Hashable, Codable {
    /// The kind this rule assigns.
    public var kind: EventKind?
    /// Take the kind from this column's value (an `EventKind` raw value such as `"vpn"`); a value that is not
    /// one is counted as malformed and the next rule is tried.
    public var fromColumn: String?
    /// Only for rows of this database.
    public var database: ArielDatabase?
    /// Every condition must hold.
    public var all: [KindCondition]?
    /// At least one condition must hold.
    public var any: [KindCondition]?

    public init(kind: EventKind? = nil, fromColumn: String? = nil, database: ArielDatabase? = nil,
                all: [KindCondition]? = nil, any: [KindCondition]? = nil) {
        self.kind = kind
        self.fromColumn = fromColumn
        self.database = database
        self.all = all
        self.any = any
    }
}

/// How an event's outcome is decided.
public struct OutcomeRules: Sendable, Hashable, Codable {
    /// Values of the `outcome` field's column that mean failure / success (case-insensitive).
    public var failureValues: [String]
    public var successValues: [String]
    /// With no outcome column: the event name (QID name) or category containing one of these means failure.
    public var failureNameContains: [String]
    /// The outcome when nothing says otherwise.
    public var defaultOutcome: Outcome

    public init(failureValues: [String], successValues: [String], failureNameContains: [String], defaultOutcome: Outcome) {
        self.failureValues = failureValues
        self.successValues = successValues
        self.failureNameContains = failureNameContains
        self.defaultOutcome = defaultOutcome
    }
}

/// How QRadar rows become `Event`s: the content of a mapping file (see docs/INGESTION.md), which a QRadar
/// administrator adapts to their custom properties.
public struct FieldMapping: Sendable, Hashable, Codable {
    public var name: String
    /// The time column Ariel's START/STOP filter on (QRadar: `starttime`).
    public var windowTimeColumn: String
    public var identity: EventIdentity
    /// Columns computed by AQL functions, by database: result column (alias) → expression, e.g.
    /// `"qidname": "QIDNAME(qid)"`.
    public var computedColumns: [String: [String: String]]
    /// Custom properties defined on the console, by database; the query builder selects only these and the
    /// database's own fields.
    public var customProperties: [String: [String]]
    /// `Event` field name (``MappedField``) → sources tried in order; the first usable value wins.
    public var fields: [String: [ColumnSource]]
    /// Ordered kind rules.
    public var kindRules: [KindRule]
    /// The kind when no rule matches.
    public var defaultKind: EventKind
    public var outcome: OutcomeRules
    /// Values meaning "not set" (QRadar's `0.0.0.0` for an unset IP, `N/A`), compared case-insensitively.
    public var nullValues: [String]
    /// Port 0 means "no port" (QRadar stores 0 when the log has none).
    public var zeroPortIsNull: Bool
    /// Columns never copied into `properties` (large or redundant: the payload).
    public var dropColumns: [String]

    public init(name: String, windowTimeColumn: String = "starttime", identity: EventIdentity = EventIdentity(),
                computedColumns: [String: [String: String]] = [:], customProperties: [String: [String]] = [:],
                fields: [String: [ColumnSource]], kindRules: [KindRule], defaultKind: EventKind = .other,
                outcome: OutcomeRules, nullValues: [String] = [], zeroPortIsNull: Bool = true, dropColumns: [String] = []) {
        self.name = name
        self.windowTimeColumn = windowTimeColumn
        self.identity = identity
        self.computedColumns = computedColumns
        self.customProperties = customProperties
        self.fields = fields
        self.kindRules = kindRules
        self.defaultKind = defaultKind
        self.outcome = outcome
        self.nullValues = nullValues
        self.zeroPortIsNull = zeroPortIsNull
        self.dropColumns = dropColumns
    }

    /// Every custom property the mapping names (for `AQLValidator`).
    public var allCustomProperties: [String] {
        var seen = Set<String>(), out: [String] = []
        for db in customProperties.keys.sorted() {
            for p in customProperties[db] ?? [] where seen.insert(p.lowercased()).inserted { out.append(p) }
        }
        return out
    }

    /// Reads a mapping file and checks it.
    /// - Throws: ``IngestionConfigurationError`` (with the mapping's name, or `"mapping"` when it cannot be read).
    public static func decode(json: [UInt8]) throws(IngestionConfigurationError) -> FieldMapping {
        let mapping: FieldMapping
        do {
            mapping = try JSONDecoder().decode(FieldMapping.self, from: Data(json))
        } catch {
            throw IngestionConfigurationError(source: "mapping", message: "the mapping file is not valid: \(error)")
        }
        try mapping.validate()
        return mapping
    }

    /// Reads a mapping from JSON text.
    public static func decode(json: String) throws(IngestionConfigurationError) -> FieldMapping {
        try decode(json: Array(json.utf8))
    }

    /// Checks field names, rule shapes and database names.
    public func validate() throws(IngestionConfigurationError) {
        func fail(_ m: String) -> IngestionConfigurationError { IngestionConfigurationError(source: "mapping \(name)", message: m) }
        for key in fields.keys.sorted() where MappedField(rawValue: key) == nil {
            throw fail("unknown field '\(key)' in \"fields\" (known: \(MappedField.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let time = fields[MappedField.time.rawValue], !time.isEmpty else {
            throw fail("\"fields\" must say where \"time\" comes from")
        }
        for db in Array(computedColumns.keys) + Array(customProperties.keys) where ArielDatabase(rawValue: db) == nil {
            throw fail("unknown database '\(db)' (use \"events\" or \"flows\")")
        }
        for (i, rule) in kindRules.enumerated() {
            guard (rule.kind == nil) != (rule.fromColumn == nil) else {
                throw fail("kind rule \(i + 1) needs exactly one of \"kind\" and \"fromColumn\"")
            }
            for c in (rule.all ?? []) + (rule.any ?? []) {
                guard (c.column == nil) != (c.field == nil) else {
                    throw fail("kind rule \(i + 1): each condition needs exactly one of \"column\" and \"field\"")
                }
                if let f = c.field, !KindConditionField.allowed.contains(f) {
                    throw fail("kind rule \(i + 1): unknown field '\(f)' (allowed: \(KindConditionField.allowed.sorted().joined(separator: ", ")))")
                }
                guard c.equals != nil || c.contains != nil || c.prefix != nil || c.present != nil else {
                    throw fail("kind rule \(i + 1): a condition needs \"equals\", \"contains\", \"prefix\" or \"present\"")
                }
            }
        }
    }
}

enum KindConditionField {
    static let allowed: Set<String> = ["name", "eventCode", "category", "logSource", "application", "networkProtocol",
                                       "resource", "user", "command"]
}
