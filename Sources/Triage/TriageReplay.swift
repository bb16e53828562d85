import Analytics
import Governance
import VigilCore

/// Drives a ``TriageCore`` over recorded events, as `vigil replay` does and as tests and benchmarks do: events in
/// time order (a stable sort, since logs such as Zeek's `conn.log` are written when connections end), in batches of
/// event time that are complete when handed over, then a final flush of what detectors hold back.
public enum TriageReplay {
    /// A core for an offline replay of a log file: the shipped defaults (detectors, analytics), shadow mode, and no
    /// pseudonymisation, so entities print as they appear in the input.
    public static func core(learningDays: Int = 7, directory: DirectoryFile? = nil,
                            detectors: [any Detector] = DetectionEngine.defaultDetectors()) throws -> TriageCore {
        // Pseudonymisation is off, so the key is never used; a key ring is still required by the gate.
        let ring = try PseudonymKeyRing(keys: [PseudonymKey(version: 1, secret: Array("vigil-replay-without-pseudonyms-0123456789".utf8))],
                                        current: 1)
        let gate = TriageCore.gate(pseudonymizer: Pseudonymizer(keyRing: ring), policy: .none, directory: directory)
        var analytics = AnalyticsConfiguration()
        analytics.learningDays = learningDays
        return TriageCore(gate: gate, analytics: analytics, directory: directory, defaultTimeZone: .utc,
                          policy: RolloutPolicy(mode: .shadow), detectors: detectors)
    }

    /// Replays `events` through `core`, calling `emit` with each batch's output (signals and findings, in order).
    public static func run(events: some Sequence<Event>, core: inout TriageCore, batchMillis: Int64 = EpochMillis.hour,
                           emit: (TriageOutput) -> Void) {
        var ordered = Array(events)
        if !isSorted(ordered) {
            ordered = ordered.enumerated().sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }
                .map(\.element)
        }
        guard let first = ordered.first, let last = ordered.last else { return }
        var batchEnd = first.time - first.time.modulo(batchMillis) + batchMillis
        var batch: [Event] = []
        func flush() {
            let prepared = core.prepare(batch)
            emit(core.ingest(prepared, completeUntil: min(batchEnd, last.time), now: min(batchEnd, last.time)))
            batch.removeAll(keepingCapacity: true)
        }
        for e in ordered {
            while e.time >= batchEnd {
                if !batch.isEmpty { flush() }
                batchEnd += batchMillis
                // Skip empty stretches in one step.
                if batch.isEmpty, e.time >= batchEnd { batchEnd = e.time - e.time.modulo(batchMillis) + batchMillis }
            }
            batch.append(e)
        }
        if !batch.isEmpty { flush() }
        emit(core.finish(at: last.time, now: last.time))
    }

    /// Every signal and finding of a replay, in order.
    public static func run(events: some Sequence<Event>, core: inout TriageCore) -> TriageOutput {
        var all = TriageOutput()
        run(events: events, core: &core) { out in
            all.signals += out.signals
            all.findings += out.findings
            all.suppressed += out.suppressed
        }
        return all
    }

    static func isSorted(_ events: [Event]) -> Bool {
        var previous = Int64.min
        for e in events {
            if e.time < previous { return false }
            previous = e.time
        }
        return true
    }
}

extension Int64 {
    /// The non-negative remainder (times before 1970 too).
    func modulo(_ m: Int64) -> Int64 {
        let r = self % m
        return r < 0 ? r + m : r
    }
}
