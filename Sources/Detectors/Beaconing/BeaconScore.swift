#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How beacon-like one source–destination pair is, with the statistics behind each part.
///
/// The parts follow the published approach (RITA scores interval and size skew and dispersion, the connection
/// histogram, and the time span), with these changes:
/// - dispersion is scored with a Gaussian kernel on MAD/median (scale 0.35) instead of `1 − MAD/median`, which
///   gives random (Poisson) traffic, MAD/median ≈ 0.69, a score near 0 rather than 0.31, while a beacon with ±20 %
///   uniform jitter (MAD/median ≈ 0.1) keeps 0.92;
/// - intervals come from callbacks after merging bursts, so retries and multi-connection check-ins do not create
///   zero intervals;
/// - coverage expects fewer active hours for periods above an hour, and credits a long run of active hours, so a
///   laptop that beacons only during the working day is not penalised for being asleep at night;
/// - the timing part gates the total: a pair with irregular timing cannot score high on sizes and coverage alone.
public struct BeaconScore: Sendable, Hashable {
    /// Weighted total in [0, 1].
    public var total: Double
    /// Timing regularity in [0, 1].
    public var interval: Double
    /// Size regularity in [0, 1] (0.5 when sizes are unknown).
    public var size: Double
    /// Evenness over active hours in [0, 1].
    public var hourConsistency: Double
    /// Share of the observed time covered, in [0, 1].
    public var coverage: Double
    /// Interval statistics, in seconds.
    public var intervals: RobustStatistics.Summary
    /// Size statistics, in bytes (nil when the source reports no sizes).
    public var sizes: RobustStatistics.Summary?
    /// Completed hours (of the last 24) with at least one callback.
    public var activeHours: Int
    /// Longest run of consecutive active hours.
    public var longestRun: Int
    /// Completed hours observed since the pair was first seen (at most 24).
    public var observedHours: Int
    /// Coefficient of variation of callbacks per active hour.
    public var hourlyVariation: Double
}

/// The scoring functions, separate from the streaming state so they can be tested on constructed samples.
public enum BeaconScoring {
    /// MAD/median at which the dispersion score falls to 1/e.
    public static let dispersionScale = 0.35

    /// Regularity of a sample (intervals or sizes) from its dispersion and skew: 1 for a constant sample.
    public static func regularity(_ s: RobustStatistics.Summary) -> Double {
        let r = s.relativeDispersion
        let dispersion = r.isFinite ? exp(-(r / dispersionScale) * (r / dispersionScale)) : 0
        let symmetry = 1 - abs(s.bowleySkew)
        return 0.65 * dispersion + 0.35 * symmetry
    }

    /// Hour-of-day features from callback counts per completed hour, oldest first (zeros for silent hours).
    /// `period` is the median interval in milliseconds.
    public static func hourFeatures(counts: [Int], period: Double, idealActiveHours: Int)
        -> (consistency: Double, coverage: Double, active: Int, longestRun: Int, variation: Double)
    {
        let active = counts.filter { $0 > 0 }
        var run = 0, longest = 0
        for c in counts {
            run = c > 0 ? run + 1 : 0
            longest = max(longest, run)
        }
        guard !active.isEmpty else { return (0, 0, 0, 0, .nan) }
        let values = active.map(Double.init)
        let (mean, sd) = RobustStatistics.meanAndDeviation(values)
        let cv = mean > 0 ? sd / mean : 0
        let consistency = active.count >= 2 ? max(0, 1 - cv) : 0.5
        // A pair with a period above an hour can only be active in a share of the hours.
        let expectedShare = min(1, 3_600_000 / max(period, 1))
        let spanShare = min(1, Double(active.count) / (Double(counts.count) * expectedShare))
        let runShare = expectedShare >= 1 ? min(1, Double(longest) / Double(max(1, idealActiveHours))) : 0
        return (consistency, max(spanShare, runShare), active.count, longest, cv)
    }

    /// Scores a pair from its callback intervals (milliseconds), bytes per callback (nil when unknown) and
    /// callbacks per completed hour (oldest first).
    public static func score(intervals: [Double], sizes: [Double]?, hourlyCounts: [Int], weights: BeaconWeights,
                             idealActiveHours: Int) -> BeaconScore
    {
        let seconds = intervals.map { $0 / 1000 }
        let iv = RobustStatistics.summary(seconds, minimumSpread: 0)
        var intervalPart = regularity(iv)
        // Quartile spread under 2 % of the period is a metronome: skew computed from it would be rounding noise.
        if iv.q3 - iv.q1 < 0.02 * iv.median {
            intervalPart = regularity(RobustStatistics.Summary(count: iv.count, median: iv.median, mad: iv.mad, q1: iv.q1, q3: iv.q3, bowleySkew: 0))
        }
        var sizeSummary: RobustStatistics.Summary?
        var sizePart = 0.5
        if let sizes, !sizes.isEmpty {
            var s = RobustStatistics.summary(sizes)
            // Payloads within a few bytes of each other are constant, whatever their quartiles say.
            if s.q3 - s.q1 <= max(16, 0.02 * s.median) { s.bowleySkew = 0 }
            sizeSummary = s
            sizePart = regularity(s)
        }
        let h = hourFeatures(counts: hourlyCounts, period: iv.median * 1000, idealActiveHours: idealActiveHours)
        let wsum = max(1e-9, weights.interval + weights.size + weights.hourConsistency + weights.coverage)
        var total = (weights.interval * intervalPart + weights.size * sizePart + weights.hourConsistency * h.consistency
                     + weights.coverage * h.coverage) / wsum
        if intervalPart < 0.5 { total *= intervalPart / 0.5 }
        return BeaconScore(total: min(1, max(0, total)), interval: intervalPart, size: sizePart, hourConsistency: h.consistency,
                           coverage: h.coverage, intervals: iv, sizes: sizeSummary, activeHours: h.active, longestRun: h.longestRun,
                           observedHours: hourlyCounts.count, hourlyVariation: h.variation)
    }
}
