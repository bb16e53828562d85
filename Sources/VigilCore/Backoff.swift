/// Exponential backoff: the one retry schedule every loop in Vigil uses (the QRadar client's retries, the syslog
/// sender's reconnects, write-back's retries of a failed write, the sidecar's retries of a store step).
///
/// The pause before retry `n` (1 = the first retry) is `initial × multiplier^(n−1)`, capped at `maximum`. Jitter is
/// the caller's choice of flavour: ``delay(beforeRetry:jitter:random:)`` randomises a fraction of the pause downward
/// (0 = fixed, 1 = "full jitter"), which spreads many clients out without ever waiting longer than the schedule.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    /// Growth per retry; at least 1.
    public var multiplier: Double

    public init(initial: Duration, maximum: Duration, multiplier: Double = 2) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = max(1, multiplier)
    }

    /// The pause before retry `retry` (1 = the first retry), without jitter.
    public func delay(beforeRetry retry: Int) -> Duration {
        var base = Self.seconds(initial)
        let cap = Self.seconds(maximum)
        var step = 1
        while step < retry && base < cap {
            base *= multiplier
            step += 1
        }
        return Self.duration(min(cap, base))
    }

    /// The pause with a fraction `jitter` of it randomised by `random` in [0, 1): `b × (1 − jitter + jitter × random)`.
    public func delay(beforeRetry retry: Int, jitter: Double, random: Double) -> Duration {
        let b = Self.seconds(delay(beforeRetry: retry))
        let j = min(max(jitter, 0), 1)
        let r = min(max(random, 0), 1)
        return Self.duration(b * (1 - j + j * r))
    }

    /// Runs `body` until it succeeds, pausing by this schedule after each failure (`sleep` is injected so tests do
    /// not wait). A `CancellationError`, or a failure once the task is cancelled, is rethrown; every other failure is
    /// reported to `failed` with the pause that follows, and retried.
    public func retrying<T>(
        isolation: isolated (any Actor)? = #isolation,
        sleep: (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        failed: (any Error, Duration) -> Void = { _, _ in },
        _ body: () async throws -> T
    ) async throws -> T {
        var retry = 1
        while true {
            do {
                return try await body()
            } catch {
                if error is CancellationError || Task.isCancelled { throw error }
                let pause = delay(beforeRetry: retry)
                failed(error, pause)
                try await sleep(pause)
                retry += 1
            }
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Whole nanoseconds, so equal inputs give exactly equal durations.
    static func duration(_ seconds: Double) -> Duration {
        .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
