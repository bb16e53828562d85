#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Order statistics that a few outliers cannot move: medians, quartiles, the median absolute deviation and
/// Bowley's quartile skewness. Inputs are small (a pair's last few dozen intervals), so sorting a copy is cheap.
public enum RobustStatistics {
    /// The `q`-quantile (0…1) of already sorted values, by linear interpolation between order statistics
    /// (Hyndman–Fan type 7, the default of R and NumPy).
    public static func quantile(sorted v: [Double], _ q: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        if v.count == 1 { return v[0] }
        let h = Double(v.count - 1) * min(1, max(0, q))
        let lo = Int(h.rounded(.down))
        let hi = min(v.count - 1, lo + 1)
        return v[lo] + (h - Double(lo)) * (v[hi] - v[lo])
    }

    /// Median of unsorted values.
    public static func median(_ values: [Double]) -> Double {
        quantile(sorted: values.sorted(), 0.5)
    }

    /// Median absolute deviation about the median (unscaled).
    public static func mad(_ values: [Double], median m: Double) -> Double {
        median(values.map { abs($0 - m) })
    }

    /// Summary of a sample: median, MAD, quartiles and Bowley skewness.
    public struct Summary: Sendable, Hashable {
        public var count: Int
        public var median: Double
        public var mad: Double
        public var q1: Double
        public var q3: Double
        /// Bowley's quartile skewness in [-1, 1]; 0 when the spread is too small to say.
        public var bowleySkew: Double

        /// MAD over median: 0 for a metronome, about 0.69 for random (Poisson) arrivals.
        public var relativeDispersion: Double { median > 0 ? mad / median : (mad > 0 ? .infinity : 0) }
    }

    /// Summarises `values`; `minimumSpread` is the inter-quartile range below which skewness is taken as 0, so a
    /// near-constant series does not get an arbitrary skew from rounding.
    public static func summary(_ values: [Double], minimumSpread: Double = 0) -> Summary {
        let s = values.sorted()
        guard !s.isEmpty else { return Summary(count: 0, median: .nan, mad: .nan, q1: .nan, q3: .nan, bowleySkew: 0) }
        let q1 = quantile(sorted: s, 0.25), q2 = quantile(sorted: s, 0.5), q3 = quantile(sorted: s, 0.75)
        let dev = s.map { abs($0 - q2) }.sorted()
        let mad = quantile(sorted: dev, 0.5)
        let iqr = q3 - q1
        var skew = 0.0
        if iqr > max(minimumSpread, 0), q2 != q1, q2 != q3 {
            skew = (q1 + q3 - 2 * q2) / iqr
        }
        return Summary(count: s.count, median: q2, mad: mad, q1: q1, q3: q3, bowleySkew: min(1, max(-1, skew)))
    }

    /// Mean and population standard deviation.
    public static func meanAndDeviation(_ values: [Double]) -> (mean: Double, sd: Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let v = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return (mean, v.squareRoot())
    }
}
