import Synchronization

/// Decides, per request, which injected fault (if any) applies; shared by the API (latency, 503) and the
/// connection handler (drops). One seeded generator serves both, so a fixed seed and request order replay the
/// same faults.
final class FaultInjector: Sendable {
    private struct State {
        var configuration: FaultConfiguration
        var random: SplitMix64
        var injected503 = 0
        var dropped = 0
        var garbled = 0
    }

    private let state: Mutex<State>

    init(_ configuration: FaultConfiguration) {
        state = Mutex(State(configuration: configuration, random: SplitMix64(seed: configuration.seed)))
    }

    var configuration: FaultConfiguration {
        state.withLock { $0.configuration }
    }

    /// Replaces the configuration and restarts the generator from its seed.
    func reconfigure(_ configuration: FaultConfiguration) {
        state.withLock {
            $0.configuration = configuration
            $0.random = SplitMix64(seed: configuration.seed)
        }
    }

    struct Decision: Sendable {
        var delayMillis: Int
        var failWith503: Bool
    }

    /// Latency and 503 for one `/api` request.
    func decide(path: String) -> Decision {
        guard Self.isSubjectToFaults(path) else { return Decision(delayMillis: 0, failWith503: false) }
        return state.withLock { s in
            let c = s.configuration
            guard c.isActive else { return Decision(delayMillis: 0, failWith503: false) }
            var delay = c.latencyMillis
            if c.latencyJitterMillis > 0 { delay += Int(s.random.next() % UInt64(c.latencyJitterMillis + 1)) }
            var fail = false
            if c.errorRate > 0 {
                fail = s.random.nextUnit() < c.errorRate
                if fail { s.injected503 += 1 }
            }
            return Decision(delayMillis: delay, failWith503: fail)
        }
    }

    /// Whether to drop the connection carrying this request.
    func shouldDrop(path: String) -> Bool {
        guard Self.isSubjectToFaults(path) else { return false }
        return state.withLock { s in
            guard s.configuration.dropRate > 0 else { return false }
            let drop = s.random.nextUnit() < s.configuration.dropRate
            if drop { s.dropped += 1 }
            return drop
        }
    }

    /// Whether to cut this successful read's body short.
    func shouldGarble(path: String, method: String) -> Bool {
        guard method == "GET", Self.isSubjectToFaults(path) else { return false }
        return state.withLock { s in
            guard s.configuration.garbleRate > 0 else { return false }
            let garble = s.random.nextUnit() < s.configuration.garbleRate
            if garble { s.garbled += 1 }
            return garble
        }
    }

    var counts: (injected503: Int, dropped: Int) {
        state.withLock { ($0.injected503, $0.dropped) }
    }

    static func isSubjectToFaults(_ path: String) -> Bool {
        !path.hasPrefix("/__emulator")
    }

    /// The 503 body for an injected failure (QRadar's 503 shape, code 1010 as Ariel's "unavailable").
    static let unavailable = APIError(
        status: 503, code: 1010,
        message: "The server is temporarily unavailable. Try the request again later.",
        description: "The server is unavailable."
    )
}

/// A small, fast, seedable generator (SplitMix64); good enough to pick which requests fail.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
