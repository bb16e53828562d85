#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a series cannot be forecast.
public enum ForecastError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer observations than two daily seasons.
    case tooShort(count: Int, needed: Int)
    /// A value that is not a finite number.
    case invalidValue(index: Int)

    public var description: String {
        switch self {
        case let .tooShort(count, needed): "series too short to forecast: \(count) observations, need at least \(needed)"
        case let .invalidValue(index): "series value at index \(index) is not a finite number"
        }
    }
}

/// The scale the model works on.
public enum ForecastTransform: String, Sendable, Hashable, Codable {
    /// The counts themselves (additive seasonality).
    case none
    /// log(1 + count): seasonality and noise proportional to the level (multiplicative, but robust to zeros).
    case log
    /// Choose by the error on the last week of the training data.
    case auto
}

/// Settings of ``Forecaster``.
public struct ForecasterConfiguration: Sendable, Hashable {
    /// Observations per day (24 for hourly data).
    public var dailyPeriod: Int = 24
    /// Observations per week (168 for hourly data); the weekly component needs two weeks of history.
    public var weeklyPeriod: Int = 168
    public var transform: ForecastTransform = .auto
    /// Clip one-step errors at this many robust standard deviations when updating the state, so a holiday or a
    /// spike does not rewrite the seasonal profile (0 turns clipping off).
    public var clipSigma: Double = 3
    /// Standard normal quantile of the prediction interval (1.96 for 95 %).
    public var intervalZ: Double = 1.96

    public init(dailyPeriod: Int = 24, weeklyPeriod: Int = 168, transform: ForecastTransform = .auto, clipSigma: Double = 3,
                intervalZ: Double = 1.96) {
        self.dailyPeriod = dailyPeriod
        self.weeklyPeriod = weeklyPeriod
        self.transform = transform
        self.clipSigma = clipSigma
        self.intervalZ = intervalZ
    }
}

/// One forecast value with its prediction interval.
public struct ForecastPoint: Sendable, Hashable {
    public var mean: Double
    public var lower: Double
    public var upper: Double
}

/// A fitted double-seasonal Holt-Winters model (Taylor 2003): level + daily profile + weekly profile, in
/// error-correction form, on counts or on log(1 + counts):
///
///     ŷ(t) = ℓ + d[t mod 24] + w[t mod 168];  e = y(t) − ŷ(t)
///     ℓ += α·ẽ;  d[t mod 24] += δ·ẽ;  w[t mod 168] += ω·ẽ      (ẽ = e clipped at ±c·σ̂)
///
/// An AR(1) term on the one-step errors (ŷ += φ·e(t−1)) carries short bursts, as in Taylor's method.
/// The daily profile carries the shape every day shares and learns it seven times faster than a weekly-only
/// model; the weekly profile carries what differs by day (weekends, Monday mornings).
public struct DoubleSeasonalModel: Sendable, Hashable {
    public private(set) var alpha: Double
    public private(set) var delta: Double
    public private(set) var omega: Double
    /// AR(1) coefficient of the one-step errors (Taylor's adjustment): short-lived bursts are carried by it
    /// instead of by a high α, so the level stays steady for multi-step forecasts.
    public private(set) var phi: Double
    public let transform: ForecastTransform
    public let configuration: ForecasterConfiguration
    /// Robust standard deviation of the in-sample one-step errors (on the model's scale).
    public private(set) var sigma: Double
    /// Observations consumed.
    public private(set) var count: Int

    var level: Double
    var daily: [Double]
    var weekly: [Double]
    var scale: Double
    /// The last one-step error (model scale), which the AR(1) term carries into the next forecasts.
    var lastError: Double

    /// Forecasts `horizon` steps after the last observation, with prediction intervals from the variance of
    /// additive Holt-Winters errors: σ²·(1 + Σ_{k<h} c_k²) with c_k = α + δ·[k mod 24 = 0] + ω·[k mod 168 = 0].
    public func forecast(horizon: Int) -> [ForecastPoint] {
        var out: [ForecastPoint] = []
        out.reserveCapacity(max(0, horizon))
        var cumulative = 0.0
        let dp = configuration.dailyPeriod, wp = configuration.weeklyPeriod
        for j in 1...max(1, horizon) where j <= horizon {
            if j > 1 {
                let k = j - 1
                var c = alpha
                if k % dp == 0 { c += delta }
                if weekly.count == wp, k % wp == 0 { c += omega }
                cumulative += c * c
            }
            let t = count + j - 1
            var z = level + daily[t % dp] + (weekly.count == wp ? weekly[t % wp] : 0)
            z += pow(phi, Double(j)) * lastError
            let sd = sigma * (1 + cumulative).squareRoot()
            out.append(ForecastPoint(mean: back(z), lower: back(z - configuration.intervalZ * sd), upper: back(z + configuration.intervalZ * sd)))
        }
        return out
    }

