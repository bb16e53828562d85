import Analytics
import Dispatch
@testable import Evaluation
import Testing
import VigilCore

#if canImport(Glibc)
import Glibc
#endif

@Suite struct EvaluationRunTests {
    /// A small organisation over twelve days (attacks start on day 3, after three learning days).
    var tiny: EvaluationConfig {
        let c = EvaluationConfig(scenario: "credential-compromise", seeds: [1000], users: 40, days: 12, warmupDays: 3,
                                 budgets: [5], simulateFeedback: true, useDirectory: false, includeDetectors: true)
        return c
    }

    @Test func runsEndToEndAndReportsBothSystems() async throws {
        let c = tiny
        let report = try await offThePool { try Evaluation.run(config: c) }
        #expect(report.results.count == 1)
        let r = try #require(report.results.first)
        #expect(r.events > 1_000)
        #expect(r.vigil.campaigns.count == 1)
        #expect(r.rules.campaigns.count == 1)
        #expect(r.vigilWithFeedback != nil)
        #expect(r.vigil.budgets.count == 1)
        // Every alert's share of true and false adds up.
        #expect(r.vigil.truePositives + r.vigil.falsePositives == r.vigil.alerts)
        #expect(report.text.contains("| Vigil |"))
        #expect(report.text.contains("QRadar-style rules"))
        let json = try JSONValue.parse(report.json)
        #expect(json["scenarios"]?["credential-compromise"]?["summary"]?["vigil"]?["campaign_recall"]?["mean"]?.doubleValue != nil)
    }

    @Test func deterministicForASeed() async throws {
        var c = tiny
        c.simulateFeedback = false
        c.includeDetectors = false
        let fixed = c
        let a = try await offThePool { try Evaluation.run(config: fixed) }, b = try await offThePool { try Evaluation.run(config: fixed) }
        #expect(a.json == b.json)
    }

    @Test func curvesRerunPerValueAndReportEverySystem() async throws {
        var c = tiny
        c.simulateFeedback = false
        let curveConfig = c
        let curves = try await offThePool { try Evaluation.curves(config: curveConfig, stealthValues: [0, 1], intensityValues: [2]) }
        #expect(curves.stealth.map(\.value) == [0, 1])
        #expect(curves.intensity.map(\.value) == [2])
        #expect(curves.stealth[0].systems.map(\.key) == ["rules", "rules_tuned", "vigil"])
        // A point is the plain evaluation at that value.
        var same = c
        same.stealth = 1
        let sameConfig = same
        let atOne = try await offThePool { try Evaluation.run(config: sameConfig) }
        #expect(curves.stealth[1].systems[2].campaignRecall.mean == atOne.results[0].vigil.campaignRecall)
        #expect(curves.stealth[1].systems[2].falseFindingsPerDayPer1000.mean == atOne.results[0].vigil.falsePerDayPer1000)
        let json = try JSONValue.parse(atOne.json(curves: curves))
        #expect(json["all"]?["vigil"]?["campaign_recall"]?["mean"]?.doubleValue != nil)
        #expect(json["curves"]?["stealth"]?.arrayValue?.count == 2)
        #expect(json["curves"]?["intensity"]?.arrayValue?[0]["value"]?.doubleValue == 2)
        #expect(json["curves"]?["stealth"]?.arrayValue?[0]["vigil"]?["campaign_recall"]?["mean"]?.doubleValue != nil)
        #expect(json["curves"]?["stealth"]?.arrayValue?[0]["rules"]?["false_findings_per_day_per_1000"]?["mean"]?.doubleValue != nil)
        let text = atOne.text(curves: curves)
        #expect(text.contains("### Over stealth"))
        #expect(text.contains("| 1.00 | Vigil |"))
        #expect(throws: EvaluationError.self) { try Evaluation.curves(config: c, stealthValues: [1.5], intensityValues: []) }
        #expect(throws: EvaluationError.self) { try Evaluation.curves(config: c, stealthValues: [], intensityValues: [0]) }
    }

    @Test func rejectsBadConfigurations() {
        var c = tiny
        c.scenario = "no-such-scenario"
        #expect(throws: EvaluationError.self) { try Evaluation.run(config: c) }
        c = tiny
        c.warmupDays = 12
        #expect(throws: EvaluationError.self) { try Evaluation.run(config: c) }
        c = tiny
        c.seeds = []
        #expect(throws: EvaluationError.self) { try Evaluation.run(config: c) }
    }

    @Test func crossCheckWritesFeaturesAndTiming() async throws {
        let dir = "/tmp/vigil-crosscheck-test-\(getpid())"
        var model = AnalyticsConfiguration()
        model.peerGroupRange = 2...4
        model.calibrationStartDay = 1
        let c = tiny, m = model
        let summary = try await offThePool { try IsolationForestCrossCheck.write(to: dir, seed: 1000, config: c, analytics: m) }
        #expect(summary.contains("AUC"))
        let csv = try #require(TextFile.read(dir + "/features.csv"))
        let lines = csv.split(separator: "\n")
        #expect(lines.first?.hasPrefix("split,label,entity,day,events,") == true)
        #expect(lines.contains { $0.hasPrefix("train,") } && lines.contains { $0.hasPrefix("test,") })
        let json = try JSONValue.parse(try #require(TextFile.read(dir + "/swift.json")))
        #expect(json["trees"]?.doubleValue == 100)
        #expect(json["fit_seconds"]?.doubleValue != nil)
        _ = unlink(dir + "/features.csv")
        _ = unlink(dir + "/swift.json")
        _ = rmdir(dir)
    }
}

/// Runs CPU-bound work on a dispatch queue, off Swift's cooperative pool: on a 2-core machine that pool has two
/// threads, and a minute-long synchronous evaluation on them starves every other suite's async waits (timeouts in
/// the syslog and client tests).
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
