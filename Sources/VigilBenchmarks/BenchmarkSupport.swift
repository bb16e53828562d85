#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One measured figure, printed by `vigil bench` and copied into BENCHMARKS.md.
public struct BenchmarkResult: Sendable, CustomStringConvertible {
    /// What was measured ("LEEF decode, typical 2.0 lines").
    public var name: String
    /// The figure.
    public var value: Double
    /// Its unit ("lines/s", "MB/s", "ms", "bytes/user").
    public var unit: String
    /// How much work the figure covers ("1,000,000 lines, 3 runs, best").
    public var detail: String

    public init(name: String, value: Double, unit: String, detail: String) {
        self.name = name
        self.value = value
        self.unit = unit
        self.detail = detail
    }

    public var description: String {
        "\(name): \(BenchmarkResult.format(value)) \(unit)  (\(detail))"
    }

    static func format(_ v: Double) -> String {
        if v >= 100 { return String(Int64(v.rounded())) }
        let scaled = (v * 100).rounded() / 100
        return String(scaled)
    }
}

/// Monotonic time in nanoseconds.
public func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Runs `body` `runs` times and returns the best wall time in seconds; the best of several runs is the least
/// disturbed by the other core's work.
public func bestOf(_ runs: Int = 3, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<max(1, runs) {
        let t0 = monotonicNanos()
        try body()
        let dt = Double(monotonicNanos() - t0) / 1e9
        best = min(best, dt)
    }
    return best
}

/// Keeps the optimizer from discarding a computed value.
@inline(never) public func blackHole<T>(_ value: T) { _ = value }
