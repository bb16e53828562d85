import VigilCore

/// Runs detectors over recorded events, as `vigil replay` does: events in time order (a stable sort by time, since
/// logs such as Zeek's `conn.log` are written when connections end), each detector's time advanced, and held
/// findings drained at the end.
public enum Replay {
    /// The network and infrastructure detectors with their default settings: beaconing, lateral movement,
    /// log-source health and privileged command sequences.
    public static func defaultDetectors() -> [any Detector] {
        [BeaconDetector(), LateralMovementDetector(), LogSourceHealthDetector(), PrivilegedSequenceDetector()]
    }

    /// Runs `detectors` over `events` and returns every signal, in the order they were raised.
    public static func run(events: some Sequence<Event>, detectors: [any Detector]) -> [Signal] {
        var all: [Signal] = []
        stream(events: events, detectors: detectors) { all.append($0) }
        return all
    }

    /// Runs `detectors` over `events`, calling `emit` for each signal as it is raised; returns the detectors in
    /// their final state (for their statistics).
    @discardableResult
    public static func stream(events: some Sequence<Event>, detectors: [any Detector], emit: (Signal) -> Void) -> [any Detector] {
        var ordered = Array(events)
        if !isSorted(ordered) {
            // Stable: events with the same time keep their input order.
            ordered = ordered.enumerated().sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }
                .map(\.element)
        }
        var running = detectors
        var last: Int64?
        for event in ordered {
            for i in running.indices {
                for s in running[i].process(event) { emit(s) }
            }
            last = event.time
        }
        if let last {
            for i in running.indices {
                for s in running[i].advance(to: last) { emit(s) }
            }
        }
        for i in running.indices {
            if var d = running[i] as? any DrainableDetector {
                for s in d.drain() { emit(s) }
                running[i] = d
            }
        }
        return running
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
