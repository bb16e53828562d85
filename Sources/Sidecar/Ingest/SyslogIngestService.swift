import Ingestion
import LEEF
import Logging
import ServiceLifecycle
import Syslog
import VigilCore

/// Takes the events QRadar forwards over syslog (the receiver runs as its own service) and feeds them to the
/// pipeline in batches: LEEF, and — for a forwarding destination that sends the raw payload or JSON — the lines
/// ``RawSyslogNormalizer`` reads (sshd, sudo, su, PAM, auditd, WinCollect, JSON of the normalized fields).
///
/// Backpressure is the receiver's: its queue is bounded by count and bytes, TCP senders are slowed when it is
/// full and UDP datagrams beyond it are counted as dropped, so a flood cannot exhaust memory. A line no reader
/// recognises, malformed LEEF, or a row that does not normalize is counted and quarantined (kept, bounded, for an
/// operator) with its reason, and the service goes on.
public struct SyslogIngestService: Service {
    public let receiver: SyslogReceiver
    public let pipeline: SidecarPipeline
    public let normalizer: LEEFNormalizer
    /// LEEF, and the raw payloads and JSON QRadar's forwarding destinations send besides it, with the same mapping.
    public let forwarded: ForwardedLineNormalizer
    public let status: StatusBoard
    public let clock: any EpochClock
    public let batchSize: Int
    public static let sourceName = "syslog"
    let logger: Logger

    public init(receiver: SyslogReceiver, pipeline: SidecarPipeline, normalizer: LEEFNormalizer, status: StatusBoard,
                clock: any EpochClock, batchSize: Int = 2_000, logger: Logger) {
        self.receiver = receiver
        self.pipeline = pipeline
        self.normalizer = normalizer
        self.forwarded = ForwardedLineNormalizer(mapping: normalizer.normalizer.mapping)
        self.status = status
        self.clock = clock
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    public func run() async throws {
        var iterator = receiver.messages.makeAsyncIterator()
        // The iterator ends when the receiver shuts down; by then every accepted message has been handed out.
        while true {
            let messages = await iterator.nextBatch(maxCount: batchSize)
            if messages.isEmpty { break }
            await process(messages)
        }
    }

    func process(_ messages: [ReceivedSyslogMessage]) async {
        var events: [Event] = []
        var ids: [String] = []
        var rejected = 0
        for m in messages {
            let outcome = forwarded.normalize(bytes: m.bytes.readableBytesView, receivedAt: m.receivedAt)
            guard let e = outcome.event else {
                receiver.reportMalformed(m, reason: outcome.rejection ?? "does not normalize")
                rejected += 1
                continue
            }
            events.append(e)
            ids.append(e.id)
        }
        let now = clock.now()
        let batch = IngestBatch(events: events, parts: [IngestBatch.Part(source: Self.sourceName, eventIDs: ids, rejected: rejected)])
        do {
            try await Backoff(initial: .milliseconds(100), maximum: .seconds(5)).retrying(failed: { error, _ in
                logger.error("syslog batch failed; retrying", metadata: ["error": "\(error)", "events": "\(events.count)"])
            }) { _ = try await pipeline.ingest(batch) }
        } catch {
            return
        }
        let accepted = ids.count
        let newest = events.map(\.time).max()
        await status.update(Self.sourceName, kind: "syslog") {
            $0.eventsIngested += accepted
            $0.rowsRejected += rejected
            $0.lastPollAt = now
            if let newest {
                $0.watermark = max($0.watermark ?? .min, newest)
                $0.lagMillis = max(0, now - newest)
            }
        }
    }
}