    /// Adds one observation (streaming use after fitting) and returns the one-step forecast it was compared with.
    @discardableResult
    public mutating func update(_ y: Double) -> Double {
        let z = forward(y)
        let dp = configuration.dailyPeriod, wp = configuration.weeklyPeriod
        let predicted = level + daily[count % dp] + (weekly.count == wp ? weekly[count % wp] : 0) + phi * lastError
        let e = z - predicted
        let limit = configuration.clipSigma > 0 ? configuration.clipSigma * max(scale, 1e-9) : .infinity
        let ec = min(limit, max(-limit, e))
        level += alpha * ec
        daily[count % dp] += delta * ec
        if weekly.count == wp { weekly[count % wp] += omega * ec }
        scale = 0.98 * scale + 0.02 * abs(ec) * 1.2533
        lastError = e
        count += 1
        return back(predicted)
    }

    func forward(_ y: Double) -> Double { transform == .log ? log1p(max(0, y)) : y }
    func back(_ z: Double) -> Double { transform == .log ? max(0, expm1(z)) : max(0, z) }
}

/// Fits ``DoubleSeasonalModel``s: parameters by minimising the one-step sum of squared errors over the training
/// data with Nelder–Mead from three fixed starts (so the fit is deterministic), the transform by the error on
/// the last week when ``ForecasterConfiguration/transform`` is `.auto`.
public enum Forecaster {
    /// Fits a model to `series` (oldest first).
    public static func fit(_ series: [Double], configuration: ForecasterConfiguration = ForecasterConfiguration())
        throws(ForecastError) -> DoubleSeasonalModel
    {
        for (i, v) in series.enumerated() where !v.isFinite { throw .invalidValue(index: i) }
        let needed = 2 * configuration.dailyPeriod
        guard series.count >= needed else { throw .tooShort(count: series.count, needed: needed) }
        switch configuration.transform {
        case .none, .log:
            return fit(series, transform: configuration.transform, configuration: configuration)
        case .auto:
            let holdout = configuration.weeklyPeriod
            guard series.count >= 3 * configuration.weeklyPeriod else {
                return fit(series, transform: .none, configuration: configuration)
            }
            let head = Array(series.prefix(series.count - holdout)), tail = Array(series.suffix(holdout))
            var best: (ForecastTransform, Double) = (.none, .infinity)
            for t in [ForecastTransform.none, .log] {
                let m = fit(head, transform: t, configuration: configuration)
                let f = m.forecast(horizon: holdout)
                var mae = 0.0
                for i in 0..<holdout { mae += abs(f[i].mean - tail[i]) }
                if mae < best.1 { best = (t, mae) }
            }
            return fit(series, transform: best.0, configuration: configuration)
        }
    }

    /// Fits and forecasts in one call.
    public static func forecast(_ series: [Double], horizon: Int, configuration: ForecasterConfiguration = ForecasterConfiguration())
        throws(ForecastError) -> [ForecastPoint]
    {
        try fit(series, configuration: configuration).forecast(horizon: horizon)
    }

