import Storage
import VigilCore

/// Events read from one or more sources in one step, with the checkpoints that become true once they are processed.
public struct IngestBatch: Sendable {
    /// One source's share of the batch.
    public struct Part: Sendable {
        /// The source name (`ariel:authentication`, `syslog`).
        public var source: String
        /// The ids of the events read (QRadar event ids or content hashes), for the audit trail.
        public var eventIDs: [String]
        /// The time window read, when the source polls windows.
        public var window: Range<EpochMillis>?
        /// The checkpoint to persist once the batch is processed; nil for push sources.
        public var checkpoint: Checkpoint?
        /// Rows that could not be normalized.
        public var rejected: Int

        public init(source: String, eventIDs: [String], window: Range<EpochMillis>? = nil, checkpoint: Checkpoint? = nil, rejected: Int = 0) {
            self.source = source
            self.eventIDs = eventIDs
            self.window = window
            self.checkpoint = checkpoint
            self.rejected = rejected
        }
    }

    /// Normalized events, identities still in the clear (the pipeline pseudonymises them first).
    public var events: [Event]
    public var parts: [Part]
    /// The time up to which every source in the batch is complete: the models may close windows up to here.
    public var completeUntil: EpochMillis?

    public init(events: [Event], parts: [Part], completeUntil: EpochMillis? = nil) {
        self.events = events
        self.parts = parts
        self.completeUntil = completeUntil
    }
}
