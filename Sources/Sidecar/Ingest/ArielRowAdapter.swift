import VigilCore
import Ingestion
import QRadarClient
import Storage

/// Conversions between the REST client's shapes and the ingestion core's.
enum ArielRowAdapter {
    /// An Ariel result row as the ingestion core reads it (see `IngestValue.init(_:)`).
    static func row(_ row: ArielRow) -> IngestRow {
        var out: IngestRow = [:]
        out.reserveCapacity(row.count)
        for (k, v) in row { out[k] = value(v) }
        return out
    }

    static func value(_ v: JSONValue) -> IngestValue { IngestValue(v) }

    static func checkpoint(_ stored: Checkpoint?) -> IngestionCheckpoint? {
        stored.map { IngestionCheckpoint(watermark: $0.watermark, seenIDs: $0.seenIDs) }
    }

    static func checkpoint(_ c: IngestionCheckpoint, source: String, at time: Int64) -> Checkpoint {
        Checkpoint(source: source, watermark: c.watermark, seenIDs: c.seenIDs, updatedAt: time)
    }
}
