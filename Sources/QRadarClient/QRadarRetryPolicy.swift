#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization
import VigilCore

/// When and how often a failed request is tried again.
///
/// Retried: connection failures, lost responses and timeouts, and HTTP 429, 502, 503, 504. Never retried: any
/// other 4xx/5xx (401, 403, 404, 409, 422, 500 …), which are answers, not accidents. Requests that are not
/// idempotent are re-sent only after checking that the first attempt did not already take effect.
public struct QRadarRetryPolicy: Sendable {
    /// Total attempts including the first; 1 disables retries.
    public var maxAttempts: Int
    /// Backoff before the first retry, before jitter.
    public var initialBackoff: Duration
    /// Cap on the backoff before jitter.
    public var maxBackoff: Duration
    /// Growth factor between consecutive backoffs.
    public var multiplier: Double
    /// Fraction of each backoff that is randomised: 0 = fixed delays, 1 = "full jitter" (0 … backoff).
    public var jitter: Double
    /// A `Retry-After` longer than this is not waited for; the 429 is returned to the caller instead.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 4, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(10),
        multiplier: Double = 2, jitter: Double = 0.5, maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries at all.
    public static let none = QRadarRetryPolicy(maxAttempts: 1)

    /// The pause before retry number `retry` (1 for the first retry), given a random draw in [0, 1):
    /// `b = min(maxBackoff, initialBackoff × multiplier^(retry-1))`, delay `= b × (1 − jitter + jitter × random)`.
    public func backoff(beforeRetry retry: Int, random: Double) -> Duration {
        Backoff(initial: initialBackoff, maximum: maxBackoff, multiplier: multiplier).delay(beforeRetry: retry, jitter: jitter, random: random)
    }

    func validate() throws(QRadarConfigurationError) {
        if maxAttempts < 1 { throw QRadarConfigurationError("retry.maxAttempts must be at least 1") }
        if initialBackoff < .zero || maxBackoff < .zero || maxRetryAfter < .zero {
            throw QRadarConfigurationError("retry durations must be non-negative")
        }
        if !(multiplier >= 1) { throw QRadarConfigurationError("retry.multiplier must be at least 1") }
    }
}

/// The client's view of time and chance, injected so tests neither sleep nor depend on luck.
public struct QRadarClientEnvironment: Sendable {
    /// Pauses the calling task (backoff, polling). Must throw `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Wall-clock time, epoch milliseconds. Used for Ariel timeouts and for `create_time` checks on notes.
    public var now: @Sendable () -> Int64
    /// A random number in [0, 1), for backoff jitter.
    public var random: @Sendable () -> Double

    public init(
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        now: @escaping @Sendable () -> Int64,
        random: @escaping @Sendable () -> Double
    ) {
        self.sleep = sleep
        self.now = now
        self.random = random
    }

    /// Real sleeping, the system clock and the system random generator.
    public static let live = QRadarClientEnvironment(
        sleep: { duration in try await Task.sleep(for: duration) },
        now: { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) },
        random: { Double.random(in: 0..<1) }
    )

    /// A deterministic random source (SplitMix64) for reproducible jitter.
    public static func seededRandom(seed: UInt64) -> @Sendable () -> Double {
        let state = Mutex(seed)
        return {
            state.withLock { value in
                value &+= 0x9E37_79B9_7F4A_7C15
                var z = value
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z = z ^ (z >> 31)
                return Double(z >> 11) / Double(UInt64(1) << 53)
            }
        }
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
