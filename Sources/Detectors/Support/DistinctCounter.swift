#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// 64-bit FNV-1a of a string followed by a finaliser, for compact keys and distinct counting. Deterministic across
/// runs (Swift's `Hasher` is seeded per process, which would make replays differ).
@inline(__always)
public func stableHash(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 { h ^= UInt64(b); h &*= 0x0000_0100_0000_01B3 }
    return mix64(h)
}

/// Combines two hashes into one (order matters).
@inline(__always)
public func stableHash(_ a: UInt64, _ b: UInt64) -> UInt64 {
    mix64(a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x6A09_E667_F3BC_C909))
}

/// SplitMix64's finaliser: spreads every input bit over the output, so the leading-zero counts HyperLogLog reads
/// are uniform.
@inline(__always)
public func mix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// A HyperLogLog distinct counter with 2^`precision` one-byte registers: 64 bytes (p = 6, about 13 % standard
/// error) answer "how many distinct sources talk to this destination" well enough for a prevalence threshold;
/// 4 KiB (p = 12, 1.6 %) count the sources of a whole network.
public struct DistinctCounter: Sendable, Hashable {
    private var registers: [UInt8]
    private let precision: Int

    public init(precision: Int = 6) {
        self.precision = min(16, max(4, precision))
        registers = [UInt8](repeating: 0, count: 1 << self.precision)
    }

    /// Adds an already hashed item.
    @inline(__always)
    public mutating func insert(hash: UInt64) {
        let index = Int(hash >> UInt64(64 - precision))
        let rest = (hash << UInt64(precision)) | (1 << UInt64(precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if registers[index] < rank { registers[index] = rank }
    }

    /// The estimated number of distinct items (with linear counting for small cardinalities).
    public var estimate: Double {
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha: Double
        switch registers.count {
        case 16: alpha = 0.673
        case 32: alpha = 0.697
        case 64: alpha = 0.709
        default: alpha = 0.7213 / (1 + 1.079 / m)
        }
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m, zeros > 0 {
            return m * log(m / Double(zeros))
        }
        return raw
    }

    /// Bytes of register storage.
    public var registerBytes: Int { registers.count }
}
