import Analytics
import Detectors
import VigilCore

/// What one batch produced.
public struct DetectionOutput: Sendable {
    /// Every signal raised (behavioural and network detectors), in order.
    public var signals: [Signal] = []
    /// Composite-risk alerts: the findings to be.
    public var alerts: [RiskAlert] = []
    /// Signals an analyst's earlier verdict suppressed.
    public var suppressed = 0

    public init() {}

    mutating func absorb(_ out: AnalyticsOutput) {
        signals += out.signals
        alerts += out.alerts
        suppressed += out.suppressed.count
    }
}

/// The models, run the way `vigil eval` runs them: every event goes to the network and infrastructure detectors
/// and to the behavioural analytics; the detectors' signals join the analytics' composite risk, whose alerts
/// become findings. Owned by one actor (the pipeline), so it needs no locks.
public struct DetectionEngine: Sendable {
    public private(set) var analytics: BehaviouralAnalytics
    public private(set) var detectors: [any Detector]
    /// Signals raised per detector id, since start.
    public private(set) var signalsByDetector: [String: Int] = [:]
    /// The latest event time seen (the models' clock).
    public private(set) var now: EpochMillis = .min

    public init(analytics: BehaviouralAnalytics = BehaviouralAnalytics(), detectors: [any Detector] = Replay.defaultDetectors()) {
        self.analytics = analytics
        self.detectors = detectors
    }

    /// Runs events (sorted here by time, stably) through every model.
    public mutating func process(_ events: [Event]) -> DetectionOutput {
        var out = DetectionOutput()
        let ordered = events.enumerated().sorted {
            $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset
        }.map(\.element)
        for e in ordered {
            now = max(now, e.time)
            var external: [Signal] = []
            for i in detectors.indices { external += detectors[i].process(e) }
            let own = analytics.ingest(e)
            out.absorb(own)
            count(own.signals)
            count(external)
            out.signals += external
            for s in external { out.absorb(analytics.ingest(external: s)) }
        }
        return out
    }

    /// Moves the models' clock forward without events (a quiet source must still be noticed).
    public mutating func advance(to time: EpochMillis) -> DetectionOutput {
        var out = DetectionOutput()
        guard time > now else { return out }
        now = time
        var external: [Signal] = []
        for i in detectors.indices { external += detectors[i].advance(to: time) }
        count(external)
        out.signals += external
        for s in external { out.absorb(analytics.ingest(external: s)) }
        let own = analytics.advanceTime(to: time)
        count(own.signals)
        out.absorb(own)
        return out
    }

    /// Applies an analyst's verdict to the analytics (calibration and a scoped, expiring suppression).
    @discardableResult
    public mutating func apply(_ feedback: AnalystFeedback) -> Suppression? {
        analytics.apply(feedback)
    }

    private mutating func count(_ signals: [Signal]) {
        for s in signals { signalsByDetector[s.detector, default: 0] += 1 }
    }
}
