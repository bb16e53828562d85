import Ingestion
import Logging
import QRadarClient
import ServiceLifecycle
import Storage
import VigilCore

/// One configured Ariel source, ready to poll.
public struct ArielSource: Sendable {
    public var definition: SourceDefinition
    public var mapping: FieldMapping
    let planner: PollPlanner
    let advancer: CheckpointAdvancer
    let normalizer: ArielNormalizer

    public init(definition: SourceDefinition, mapping: FieldMapping) throws(IngestionConfigurationError) {
        self.definition = definition
        self.mapping = mapping
        planner = try PollPlanner(source: definition, mapping: mapping)
        advancer = CheckpointAdvancer(planner: planner, mapping: mapping)
        normalizer = ArielNormalizer(mapping: mapping)
    }

    /// The checkpoint-store key (`ariel:<name>`).
    public var key: String { "ariel:" + definition.name }

    /// The source with the mapping's custom properties cut down to those the console defines (`available`, from
    /// `/ariel/databases/{name}`): a query naming an undefined property fails as a whole. Returns the names left out.
    func restricted(toColumns available: [String]) throws(IngestionConfigurationError) -> (ArielSource, [String]) {
        let known = Set(available.map { $0.lowercased() })
        let db = definition.database.rawValue
        let declared = mapping.customProperties[db] ?? []
        let missing = declared.filter { !known.contains($0.lowercased()) }
        guard !missing.isEmpty, definition.select == nil else { return (self, []) }
        var m = mapping
        m.customProperties[db] = declared.filter { known.contains($0.lowercased()) }
        return (try ArielSource(definition: definition, mapping: m), missing)
    }
}

/// Polls every Ariel source in step and feeds the merged, time-ordered batch to the pipeline.
///
/// Sources advance together: each cycle plans every healthy source and caps all windows at the earliest window
/// end, so that while catching up (after an outage, or on first start with a look-back) events from different
/// sources reach the models in time order. A source that fails is retried with backoff and does not hold the
/// others back; its own checkpoint simply does not move. A search that times out halves that source's window.
public struct ArielIngestionService: Service {
    public let sources: [ArielSource]
    public let client: QRadarClient
    public let pipeline: SidecarPipeline
    public let store: any VigilStore
    public let status: StatusBoard
    public let clock: any EpochClock
    public let searchTimeout: Duration
    /// History fed through the models (without findings) on start, so baselines exist after a restart.
    public let warmupMillis: Int64
    /// Rows per results page (`Range: items=…`): large pages keep a busy window to a few requests.
    public var resultPageSize = 5_000
    let logger: Logger

    public init(sources: [ArielSource], client: QRadarClient, pipeline: SidecarPipeline, store: any VigilStore,
                status: StatusBoard, clock: any EpochClock, searchTimeout: Duration = .seconds(300), warmupMillis: Int64 = 0,
                logger: Logger) {
        self.sources = sources
        self.client = client
        self.pipeline = pipeline
        self.store = store
        self.status = status
        self.clock = clock
        self.searchTimeout = searchTimeout
        self.warmupMillis = warmupMillis
        self.logger = logger
    }

    struct SourceState {
        var source: ArielSource
        var checkpoint: IngestionCheckpoint?
        var retryAt: EpochMillis = .min
        var consecutiveErrors = 0
        /// Window cap after timeouts (nil: the source's own maximum).
        var windowCap: Int64?
    }

