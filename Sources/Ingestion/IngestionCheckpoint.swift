import VigilCore

/// How far one Ariel source has read; the value the service persists (it maps one-to-one onto Storage's
/// `Checkpoint`: same `watermark` and `seenIDs`).
///
/// Every row whose window time (`starttime`) is before ``watermark`` has been delivered; ``seenIDs`` are the ids
/// already delivered whose window time is at or after it. The next poll starts exactly at the watermark (a whole
/// minute), so those rows come back and are recognised.
public struct IngestionCheckpoint: Sendable, Hashable, Codable {
    /// A whole minute, epoch ms.
    public var watermark: EpochMillis
    /// Ids delivered with a window time ≥ ``watermark``, sorted.
    public var seenIDs: [String]

    public init(watermark: EpochMillis, seenIDs: [String] = []) {
        self.watermark = watermark
        self.seenIDs = seenIDs
    }
}

/// Whole-minute arithmetic: AQL `START`/`STOP` work in whole minutes.
enum Minutes {
    static func floor(_ t: EpochMillis) -> EpochMillis {
        let m = EpochMillis.minute
        return (t >= 0 ? t / m : (t - (m - 1)) / m) * m
    }

    static func ceil(_ t: EpochMillis) -> EpochMillis {
        let f = floor(t)
        return f == t ? t : f + EpochMillis.minute
    }
}