    static func fit(_ series: [Double], transform: ForecastTransform, configuration c: ForecasterConfiguration) -> DoubleSeasonalModel {
        let z = series.map { transform == .log ? log1p(max(0, $0)) : $0 }
        let useWeekly = z.count >= 2 * c.weeklyPeriod
        let initial = initialState(z, configuration: c, weekly: useWeekly)
        func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        func params(_ x: [Double]) -> (Double, Double, Double, Double) {
            (logistic(x[0]), logistic(x[1]), useWeekly ? logistic(x[2]) : 0, 0.98 * logistic(x[3]))
        }
        let objective: ([Double]) -> Double = { x in
            let (a, d, w, p) = params(x)
            return run(z, alpha: a, delta: d, omega: w, phi: p, state: initial, configuration: c).sse
        }
        func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        var best: (x: [Double], value: Double) = ([], .infinity)
        for start in [(0.1, 0.05, 0.05, 0.5), (0.3, 0.1, 0.1, 0.2), (0.03, 0.2, 0.2, 0.8)] {
            let r = NelderMead.minimize(objective, start: [logit(start.0), logit(start.1), logit(start.2), logit(start.3 / 0.98)], step: 1,
                                        maxEvaluations: 400)
            if r.value < best.value { best = r }
        }
        let (a, d, w, p) = params(best.x)
        let result = run(z, alpha: a, delta: d, omega: w, phi: p, state: initial, configuration: c)
        // Robust σ from the residuals after the first week (the start-up transient is not representative).
        let skip = min(result.residuals.count / 2, c.weeklyPeriod)
        let tail = Array(result.residuals.dropFirst(skip))
        let m = RobustStatistics.median(tail)
        let sigma = max(1e-9, 1.4826 * RobustStatistics.mad(tail, median: m))
        return DoubleSeasonalModel(alpha: a, delta: d, omega: w, phi: p, transform: transform, configuration: c, sigma: sigma, count: z.count,
                                   level: result.state.level, daily: result.state.daily, weekly: result.state.weekly,
                                   scale: result.state.scale, lastError: result.state.lastError)
    }

    struct State {
        var level: Double
        var daily: [Double]
        var weekly: [Double]
        var scale: Double
        var lastError: Double = 0
    }

    /// Level = mean of the first week; weekly profile = deviations averaged over the first two weeks; daily profile
    /// = the weekly profile's mean shape by hour, removed from the weekly one.
    static func initialState(_ z: [Double], configuration c: ForecasterConfiguration, weekly: Bool) -> State {
        let dp = c.dailyPeriod, wp = c.weeklyPeriod
        if !weekly {
            let m1 = z.prefix(dp).reduce(0, +) / Double(dp)
            let m2 = z.dropFirst(dp).prefix(dp).reduce(0, +) / Double(dp)
            let daily = (0..<dp).map { ((z[$0] - m1) + (z[$0 + dp] - m2)) / 2 }
            return State(level: m1, daily: daily, weekly: [], scale: initialScale(z, lag: dp))
        }
        let m1 = z.prefix(wp).reduce(0, +) / Double(wp)
        let m2 = z.dropFirst(wp).prefix(wp).reduce(0, +) / Double(wp)
        var w = (0..<wp).map { ((z[$0] - m1) + (z[$0 + wp] - m2)) / 2 }
        var d = [Double](repeating: 0, count: dp)
        let days = wp / dp
        for k in 0..<wp { d[k % dp] += w[k] / Double(days) }
        for k in 0..<wp { w[k] -= d[k % dp] }
        return State(level: m1, daily: d, weekly: w, scale: initialScale(z, lag: wp))
    }

    /// Robust scale of seasonal differences: the clipping threshold before the filter has its own errors.
    static func initialScale(_ z: [Double], lag: Int) -> Double {
        guard z.count > lag else { return 1 }
        let diffs = (lag..<z.count).map { z[$0] - z[$0 - lag] }
        let m = RobustStatistics.median(diffs)
        return max(1e-6, 1.4826 * RobustStatistics.mad(diffs, median: m) / 2.squareRoot())
    }

    static func run(_ z: [Double], alpha: Double, delta: Double, omega: Double, phi: Double, state initial: State, configuration c: ForecasterConfiguration)
        -> (sse: Double, state: State, residuals: [Double])
    {
        var s = initial
        var sse = 0.0
        var residuals = [Double]()
        residuals.reserveCapacity(z.count)
        let dp = c.dailyPeriod, wp = c.weeklyPeriod
        let weekly = s.weekly.count == wp
        for t in 0..<z.count {
            let predicted = s.level + s.daily[t % dp] + (weekly ? s.weekly[t % wp] : 0) + phi * s.lastError
            let e = z[t] - predicted
            sse += e * e
            residuals.append(e)
            let limit = c.clipSigma > 0 ? c.clipSigma * s.scale : .infinity
            let ec = min(limit, max(-limit, e))
            s.level += alpha * ec
            s.daily[t % dp] += delta * ec
            if weekly { s.weekly[t % wp] += omega * ec }
            s.scale = 0.98 * s.scale + 0.02 * abs(ec) * 1.2533
            s.lastError = e
        }
        return (sse, s, residuals)
    }
}