    public func run() async throws {
        guard !sources.isEmpty else { return }
        var states = try await start()
        if warmupMillis > 0 { await warmUp(states) }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let caughtUp = await cycle(&states)
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            if caughtUp {
                let interval = sources.map(\.definition.pollIntervalMillis).min() ?? 60_000
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(max(100, interval))) }
            }
        }
        logger.info("ariel ingestion stopped", metadata: ["sources": "\(sources.count)"])
    }

    /// Loads each source's checkpoint, repairing it from the audit log after a crash (see
    /// ``SidecarPipeline/recoverCheckpoint(source:stored:)``).
    func start() async throws -> [SourceState] {
        var states: [SourceState] = []
        for s in sources {
            let stored = try await retrying("load checkpoint") { try await store.checkpoint(for: s.key) }
            let recovered = try await retrying("recover checkpoint") { try await pipeline.recoverCheckpoint(source: s.key, stored: stored) }
            states.append(SourceState(source: await discover(s), checkpoint: ArielRowAdapter.checkpoint(recovered)))
        }
        return states
    }

    /// The source as this console can run it: mapped custom properties QRadar does not define are left out (with a
    /// warning naming them). When QRadar cannot be asked, the source is used as configured; the query then reports
    /// any problem itself.
    func discover(_ s: ArielSource) async -> ArielSource {
        do {
            let columns = try await client.arielColumns(database: s.definition.database.rawValue)
            let (restricted, missing) = try s.restricted(toColumns: columns)
            if !missing.isEmpty {
                logger.warning("mapped custom properties that QRadar does not define are left out of the query", metadata: [
                    "source": "\(s.key)", "properties": "\(missing.joined(separator: ", "))",
                ])
            }
            return restricted
        } catch {
            logger.warning("could not read the Ariel columns; using the mapping as configured", metadata: ["source": "\(s.key)", "error": "\(error)"])
            return s
        }
    }

    /// One cycle over every due source. Returns true when no source has more complete data waiting.
    func cycle(_ states: inout [SourceState]) async -> Bool {
        let now = clock.now()
        let due = sources.indices.filter { states[$0].retryAt <= now }
        var plans: [(Int, PollPlan)] = []
        for i in due {
            if let p = plan(i, states[i], now: now, until: nil) { plans.append((i, p)) }
        }
        guard let commonEnd = plans.map(\.1.window.upperBound).min() else { return true }
        var parts: [IngestBatch.Part] = []
        var events: [Event] = []
        var anyCatchUp = false
        var advanced: [(Int, IngestionCheckpoint)] = []
        for (i, _) in plans {
            guard let p = plan(i, states[i], now: now, until: commonEnd) else { continue }
            anyCatchUp = anyCatchUp || p.isCatchUp
            let s = states[i].source
            do {
                var rows: [IngestRow] = []
                for try await r in client.runQuery(aql: p.query, timeout: searchTimeout, pageSize: resultPageSize) { rows.append(ArielRowAdapter.row(r)) }
                let adv = s.advancer.advance(plan: p, rows: rows)
                var ids: [String] = []
                var rejected = 0
                var reasons: [String: Int] = [:]
                for r in adv.newRows {
                    let outcome = s.normalizer.normalize(r.row, database: s.definition.database, id: r.id)
                    if let e = outcome.event {
                        events.append(e)
                        ids.append(r.id)
                    } else {
                        rejected += 1
                        reasons[outcome.rejection ?? "unknown", default: 0] += 1
                    }
                }
                if rejected > 0 {
                    logger.warning("rows rejected", metadata: ["source": "\(s.key)", "rejected": "\(rejected)", "reasons": "\(reasons)"])
                }
                parts.append(IngestBatch.Part(source: s.key, eventIDs: ids, window: p.window,
                                              checkpoint: ArielRowAdapter.checkpoint(adv.checkpoint, source: s.key, at: now),
                                              rejected: rejected))
                advanced.append((i, adv.checkpoint))
                let dup = adv.duplicates
                await status.update(s.key, kind: "ariel") {
                    $0.polls += 1
                    $0.lastPollAt = now
                    $0.lastError = nil
                    $0.consecutiveErrors = 0
                    $0.eventsIngested += ids.count
                    $0.rowsRejected += rejected
                    $0.duplicatesSkipped += dup
                }
                states[i].consecutiveErrors = 0
                states[i].retryAt = .min
                // After a timeout the window grows back to the source's own maximum, one doubling per good poll.
                if let cap = states[i].windowCap {
                    states[i].windowCap = cap >= s.definition.maxWindowMillis / 2 ? nil : cap * 2
                }
            } catch {
                states[i].consecutiveErrors += 1
                let backoff = Backoff.failedPoll.delay(beforeRetry: states[i].consecutiveErrors).millis
                states[i].retryAt = now + backoff
                if Self.isTimeout(error) {
                    let width = p.window.upperBound - p.window.lowerBound
                    states[i].windowCap = max(EpochMillis.minute, width / 2)
                }
                let text = String(describing: error)
                logger.warning("ariel poll failed; will retry", metadata: [
                    "source": "\(s.key)", "error": "\(text)", "retryInMillis": "\(backoff)",
                ])
                let errors = states[i].consecutiveErrors
                await status.update(s.key, kind: "ariel") {
                    $0.lastError = text
                    $0.consecutiveErrors = errors
                    $0.lastPollAt = now
                }
            }
        }
        guard !parts.isEmpty else { return !anyCatchUp }
        // Every source in the batch is complete up to the common end only when all of them were read.
        let completeUntil = parts.count == plans.count ? commonEnd : nil
        let batch = IngestBatch(events: events, parts: parts, completeUntil: completeUntil)
        do {
            _ = try await retrying("process batch") { try await pipeline.ingest(batch) }
            for (i, cp) in advanced { states[i].checkpoint = cp }
            let later = clock.now()
            for (i, cp) in advanced {
                let key = sources[i].key
                await status.update(key, kind: "ariel") {
                    $0.watermark = cp.watermark
                    $0.lagMillis = max(0, later - cp.watermark)
                }
            }
        } catch {
            // Only cancellation ends `retrying`; the batch is re-read on the next start.
            return true
        }
        return !anyCatchUp
    }

    func plan(_ i: Int, _ state: SourceState, now: EpochMillis, until: EpochMillis?) -> PollPlan? {
        let s = state.source
        let start = (state.checkpoint ?? s.planner.initialCheckpoint(now: now)).watermark
        var bound = until
        if let cap = state.windowCap { bound = min(bound ?? .max, start + cap) }
        return s.planner.plan(checkpoint: state.checkpoint ?? s.planner.initialCheckpoint(now: now), now: now, until: bound)
    }

    /// Feeds `[checkpoint − warm-up, checkpoint)` of every source through the models, muted.
    func warmUp(_ states: [SourceState]) async {
        let now = clock.now()
        var events: [Event] = []
        var end: EpochMillis = .min
        for state in states {
            let s = state.source
            guard let cp = state.checkpoint else { continue }  // a new source starts with its look-back instead
            end = max(end, cp.watermark)
            let from = cp.watermark - warmupMillis
            var t = from
            while t < cp.watermark, !Task.isCancelled {
                let stop = min(cp.watermark, t + max(EpochMillis.minute, s.definition.maxWindowMillis))
                let window = IngestionCheckpoint(watermark: t)
                guard let p = s.planner.plan(checkpoint: window, now: now + s.definition.ingestionDelayMillis, until: stop) else { break }
                do {
                    for try await r in client.runQuery(aql: p.query, timeout: searchTimeout, pageSize: resultPageSize) {
                        let row = ArielRowAdapter.row(r)
                        let id = s.advancer.identity.baseID(of: row, database: s.definition.database).id
                        if let e = s.normalizer.normalize(row, database: s.definition.database, id: id).event { events.append(e) }
                    }
                } catch {
                    logger.warning("warm-up query failed; models start colder", metadata: ["source": "\(s.key)", "error": "\(error)"])
                    break
                }
                t = p.window.upperBound
            }
        }
        guard !events.isEmpty else { return }
        do {
            try await pipeline.warmUp(events, until: end == .min ? nil : end)
            logger.info("models warmed up from QRadar history", metadata: ["events": "\(events.count)"])
        } catch {
            logger.warning("warm-up failed", metadata: ["error": "\(error)"])
        }
    }

    static func isTimeout(_ error: any Error) -> Bool {
        if let t = error as? QRadarTransportError, t.kind == .timedOut { return true }
        return String(describing: error).lowercased().contains("timed out")
    }

    /// Retries a store operation until it succeeds or the task is cancelled: a store outage must not lose a batch.
    func retrying<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await Backoff(initial: .milliseconds(200), maximum: .seconds(10)).retrying(failed: { error, _ in
                logger.error("store operation failed; retrying", metadata: ["operation": "\(what)", "error": "\(error)"])
            }, body)
        } catch {
            throw CancellationError()
        }
    }
}

extension Backoff {
    /// After a failed poll of QRadar (Ariel or offenses): 2 s, 4 s, … up to a minute.
    static let failedPoll = Backoff(initial: .seconds(2), maximum: .seconds(60))
}

extension Duration {
    /// Whole milliseconds (epoch-millisecond arithmetic).
    var millis: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}
