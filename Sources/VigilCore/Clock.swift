import Synchronization

/// A source of the current time in epoch milliseconds, injected so that tests are deterministic.
public protocol EpochClock: Sendable {
    func now() -> EpochMillis
}

/// The system's wall clock.
public struct SystemEpochClock: EpochClock {
    public init() {}
    public func now() -> EpochMillis {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// A clock that only moves when told to.
public final class ManualEpochClock: EpochClock {
    private let current: Mutex<EpochMillis>

    public init(_ start: EpochMillis) { current = Mutex(start) }

    public func now() -> EpochMillis { current.withLock { $0 } }

    public func set(_ t: EpochMillis) { current.withLock { $0 = t } }

    public func advance(by ms: Int64) { current.withLock { $0 += ms } }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
