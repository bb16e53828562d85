import Ingestion
import QRadarClient
import Storage

/// Conversions between the REST client's shapes and the ingestion core's.
enum ArielRowAdapter {
    /// An Ariel result row as the ingestion core reads it. Ariel rows are flat; a nested object (which Ariel does
    /// not return) is kept as its text so nothing is silently dropped.
    static func row(_ row: ArielRow) -> IngestRow {
        var out: IngestRow = [:]
        out.reserveCapacity(row.count)
        for (k, v) in row { out[k] = value(v) }
        return out
    }

    static func value(_ v: QRadarJSON) -> IngestValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(value))
        case .object: return .string(String(describing: v))
        }
    }

    static func checkpoint(_ stored: Checkpoint?) -> IngestionCheckpoint? {
        stored.map { IngestionCheckpoint(watermark: $0.watermark, seenIDs: $0.seenIDs) }
    }

    static func checkpoint(_ c: IngestionCheckpoint, source: String, at time: Int64) -> Checkpoint {
        Checkpoint(source: source, watermark: c.watermark, seenIDs: c.seenIDs, updatedAt: time)
    }
}
