/// A count-min sketch with decay: how many entities of the organisation (or of a peer group) use a value, in
/// fixed memory whatever the number of distinct values. Estimates never undercount; with width 2^16 and depth 4
/// the overcount is at most total/65,536 with probability 1 − e⁻⁴ per query.
struct CountMinSketch: Sendable {
    static let depth = 4
    let widthBits: Int
    private(set) var cells: [Float]

    init(widthBits: Int = 16) {
        precondition((4...16).contains(widthBits), "width must be 2^4…2^16")
        self.widthBits = widthBits
        cells = [Float](repeating: 0, count: Self.depth << widthBits)
    }

    @inline(__always)
    private func slot(_ h: UInt64, row: Int) -> Int {
        let mask = (1 << widthBits) - 1
        return (row << widthBits) | Int(truncatingIfNeeded: h >> UInt64(16 * row)) & mask
    }

    mutating func add(_ h: UInt64, _ amount: Float = 1) {
        for r in 0..<Self.depth { cells[slot(h, row: r)] += amount }
    }

    func estimate(_ h: UInt64) -> Float {
        var m = Float.infinity
        for r in 0..<Self.depth { m = min(m, cells[slot(h, row: r)]) }
        return m
    }

    mutating func scale(by factor: Float) {
        cells.withUnsafeMutableBufferPointer { c in
            for i in c.indices { c[i] *= factor }
        }
    }

    var memoryBytes: Int { cells.capacity * 4 }
}

/// Turns raw surprises (bits) of one dimension into calibrated evidence: how rare a surprise this large is among
/// every event the organisation produced recently. Evidence is −log10 of that tail probability, so 3 means
/// "one event in a thousand is this unusual", whatever the dimension.
struct SurpriseCalibrator: Sendable {
    static let bins = 256
    static let binWidth: Double = 0.25
    private var histogram = [Double](repeating: 0, count: SurpriseCalibrator.bins)
    private var tail = [Double](repeating: 0, count: SurpriseCalibrator.bins + 1)
    private var total: Double = 0
    private var dirty = 0

    @inline(__always)
    private static func bin(_ bits: Double) -> Int { min(bins - 1, max(0, Int(bits / binWidth))) }

    mutating func record(_ bits: Double) {
        histogram[Self.bin(bits)] += 1
        total += 1
        dirty += 1
    }

    /// Number of surprises recorded (decayed).
    var weight: Double { total }

    private mutating func refresh() {
        var acc = 0.0
        tail[Self.bins] = 0
        for i in stride(from: Self.bins - 1, through: 0, by: -1) {
            acc += histogram[i]
            tail[i] = acc
        }
        dirty = 0
    }

    /// Pseudo-observations of the prior tail (see ``evidence(_:)``).
    static let priorMass = 1_000.0

    /// −log10 P(surprise ≥ bits), interpolated within the bin. Refreshes the cumulative table lazily (every 4,096
    /// records) so that the lookup is O(1).
    ///
    /// The empirical tail is smoothed with a prior of ``priorMass`` pseudo-observations whose tail is `2^(−bits)`
    /// (the model's own surprise taken at face value): where a dimension has seen few events (a small
    /// organisation's VPN logins) evidence still grows with surprise, and where it has seen millions the data
    /// decide. Evidence never exceeds log10(events + prior).
    mutating func evidence(_ bits: Double) -> Double {
        if dirty > 4096 || (dirty > 0 && total < 50_000) { refresh() }
        let b = Self.bin(bits)
        let frac = min(1, max(0, bits / Self.binWidth - Double(b)))
        let above = total > 0 ? tail[b] - frac * histogram[b] : 0
        let n = total + Self.priorMass
        let p = max((above + Self.priorMass * pow(2, -bits)) / n, 1 / n)
        return -log10(min(1, p))
    }

    mutating func scale(by factor: Double) {
        for i in histogram.indices { histogram[i] *= factor }
        total *= factor
        refresh()
    }

    var memoryBytes: Int { (histogram.capacity + tail.capacity) * 8 }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
