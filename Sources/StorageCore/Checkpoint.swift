import VigilCore

/// How far one ingestion source has read: a time watermark plus the ids already seen at that time, so that a
/// poll that overlaps the previous one (as it must, to tolerate late-arriving events) counts nothing twice.
public struct Checkpoint: Sendable, Hashable, Codable {
    /// The source's name (`"ariel:authentication"`, `"offenses"`).
    public var source: String
    /// Everything strictly before this time has been read.
    public var watermark: EpochMillis
    /// Ids read at or after the watermark (bounded by the caller to the overlap window).
    public var seenIDs: [String]
    /// When the checkpoint was written.
    public var updatedAt: EpochMillis

    public init(source: String, watermark: EpochMillis, seenIDs: [String] = [], updatedAt: EpochMillis) {
        self.source = source
        self.watermark = watermark
        self.seenIDs = seenIDs
        self.updatedAt = updatedAt
    }
}

/// Where checkpoints live. Implementations must make `save` durable before returning.
public protocol CheckpointStore: Sendable {
    func checkpoint(for source: String) async throws -> Checkpoint?
    func save(_ checkpoint: Checkpoint) async throws
}
