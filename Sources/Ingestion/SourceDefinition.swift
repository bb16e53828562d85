import VigilCore

/// The Ariel database a source reads.
public enum ArielDatabase: String, Sendable, Hashable, Codable, CaseIterable {
    case events
    case flows
}

/// One Ariel polling source: what to ask QRadar, how often, and how to read the answers.
///
/// Either ``select`` is a full `SELECT … FROM <database> [WHERE …] [GROUP BY …]` written by the administrator,
/// without a time clause (Vigil adds `START … STOP …`), or it is nil and the query is built from the mapping by
/// ``ArielQueryBuilder`` with ``filter`` as its WHERE condition, so the mapping and the query never disagree.
public struct SourceDefinition: Sendable, Hashable, Codable {
    /// Unique name, used in errors, metrics and as the checkpoint key (`"ariel:authentication"`).
    public var name: String
    public var database: ArielDatabase
    /// An administrator's SELECT template (no time clause, no LIMIT); nil = built from the mapping.
    public var select: String?
    /// The WHERE condition for the built query (`"CATEGORYNAME(category) ILIKE '%authentication%'"`); ignored
    /// when ``select`` is given.
    public var filter: String?
    /// How often to poll.
    public var pollIntervalMillis: Int64
    /// How far back each poll re-reads what the previous poll already read, to catch events that reached Ariel
    /// later than ``ingestionDelayMillis`` or clock skew; rounded up to whole minutes.
    public var overlapMillis: Int64
    /// The longest window one poll may ask for; a longer gap (an outage) is read in several polls.
    public var maxWindowMillis: Int64
    /// How long events may take to become searchable in Ariel after their `starttime`; a poll never asks for the
    /// most recent `ingestionDelayMillis`.
    public var ingestionDelayMillis: Int64
    /// Where a brand-new source starts reading, counted back from its first poll.
    public var initialLookbackMillis: Int64
    /// The name of the ``FieldMapping`` that turns this source's rows into events.
    public var mapping: String
    /// Whether the built query for the events database also reads the events of Vigil's own log source type (its
    /// LEEF findings). Off by default: Vigil must not learn from, or correlate, its own conclusions. An
    /// administrator's ``select`` is used as written.
    public var includeVigilEvents: Bool = false
    /// The log source type name Vigil's LEEF events arrive under (the DSM recipe in docs/EMULATOR.md).
    public static let vigilLogSourceType = "Vigil"

    public init(name: String, database: ArielDatabase = .events, select: String? = nil, filter: String? = nil,
                pollIntervalMillis: Int64 = EpochMillis.minute, overlapMillis: Int64 = 5 * EpochMillis.minute,
                maxWindowMillis: Int64 = 30 * EpochMillis.minute, ingestionDelayMillis: Int64 = 2 * EpochMillis.minute,
                initialLookbackMillis: Int64 = 15 * EpochMillis.minute, mapping: String = "default") {
        self.name = name
        self.database = database
        self.select = select
        self.filter = filter
        self.pollIntervalMillis = pollIntervalMillis
        self.overlapMillis = overlapMillis
        self.maxWindowMillis = maxWindowMillis
        self.ingestionDelayMillis = ingestionDelayMillis
        self.initialLookbackMillis = initialLookbackMillis
        self.mapping = mapping
    }

    private enum CodingKeys: String, CodingKey {
        case name, database, select, filter, pollIntervalMillis, overlapMillis, maxWindowMillis, ingestionDelayMillis
        case initialLookbackMillis, mapping, includeVigilEvents
    }

    /// Reads a source from configuration; every key but `name` may be left out and takes its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SourceDefinition(name: "")
        self.init(name: try c.decode(String.self, forKey: .name),
                  database: try c.decodeIfPresent(ArielDatabase.self, forKey: .database) ?? d.database,
                  select: try c.decodeIfPresent(String.self, forKey: .select),
                  filter: try c.decodeIfPresent(String.self, forKey: .filter),
                  pollIntervalMillis: try c.decodeIfPresent(Int64.self, forKey: .pollIntervalMillis) ?? d.pollIntervalMillis,
                  overlapMillis: try c.decodeIfPresent(Int64.self, forKey: .overlapMillis) ?? d.overlapMillis,
                  maxWindowMillis: try c.decodeIfPresent(Int64.self, forKey: .maxWindowMillis) ?? d.maxWindowMillis,
                  ingestionDelayMillis: try c.decodeIfPresent(Int64.self, forKey: .ingestionDelayMillis) ?? d.ingestionDelayMillis,
                  initialLookbackMillis: try c.decodeIfPresent(Int64.self, forKey: .initialLookbackMillis) ?? d.initialLookbackMillis,
                  mapping: try c.decodeIfPresent(String.self, forKey: .mapping) ?? d.mapping)
        includeVigilEvents = try c.decodeIfPresent(Bool.self, forKey: .includeVigilEvents) ?? false
    }
}

/// A source or mapping that cannot be used; the message names the source and says what to fix.
public struct IngestionConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source (or mapping) at fault.
    public var source: String
    public var message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "source '\(source)': \(message)" }
}
