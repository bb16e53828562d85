import Analytics
import Simulation
import Triage
import VigilCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the isolation forest's entity-day feature vectors, with labels, Swift scores and Swift timing, so that
/// `.ci/crosscheck/iforest_sklearn.py` can fit scikit-learn's `IsolationForest` on the same data and compare.
///
/// The vectors come from a simulated `campaign` run (500 users, 30 days) replayed through the analytics. Windows of
/// the learning days are the training set (no attacks happen then); later windows are the test set, labelled 1
/// when the entity did something malicious that day.
public enum IsolationForestCrossCheck {
    /// Forest parameters shared with the Python side.
    public static let trees = 100
    public static let sampleSize = 256

    /// Writes `features.csv` and `swift.json` into `directory` (created if needed) and returns a one-paragraph summary.
    public static func write(to directory: String, seed: UInt64) throws -> String {
        try write(to: directory, seed: seed, config: EvaluationConfig())
    }

    /// - Parameter analytics: the model's settings (a cross-check of the model alone, not of the product's pipeline).
    static func write(to directory: String, seed: UInt64, config: EvaluationConfig,
                      analytics analyticsSettings: AnalyticsConfiguration = AnalyticsConfiguration()) throws -> String {
        let sim: Simulator
        do {
            sim = try Simulator(config: SimulationConfig(users: config.users, days: config.days, seed: seed, scenario: "campaign", outputs: []))
        } catch {
            throw EvaluationError.simulation(error.description)
        }
        var analyticsConfig = analyticsSettings
        analyticsConfig.learningDays = config.warmupDays
        // The model alone (no pseudonyms, no detectors), with the context the simulated HR system exports.
        let context = (try? DirectoryFile.parse(sim.directoryJSON())) ?? DirectoryFile()
        var analytics = BehaviouralAnalytics(
            configuration: analyticsConfig,
            directory: EntityDirectory(users: context.users, hosts: context.hosts, defaultTimeZone: context.defaultTimeZone ?? .utc),
            sites: context.sites)
        analytics.recordWindows = true
        var malicious = Set<String>()
        for hour in sim.hours() {
            for s in hour.events {
                if let t = s.truth, t.isMalicious, let entity = BehaviouralAnalytics.entity(of: s.event) {
                    malicious.insert(entity.description + "@" + String(CivilDayKey.day(s.event.time)))
                }
                _ = analytics.ingest(s.event)
            }
        }
        _ = analytics.advanceTime(to: sim.config.end)
        let firstDay = Int(CivilDayKey.day(sim.config.start))
        let windows = analytics.closedWindows
        let train = windows.filter { $0.day < firstDay + config.warmupDays }
        let test = windows.filter { $0.day >= firstDay + config.warmupDays }
        guard train.count >= 16, !test.isEmpty else { throw EvaluationError.invalid("too few windows for the cross-check") }

        let t0 = monotonicSeconds()
        let forest = IsolationForest(rows: train.map(\.features), trees: trees, sampleSize: sampleSize, seed: seed)
        let t1 = monotonicSeconds()
        let scores = test.map { forest.score($0.features) }
        let t2 = monotonicSeconds()
        let labels = test.map { malicious.contains($0.entity.description + "@" + String($0.day)) ? 1 : 0 }
        let auc = rocAUC(scores: scores, labels: labels)

        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw EvaluationError.io("cannot create \(directory)") }
        var csv = "split,label,entity,day," + BehaviouralAnalytics.windowFeatureNames.joined(separator: ",") + ",swift_score\n"
        for w in train {
            csv += "train,0,\(csvField(w.entity.description)),\(w.day)," + w.features.map { String($0) }.joined(separator: ",") + ",\n"
        }
        for (i, w) in test.enumerated() {
            csv += "test,\(labels[i]),\(csvField(w.entity.description)),\(w.day)," + w.features.map { String($0) }.joined(separator: ",")
                + "," + String(scores[i]) + "\n"
        }
        try writeFile(directory + "/features.csv", csv)
        let json = JSONValue.fields([
            ("seed", .double(Double(seed))), ("trees", .double(Double(trees))), ("sample_size", .double(Double(sampleSize))),
            ("train_rows", .double(Double(train.count))), ("test_rows", .double(Double(test.count))),
            ("positives", .double(Double(labels.reduce(0, +)))), ("auc", .double(auc)),
            ("fit_seconds", .double(t1 - t0)), ("score_seconds", .double(t2 - t1)),
        ])
        try writeFile(directory + "/swift.json", json.prettyText)
        return "Isolation forest cross-check data in \(directory): \(train.count) training and \(test.count) test entity-days "
            + "(\(labels.reduce(0, +)) malicious); Swift AUC \(Analytics.Format.decimal(auc, 3)), fit \(Analytics.Format.decimal((t1 - t0) * 1000, 1)) ms, "
            + "score \(Analytics.Format.decimal((t2 - t1) * 1000, 1)) ms. Run .ci/crosscheck/iforest_sklearn.py \(directory) for scikit-learn."
    }

    /// Area under the ROC curve (Mann–Whitney U with mid-ranks for ties).
    public static func rocAUC(scores: [Double], labels: [Int]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let mid = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = mid }
            i = j + 1
        }
        let pos = labels.reduce(0, +), neg = labels.count - pos
        guard pos > 0, neg > 0 else { return 0.5 }
        var sum = 0.0
        for (k, l) in labels.enumerated() where l == 1 { sum += ranks[k] }
        return (sum - Double(pos) * Double(pos + 1) / 2) / (Double(pos) * Double(neg))
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacing("\"", with: "\"\"") + "\"" : s
    }

    static func writeFile(_ path: String, _ text: String) throws {
        guard let f = fopen(path, "wb") else { throw EvaluationError.io("cannot write \(path)") }
        defer { fclose(f) }
        let bytes = Array(text.utf8)
        guard fwrite(bytes, 1, bytes.count, f) == bytes.count else { throw EvaluationError.io("short write to \(path)") }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
