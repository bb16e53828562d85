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

/// The models: every event goes to the network and infrastructure detectors and to the behavioural analytics; the
/// detectors' signals join the analytics' composite risk, whose alerts become findings. Dated HR facts from the
/// directory are applied when the stream reaches their time. Part of ``TriageCore``; owned by one caller, so it
/// needs no locks.
public struct DetectionEngine: Sendable {
    public private(set) var analytics: BehaviouralAnalytics
    public private(set) var detectors: [any Detector]
    /// Signals raised per detector id, since start.
    public private(set) var signalsByDetector: [String: Int] = [:]
    /// The latest event time seen (the models' clock).
    public private(set) var now: EpochMillis = .min
    /// Dated HR facts not yet in force (entities as the models see them), in time order.
    private var pendingChanges: [(time: EpochMillis, entity: EntityRef, change: ContextChange)] = []
    private var nextChange = 0

    /// The network and infrastructure detectors with their default settings: beaconing, lateral movement,
    /// log-source health and privileged command sequences.
    public static func defaultDetectors() -> [any Detector] {
        [BeaconDetector(), LateralMovementDetector(), LogSourceHealthDetector(), PrivilegedSequenceDetector(), CredentialAttackDetector(),
         HostBehaviourDetector()]
    }

    public init(analytics: BehaviouralAnalytics = BehaviouralAnalytics(), detectors: [any Detector] = DetectionEngine.defaultDetectors()) {
        self.analytics = analytics
        self.detectors = detectors
    }

    /// Schedules HR facts; each is applied to the analytics once the stream reaches its time.
    public mutating func schedule(_ changes: [(time: EpochMillis, entity: EntityRef, change: ContextChange)]) {
        pendingChanges = Array(pendingChanges[nextChange...]) + changes
        pendingChanges = pendingChanges.enumerated().sorted {
            $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset
        }.map(\.element)
        nextChange = 0
    }

    /// HR facts still waiting for their time.
    public var pendingChangeCount: Int { pendingChanges.count - nextChange }

    private mutating func applyChanges(upTo time: EpochMillis) {
        while nextChange < pendingChanges.count, pendingChanges[nextChange].time <= time {
            let c = pendingChanges[nextChange]
            analytics.apply(c.change, to: c.entity, at: c.time)
            nextChange += 1
        }
        if nextChange > 1_024, nextChange * 2 > pendingChanges.count {
            pendingChanges.removeFirst(nextChange)
            nextChange = 0
        }
    }

    /// Runs events (sorted here by time, stably) through every model.
    public mutating func process(_ events: [Event]) -> DetectionOutput {
        var out = DetectionOutput()
        let ordered = events.enumerated().sorted {
            $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset
        }.map(\.element)
        for e in ordered {
            now = max(now, e.time)
            applyChanges(upTo: e.time)
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
        applyChanges(upTo: time)
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

    /// Flushes what detectors hold back waiting for more evidence (the end of a replay).
    public mutating func drain() -> DetectionOutput {
        var out = DetectionOutput()
        var external: [Signal] = []
        for i in detectors.indices {
            if var d = detectors[i] as? any DrainableDetector {
                external += d.drain()
                detectors[i] = d
            }
        }
        count(external)
        out.signals += external
        for s in external { out.absorb(analytics.ingest(external: s)) }
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
