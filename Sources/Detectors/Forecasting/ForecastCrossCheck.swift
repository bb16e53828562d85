/// Writes the forecasting backtest for the statsmodels cross-check (`.ci/crosscheck/forecast_statsmodels.py`):
/// the synthetic series, Vigil's forecasts with intervals, the seasonal-naive forecasts and Vigil's metrics.
///
/// Files in the directory:
/// - `series.csv` — `series,hour,time_ms,value,split` (split is `train` or `test`);
/// - `forecasts.csv` — `series,hour,actual,vigil,vigil_lower,vigil_upper,snaive24,snaive168`;
/// - `metrics.csv` — `series,model,mape,mase,mae,coverage95`;
/// - `meta.json` — split sizes, MASE seasonality, seed, and the fitted parameters per series.
public enum ForecastCrossCheck {
    /// Weeks of data per series.
    public static let weeks = 6
    /// Hours of training data (five weeks); the last week is the test period.
    public static let trainHours = 5 * 168

    /// One row of the comparison.
    public struct Row: Sendable, Hashable {
        public var series: String
        public var result: BacktestResult
    }

    /// Runs the backtests without writing anything.
    public static func backtests(seed: UInt64) throws(ForecastError) -> [Row] {
        var rows: [Row] = []
        for s in SyntheticVolumes.generate(seed: seed, weeks: weeks) {
            rows.append(Row(series: s.name, result: try Backtest.run(series: s.values, trainLength: trainHours)))
        }
        return rows
    }

    /// Writes the files to `directory` (created if needed) and returns a printable summary table.
    public static func write(to directory: String, seed: UInt64) throws -> String {
        let all = SyntheticVolumes.generate(seed: seed, weeks: weeks)
        var rows: [Row] = []
        for s in all { rows.append(Row(series: s.name, result: try Backtest.run(series: s.values, trainLength: trainHours))) }
        try TextFiles.makeDirectory(directory)

        var series = "series,hour,time_ms,value,split\n"
        for s in all {
            for (i, v) in s.values.enumerated() {
                series += "\(s.name),\(i),\(s.start + Int64(i) * 3_600_000),\(TextFiles.jsonNumber(v)),\(i < trainHours ? "train" : "test")\n"
            }
        }
        try TextFiles.write(series, to: TextFiles.join(directory, "series.csv"))

        var forecasts = "series,hour,actual,vigil,vigil_lower,vigil_upper,snaive24,snaive168\n"
        var metrics = "series,model,mape,mase,mae,coverage95\n"
        var meta = "{\"train_hours\":\(trainHours),\"test_hours\":168,\"mase_seasonality\":\(Backtest.maseSeasonality),\"seed\":\(seed),\"series\":["
        for (k, row) in rows.enumerated() {
            let r = row.result
            for i in 0..<r.horizon {
                let f = r.forecast[i]
                forecasts += "\(row.series),\(r.trainLength + i),\(TextFiles.jsonNumber(r.actual[i])),\(f.mean),\(f.lower),\(f.upper),"
                    + "\(TextFiles.jsonNumber(r.naiveDay[i])),\(TextFiles.jsonNumber(r.naiveWeek[i]))\n"
            }
            for (model, a, coverage) in [("vigil", r.vigil, r.coverage), ("snaive24", r.seasonalNaiveDay, Double.nan),
                                         ("snaive168", r.seasonalNaiveWeek, Double.nan)] {
                metrics += "\(row.series),\(model),\(a.mape),\(a.mase),\(a.mae),\(coverage.isNaN ? "" : String(coverage))\n"
            }
            let description = all[k].description
            meta += (k > 0 ? "," : "") + "{\"name\":\(TextFiles.jsonString(row.series)),\"description\":\(TextFiles.jsonString(description)),"
                + "\"transform\":\(TextFiles.jsonString(r.model.transform.rawValue)),\"alpha\":\(r.model.alpha),\"delta\":\(r.model.delta),"
                + "\"omega\":\(r.model.omega),\"holiday_hours\":[\(all[k].holidays.map(String.init).joined(separator: ","))]}"
        }
        meta += "]}\n"
        try TextFiles.write(forecasts, to: TextFiles.join(directory, "forecasts.csv"))
        try TextFiles.write(metrics, to: TextFiles.join(directory, "metrics.csv"))
        try TextFiles.write(meta, to: TextFiles.join(directory, "meta.json"))
        return summary(rows, directory: directory)
    }

    /// The table printed by `vigil crosscheck forecast`.
    public static func summary(_ rows: [Row], directory: String? = nil) -> String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func cell(_ a: ForecastAccuracy) -> String { pad(Format.number(a.mape, digits: 1) + "% / " + Format.number(a.mase, digits: 2), 17) }
        var out = "Forecast backtest: \(weeks) weeks hourly, train \(trainHours) h, test 168 h; MAPE / MASE (scaled by in-sample lag-24 naive)\n"
        out += pad("series", 16) + pad("Vigil HW", 17) + pad("seasonal naive 24", 19) + pad("seasonal naive 168", 19) + "Vigil 95% PI coverage\n"
        for row in rows {
            let r = row.result
            out += pad(row.series, 16) + cell(r.vigil) + "  " + cell(r.seasonalNaiveDay) + "  " + cell(r.seasonalNaiveWeek) + "  "
                + Format.percent(r.coverage) + "  (\(r.model.transform.rawValue), α=\(Format.number(r.model.alpha, digits: 3)) "
                + "δ=\(Format.number(r.model.delta, digits: 3)) ω=\(Format.number(r.model.omega, digits: 3)))\n"
        }
        if let directory { out += "Files written to \(directory); compare with statsmodels: .ci/crosscheck/forecast_statsmodels.py \(directory)\n" }
        return out
    }
}
