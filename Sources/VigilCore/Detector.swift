/// A streaming detector: it sees events in time order and says what is unusual as ``Signal``s.
///
/// Detectors are values (structs) owned by one pipeline stage, so they need no locks; state per entity must be
/// small and updated in O(1) per event. Time comes only from the events and from ``advance(to:)`` — never from a
/// wall clock — so a replay gives the same signals as the live run.
public protocol Detector: Sendable {
    /// Stable detector id used in signals, metrics and evaluation (`"beaconing"`, `"baseline"`).
    var id: String { get }

    /// Takes one event (events arrive in non-decreasing time order, give or take a small lateness) and returns
    /// the signals it completes.
    mutating func process(_ event: Event) -> [Signal]

    /// Moves the detector's notion of time forward without an event, for checks that fire on absence (a silent
    /// log source) or at the end of a window. Returns the signals that became due.
    mutating func advance(to time: EpochMillis) -> [Signal]
}

extension Detector {
    public mutating func advance(to time: EpochMillis) -> [Signal] { [] }
}

/// A deterministic identifier from parts (FNV-1a 64, hex), for signal ids that are stable across replays.
public func stableID(_ parts: String...) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for p in parts {
        for b in p.utf8 { h ^= UInt64(b); h &*= 0x0000_0100_0000_01B3 }
        h ^= 0x1F; h &*= 0x0000_0100_0000_01B3
    }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
