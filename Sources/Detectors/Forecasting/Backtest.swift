/// Forecast error on a test period.
public struct ForecastAccuracy: Sendable, Hashable {
    /// Mean absolute percentage error, in percent, over test points whose actual value is not zero.
    public var mape: Double
    /// Mean absolute scaled error: test MAE over the in-sample MAE of the seasonal-naive forecast at
    /// ``Backtest/maseSeasonality`` (Hyndman & Koehler 2006). Below 1 beats that naive forecast in-sample.
    public var mase: Double
    /// Mean absolute error.
    public var mae: Double
}

/// The result of one train/test split.
public struct BacktestResult: Sendable, Hashable {
    public var trainLength: Int
    public var horizon: Int
    /// Vigil's double-seasonal Holt-Winters.
    public var vigil: ForecastAccuracy
    /// Seasonal naive: the same hour yesterday.
    public var seasonalNaiveDay: ForecastAccuracy
    /// Seasonal naive: the same hour last week.
    public var seasonalNaiveWeek: ForecastAccuracy
    /// Share of test values inside Vigil's prediction interval.
    public var coverage: Double
    public var actual: [Double]
    public var forecast: [ForecastPoint]
    public var naiveDay: [Double]
    public var naiveWeek: [Double]
    public var model: DoubleSeasonalModel
}

/// Splits a series into train and test, fits on train, forecasts the test period and scores the forecasts
/// against seasonal-naive baselines.
public enum Backtest {
    /// Seasonality of the naive forecast that scales MASE (24 for hourly data: the same hour the day before).
    public static let maseSeasonality = 24

    public static func run(series: [Double], trainLength: Int, horizon: Int? = nil,
                           configuration: ForecasterConfiguration = ForecasterConfiguration()) throws(ForecastError) -> BacktestResult {
        let train = Array(series.prefix(max(0, trainLength)))
        let h = min(horizon ?? (series.count - train.count), series.count - train.count)
        let actual = Array(series.dropFirst(train.count).prefix(max(0, h)))
        let model = try Forecaster.fit(train, configuration: configuration)
        let forecast = model.forecast(horizon: actual.count)
        let day = seasonalNaive(train, horizon: actual.count, lag: configuration.dailyPeriod)
        let week = seasonalNaive(train, horizon: actual.count, lag: configuration.weeklyPeriod)
        let inside = zip(actual, forecast).filter { $0 >= $1.lower && $0 <= $1.upper }.count
        return BacktestResult(
            trainLength: train.count, horizon: actual.count,
            vigil: accuracy(actual: actual, forecast: forecast.map(\.mean), training: train),
            seasonalNaiveDay: accuracy(actual: actual, forecast: day, training: train),
            seasonalNaiveWeek: accuracy(actual: actual, forecast: week, training: train),
            coverage: actual.isEmpty ? .nan : Double(inside) / Double(actual.count),
            actual: actual, forecast: forecast, naiveDay: day, naiveWeek: week, model: model)
    }

    /// Repeats the last `lag` training values over the horizon.
    public static func seasonalNaive(_ training: [Double], horizon: Int, lag: Int) -> [Double] {
        guard lag > 0, training.count >= lag else { return [Double](repeating: training.last ?? 0, count: horizon) }
        let base = training.count - lag
        return (0..<horizon).map { training[base + $0 % lag] }
    }

    public static func accuracy(actual: [Double], forecast: [Double], training: [Double]) -> ForecastAccuracy {
        ForecastAccuracy(mape: mape(actual: actual, forecast: forecast), mase: mase(actual: actual, forecast: forecast, training: training),
                         mae: mae(actual: actual, forecast: forecast))
    }

    public static func mae(actual: [Double], forecast: [Double]) -> Double {
        let n = min(actual.count, forecast.count)
        guard n > 0 else { return .nan }
        var s = 0.0
        for i in 0..<n { s += abs(actual[i] - forecast[i]) }
        return s / Double(n)
    }

    public static func mape(actual: [Double], forecast: [Double]) -> Double {
        var s = 0.0, n = 0
        for i in 0..<min(actual.count, forecast.count) where actual[i] != 0 {
            s += abs((actual[i] - forecast[i]) / actual[i])
            n += 1
        }
        return n > 0 ? 100 * s / Double(n) : .nan
    }

    public static func mase(actual: [Double], forecast: [Double], training: [Double], seasonality m: Int = maseSeasonality) -> Double {
        guard training.count > m else { return .nan }
        var scale = 0.0
        for t in m..<training.count { scale += abs(training[t] - training[t - m]) }
        scale /= Double(training.count - m)
        guard scale > 0 else { return .nan }
        return mae(actual: actual, forecast: forecast) / scale
    }
}
