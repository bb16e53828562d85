import AQL
@testable import Ingestion
import VigilCore

enum Fixtures {
    static func mapping() throws -> FieldMapping { try FieldMapping.defaultMapping() }

    static func source(_ name: String = "ariel:auth", database: ArielDatabase = .events, select: String? = nil,
                       filter: String? = nil, overlap: Int64 = 5 * EpochMillis.minute, maxWindow: Int64 = 30 * EpochMillis.minute,
                       delay: Int64 = 2 * EpochMillis.minute) -> SourceDefinition {
        SourceDefinition(name: name, database: database, select: select, filter: filter, overlapMillis: overlap,
                         maxWindowMillis: maxWindow, ingestionDelayMillis: delay)
    }

    /// The `[start, stop)` range QRadar's minute rounding makes of a plan's query, computed by the AQL module.
    static func evaluatedWindow(_ query: String) throws -> Range<Int64> {
        let parsed = try AQL.parse(query)
        return try AQLEvaluator(lookups: AQLDefaultLookups(), now: 0).timeWindow(of: parsed)
    }
}
