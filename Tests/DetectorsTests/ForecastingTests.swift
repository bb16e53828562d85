import Testing
import VigilCore

@testable import Detectors

@Suite("Forecasting")
struct ForecastingTests {
    /// A noiseless series with a daily and a weekly pattern.
    static func clean(weeks: Int) -> [Double] {
        (0..<(weeks * 168)).map { t in
            let h = Double(t % 24), dayOfWeek = (t / 24) % 7
            let daily = 100 + 60 * sin(2 * .pi * (h - 6) / 24)
            return dayOfWeek >= 5 ? daily * 0.4 : daily
        }
    }

    @Test("a clean double-seasonal series is forecast almost exactly, with a covering interval")
    func cleanSeries() throws {
        let series = Self.clean(weeks: 5)
        let train = Array(series.prefix(4 * 168)), test = Array(series.suffix(168))
        let model = try Forecaster.fit(train)
        let forecast = model.forecast(horizon: 168)
        #expect(Backtest.mape(actual: test, forecast: forecast.map(\.mean)) < 2)
        #expect(forecast.allSatisfy { $0.lower <= $0.mean && $0.mean <= $0.upper })
        // Intervals widen with the horizon.
        #expect(forecast[167].upper - forecast[167].lower >= forecast[0].upper - forecast[0].lower)
    }

    @Test("fits are deterministic")
    func deterministic() throws {
        let s = SyntheticVolumes.generate(seed: 3, weeks: 4)[0].values
        let a = try Forecaster.fit(s), b = try Forecaster.fit(s)
        #expect(a.alpha == b.alpha && a.delta == b.delta && a.omega == b.omega && a.phi == b.phi && a.transform == b.transform)
        #expect(a.forecast(horizon: 24) == b.forecast(horizon: 24))
    }

    @Test("bad input is an error, not a crash")
    func badInput() {
        #expect(throws: ForecastError.tooShort(count: 10, needed: 48)) { try Forecaster.fit([Double](repeating: 1, count: 10)) }
        var s = Self.clean(weeks: 3)
        s[5] = .nan
        #expect(throws: ForecastError.invalidValue(index: 5)) { try Forecaster.fit(s) }
    }

    @Test("MAPE and MASE follow their definitions")
    func metrics() {
        let actual: [Double] = [10, 0, 20, 40]
        let forecast: [Double] = [12, 1, 15, 40]
        // MAPE skips the zero actual: (0.2 + 0.25 + 0) / 3.
        #expect(abs(Backtest.mape(actual: actual, forecast: forecast) - 100 * 0.45 / 3) < 1e-9)
        // MASE: test MAE 2 over the in-sample lag-2 naive MAE of [1, 2, 4, 8, 16]: (3 + 6 + 12) / 3 = 7.
        #expect(abs(Backtest.mase(actual: actual, forecast: forecast, training: [1, 2, 4, 8, 16], seasonality: 2) - 2.0 / 7) < 1e-9)
        #expect(Backtest.seasonalNaive([1, 2, 3, 4, 5], horizon: 4, lag: 2) == [4, 5, 4, 5])
    }

    @Test("on the synthetic log volumes the model beats seasonal naive of the same hour yesterday")
    func backtest() throws {
        let series = SyntheticVolumes.generate(seed: 42)
        #expect(series.count >= 5)
        #expect(series.allSatisfy { $0.values.count == 6 * 168 && $0.values.allSatisfy { $0 >= 0 } })
        #expect(series.allSatisfy { !$0.holidays.isEmpty })
        for s in series.prefix(3) {
            let r = try Backtest.run(series: s.values, trainLength: 5 * 168)
            #expect(r.horizon == 168)
            #expect(r.vigil.mase < r.seasonalNaiveDay.mase, "\(s.name): weekly seasonality beats yesterday's values")
            #expect(r.coverage > 0.5)
        }
    }

    @Test("the synthetic series are deterministic for a seed and differ between seeds")
    func synthetic() {
        #expect(SyntheticVolumes.generate(seed: 1) == SyntheticVolumes.generate(seed: 1))
        #expect(SyntheticVolumes.generate(seed: 1)[0].values != SyntheticVolumes.generate(seed: 2)[0].values)
    }

    @Test("the cross-check output is written for statsmodels")
    func crossCheckFiles() throws {
        let dir = "/tmp/vigil-detectors-test-\(getpid())-forecast"
        defer { removeFiles(dir, ["series.csv", "forecasts.csv", "metrics.csv", "meta.json"]) }
        let summary = try ForecastCrossCheck.write(to: dir, seed: 5)
        #expect(summary.contains("dc-security") && summary.contains("seasonal naive 168"))
        let series = try #require(readText(dir + "/series.csv"))
        #expect(series.hasPrefix("series,hour,time_ms,value,split\n"))
        #expect(series.split(separator: "\n").count == 1 + 6 * 6 * 168)
        let forecasts = try #require(readText(dir + "/forecasts.csv"))
        #expect(forecasts.split(separator: "\n").count == 1 + 6 * 168)
        let meta = try #require(readText(dir + "/meta.json"))
        #expect(meta.contains("\"train_hours\":840"))
    }
}

/// Removes the files a test wrote and their directory.
func removeFiles(_ dir: String, _ names: [String]) {
    for n in names { unlink(dir + "/" + n) }
    rmdir(dir)
}

/// Reads a small text file with libc (tests only).
func readText(_ path: String) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
