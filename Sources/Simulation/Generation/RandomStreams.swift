import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Independent random streams derived from the run's seed, one per (purpose, entity, time slot), so that a user's
/// behaviour on a day depends only on the seed, the user and the day — adding users or days does not shift anyone
/// else's draws. Swift's `Hasher` is seeded per process and must never be used here.
public struct RandomStreams: Sendable, Hashable {
    /// The run's seed.
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// A stream for a purpose and up to three numeric keys.
    @inline(__always)
    public func stream(_ purpose: StreamPurpose, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0) -> SeededRandom {
        var h = seed ^ 0x5851_F42D_4C95_7F2D
        h = Self.mix(h ^ purpose.rawValue)
        h = Self.mix(h ^ UInt64(bitPattern: Int64(a)))
        h = Self.mix(h ^ UInt64(bitPattern: Int64(b)) &* 0x9E37_79B9_7F4A_7C15)
        h = Self.mix(h ^ UInt64(bitPattern: Int64(c)) &* 0xC2B2_AE3D_27D4_EB4F)
        return SeededRandom(seed: h)
    }

    /// A stream keyed by a name (a scenario module), hashed with FNV-1a so it is stable across processes.
    public func stream(named name: String, _ a: Int = 0) -> SeededRandom {
        stream(.named, Int(truncatingIfNeeded: Self.fnv1a(name)), a)
    }

    /// SplitMix64's finaliser: a strong 64-bit mixer.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}

/// What a random stream is for; the raw values separate streams that share numeric keys.
public enum StreamPurpose: UInt64, Sendable {
    case person = 1
    case personDay = 2
    case personHour = 3
    case infrastructure = 4
    case assets = 5
    case scenario = 6
    case named = 7
    case context = 8
    case organisation = 9
    /// The everyday background of an hour (admin work, adoptions, deployments, broken sources).
    case background = 10
    /// One call of one periodic agent on one host.
    case periodic = 11
}

extension SeededRandom {
    /// Uniform integer in `0..<n` (n > 0).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next() % UInt64(n))
    }

    /// Uniform integer in a closed range.
    @inline(__always)
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform 64-bit integer in `lo..<hi` (hi > lo).
    @inline(__always)
    mutating func int64(_ lo: Int64, _ hi: Int64) -> Int64 {
        lo + Int64(next() % UInt64(max(1, hi - lo)))
    }

    /// Uniform double in `[lo, hi)`.
    @inline(__always)
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * nextUnit() }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { nextUnit() < p }

    /// One element of a non-empty array.
    @inline(__always)
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A normal variate.
    mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * nextGaussian() }

    /// A log-normal variate with the given median and shape: heavy right tail for volumes.
    mutating func logNormal(median: Double, sigma: Double) -> Double { median * exp(sigma * nextGaussian()) }

    /// A Pareto variate with scale `xm` and tail index `alpha` (smaller alpha, heavier tail).
    mutating func pareto(xm: Double, alpha: Double) -> Double {
        let u = max(nextUnit(), 1e-12)
        return xm / pow(u, 1 / alpha)
    }

    /// An exponential variate with the given mean.
    mutating func exponential(mean: Double) -> Double { -mean * log(max(nextUnit(), 1e-12)) }

    /// A Poisson count (Knuth for small means, a rounded normal for large ones).
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * nextGaussian()).rounded())) }
        let l = exp(-mean)
        var k = 0
        var p = 1.0
        repeat {
            k += 1
            p *= nextUnit()
        } while p > l
        return k - 1
    }

    /// An index drawn with the given cumulative weights (ascending, last = total).
    mutating func weightedIndex(cumulative: [Double]) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let x = nextUnit() * total
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// An index drawn with the given weights.
    mutating func weightedIndex(weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = nextUnit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// Up to `k` distinct indices from `0..<n`, in ascending order.
    mutating func sample(_ k: Int, from n: Int) -> [Int] {
        guard n > 0, k > 0 else { return [] }
        if k >= n { return Array(0..<n) }
        var chosen: [Int] = []
        chosen.reserveCapacity(k)
        var pool = Array(0..<n)
        for i in 0..<k {
            let j = i + below(n - i)
            pool.swapAt(i, j)
            chosen.append(pool[i])
        }
        return chosen.sorted()
    }

    /// A random lower-case hexadecimal string of `count` characters.
    mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count { bytes[i] = digits[below(16)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A random upper-case alphanumeric string (Windows default computer names look like this).
    mutating func alphanumeric(_ count: Int) -> String {
        let digits = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789".utf8)
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count { bytes[i] = digits[below(digits.count)] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
