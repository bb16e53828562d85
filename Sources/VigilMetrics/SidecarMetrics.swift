import Governance
import Prometheus
import Synchronization
import VigilCore

/// The sidecar's Prometheus metrics, by name, so every module records under the same names and help texts.
///
/// swift-prometheus returns the same collector for the same name and labels, but stops the process when one
/// name is registered with two different help texts or types; creating every metric here is what prevents that.
/// Labelled children are created on first use and cached. Label values must be bounded (source names, detector
/// ids, severities), never ids of events, offenses or findings.
public struct SidecarMetrics: Sendable {
    /// The registry the metrics live in (what `/metrics` emits).
    public let registry: PrometheusCollectorRegistry
    private let cache: Cache

    /// The metric names, for dashboards and tests.
    public enum Name {
        public static let eventsIngested = "vigil_events_ingested_total"
        public static let rowsRejected = "vigil_rows_rejected_total"
        public static let duplicatesSkipped = "vigil_duplicates_skipped_total"
        public static let pollErrors = "vigil_poll_errors_total"
        public static let signals = "vigil_signals_total"
        public static let findings = "vigil_findings_total"
        public static let writeBack = "vigil_writeback_total"
        public static let feedback = "vigil_feedback_total"
        public static let syslogMessages = "vigil_syslog_messages_total"
        public static let apiRequests = "vigil_api_requests_total"
        public static let ingestLag = "vigil_ingest_lag_seconds"
        public static let writeBackPending = "vigil_writeback_pending"
        public static let approvalsPending = "vigil_approvals_pending"
        public static let analyticsEntities = "vigil_analytics_entities"
        public static let pipelineBatch = "vigil_pipeline_batch_seconds"
    }

    static let help: [String: String] = [
        Name.eventsIngested: "Events normalised and passed to the pipeline, by source.",
        Name.rowsRejected: "Input rows rejected during normalisation, by source and reason.",
        Name.duplicatesSkipped: "Input rows skipped as already seen, by source.",
        Name.pollErrors: "Failed polls of a QRadar source, by source.",
        Name.signals: "Signals raised by detectors, by detector.",
        Name.findings: "Findings recorded, by severity.",
        Name.writeBack: "Writes into QRadar, by target and outcome.",
        Name.feedback: "Analyst and QRadar feedback received, by label.",
        Name.syslogMessages: "Syslog messages received, by outcome.",
        Name.apiRequests: "Sidecar API requests, by route template, method and status.",
        Name.ingestLag: "How far behind real time a source is, in seconds.",
        Name.writeBackPending: "Writes into QRadar waiting to be sent.",
        Name.approvalsPending: "Response actions waiting for a decision.",
        Name.analyticsEntities: "Entities the analytics hold state for.",
        Name.pipelineBatch: "Time to process one batch through the pipeline, in seconds.",
    ]

    /// Bucket bounds of ``Name/pipelineBatch``.
    public static let pipelineBatchBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30),
    ]

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.cache = Cache()
        // Unlabelled metrics exist from the start so a scrape shows them at zero.
        _ = gauge(Name.writeBackPending, [])
        _ = gauge(Name.approvalsPending, [])
        _ = gauge(Name.analyticsEntities, [])
        _ = histogram()
    }

    // MARK: Counters

    public func eventsIngested(source: String, count: Int = 1) {
        add(Name.eventsIngested, [("source", source)], count)
    }

    public func rowsRejected(source: String, reason: String, count: Int = 1) {
        add(Name.rowsRejected, [("source", source), ("reason", reason)], count)
    }

    public func duplicatesSkipped(source: String, count: Int = 1) {
        add(Name.duplicatesSkipped, [("source", source)], count)
    }

    public func pollError(source: String) {
        add(Name.pollErrors, [("source", source)], 1)
    }

    public func signals(detector: String, count: Int = 1) {
        add(Name.signals, [("detector", detector)], count)
    }

    public func finding(severity: Severity, count: Int = 1) {
        add(Name.findings, [("severity", severity.name)], count)
    }

    /// A write into QRadar: `target` such as `offense-note`, `reference-set`, `leef-event`; `outcome` such as
    /// `done`, `failed`, `deduplicated`, `retried`.
    public func writeBack(target: String, outcome: String, count: Int = 1) {
        add(Name.writeBack, [("target", target), ("outcome", outcome)], count)
    }

    public func feedback(label: FeedbackLabel, count: Int = 1) {
        add(Name.feedback, [("label", label.name)], count)
    }

    /// A syslog message: `outcome` such as `accepted`, `rejected`.
    public func syslogMessages(outcome: String, count: Int = 1) {
        add(Name.syslogMessages, [("outcome", outcome)], count)
    }

    /// An API request; `route` is the route template (never the raw path).
    public func apiRequest(route: String, method: String, status: Int) {
        add(Name.apiRequests, [("route", route), ("method", method), ("status", String(status))], 1)
    }

    // MARK: Gauges

    public func ingestLag(source: String, seconds: Double) {
        gauge(Name.ingestLag, [("source", source)]).set(seconds)
    }

    public func writeBackPending(_ value: Int) {
        gauge(Name.writeBackPending, []).set(Int64(value))
    }

    public func approvalsPending(_ value: Int) {
        gauge(Name.approvalsPending, []).set(Int64(value))
    }

    public func analyticsEntities(_ value: Int) {
        gauge(Name.analyticsEntities, []).set(Int64(value))
    }

    // MARK: Histogram

    public func pipelineBatch(duration: Duration) {
        histogram().record(duration)
    }

    // MARK: Registry access

    private func add(_ name: String, _ labels: [(String, String)], _ count: Int) {
        guard count > 0 else { return }
        counter(name, labels).increment(by: Int64(count))
    }

    private func counter(_ name: String, _ labels: [(String, String)]) -> Counter {
        let key = Cache.key(name, labels)
        if let c = cache.counters.withLock({ $0[key] }) { return c }
        let c = registry.makeCounter(descriptor: descriptor(name), labels: labels)
        cache.counters.withLock { $0[key] = c }
        return c
    }

    private func gauge(_ name: String, _ labels: [(String, String)]) -> Gauge {
        let key = Cache.key(name, labels)
        if let g = cache.gauges.withLock({ $0[key] }) { return g }
        let g = labels.isEmpty ? registry.makeGauge(descriptor: descriptor(name)) : registry.makeGauge(descriptor: descriptor(name), labels: labels)
        cache.gauges.withLock { $0[key] = g }
        return g
    }

    private func histogram() -> DurationHistogram {
        if let h = cache.histogram.withLock({ $0 }) { return h }
        let h = registry.makeDurationHistogram(descriptor: descriptor(Name.pipelineBatch), buckets: Self.pipelineBatchBuckets)
        cache.histogram.withLock { $0 = h }
        return h
    }

    private func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: Self.help[name] ?? "")
    }

    /// Collectors already fetched from the registry. Two tasks racing on a new child both get the registry's
    /// one collector (the registry deduplicates), so the race is harmless.
    private final class Cache: Sendable {
        let counters = Mutex<[String: Counter]>([:])
        let gauges = Mutex<[String: Gauge]>([:])
        let histogram = Mutex<DurationHistogram?>(nil)

        static func key(_ name: String, _ labels: [(String, String)]) -> String {
            var k = name
            for (n, v) in labels {
                k += "\u{1F}" + n + "\u{1E}" + v
            }
            return k
        }
    }
}
