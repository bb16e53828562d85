@testable import Evaluation
import Simulation
import Testing
import VigilCore

/// Scoring on hand-built runs: no simulation. The run is ``MatcherTests/run(vigil:)``: campaign C1 with step 0
/// (initial-access, alice, 10 h–11 h) and step 1 (exfiltration, WS-1, 50 h–52 h), and a business-travel look-alike
/// (bob, 20 h–30 h), 1,000 users over 10 days.
@Suite struct MetricsTests {
    static let h = EpochMillis.hour
    static let t0 = MatcherTests.t0
    static let alice = EntityRef(.user, "alice"), ws1 = EntityRef(.host, "WS-1"), bob = EntityRef(.user, "bob")

    static func alert(_ e: EntityRef, _ hours: Double, evidence: [String] = [], score: Double = 1) -> AlertRecord {
        MatcherTests.alert(e, t0 + EpochMillis(hours * 3_600_000), evidence: evidence, score: score)
    }

    @Test("a campaign's raise and growth are one item; purity and entity coverage come from the entities it names")
    func campaignItems() throws {
        var raised = Self.alert(Self.alice, 10.5)
        raised.item = "camp-1"
        raised.entities = [Self.alice]
        var grown = Self.alert(Self.ws1, 51)
        grown.item = "camp-1"
        grown.entities = [Self.alice, Self.ws1, EntityRef(.host, "UNRELATED-1"), EntityRef(.host, "UNRELATED-2")]
        var other = Self.alert(EntityRef(.user, "carol"), 80)
        other.item = "camp-2"
        let m = SystemMetrics.score([raised, grown, other], run: MatcherTests.run(), budgets: [1])
        #expect(m.alerts == 2, "two items")
        #expect(m.emissions == 3)
        #expect(m.truePositives == 1)
        #expect(m.falsePositives == 1)
        #expect(m.campaignFragmentation == 1)
        #expect(m.campaignPurity == 0.5, "two of the four users and hosts it names belong to the campaign")
        #expect(m.campaignEntityCoverage == 1)
        #expect(m.stageRecall == 1)
        // The same alerts as separate items (no campaign): the true campaign reaches the analyst in two pieces.
        let split = SystemMetrics.score([Self.alert(Self.alice, 10.5), Self.alert(Self.ws1, 51)], run: MatcherTests.run(), budgets: [1])
        #expect(split.campaignFragmentation == 2)
    }

    @Test func evidenceMatchDetectsAndTimesTheStep() throws {
        let a = Self.alert(EntityRef(.user, "someone-else"), 12, evidence: ["m1"])
        let m = SystemMetrics.score([a], run: MatcherTests.run(vigil: [a]), budgets: [1])
        #expect(m.truePositives == 1)
        let c = try #require(m.campaigns.first)
        #expect(c.detected)
        #expect(c.stages.map(\.detected) == [true, false])
        #expect(c.hoursToDetect == 2)
    }

    @Test func aFindingBeforeTheAttackIsAPreAttackFindingNotAZeroHourDetection() throws {
        // Five hours before the first malicious event (10 h), about the victim.
        let early = Self.alert(Self.alice, 5, score: 9)
        var m = SystemMetrics.score([early], run: MatcherTests.run(vigil: [early]), budgets: [1])
        var c = try #require(m.campaigns.first)
        #expect(!c.detected)
        #expect(c.hoursToDetect == nil)
        #expect(c.preAttackFindings == 1)
        #expect(m.preAttackFindings == 1)
        #expect(m.falsePositives == 1)
        #expect(m.campaignRecall == 0)
        // Leniently it would have counted as a detection had it been within the hour before; at 5 h before it is not.
        #expect(m.lenient.campaignRecall == 0)

        // With a later strict detection, time to detect is taken from that one, not clamped from the early one.
        let later = Self.alert(Self.alice, 10.5)
        m = SystemMetrics.score([early, later], run: MatcherTests.run(vigil: [early, later]), budgets: [1])
        c = try #require(m.campaigns.first)
        #expect(c.detected)
        #expect(c.hoursToDetect == 0.5)
        #expect(c.preAttackFindings == 1)
        #expect(c.findings == 1)

        // More than seven days before: neither a detection nor a pre-attack finding.
        var run = MatcherTests.run()
        run.campaigns[0].start += 10 * EpochMillis.day
        let old = Self.alert(Self.alice, 5)
        m = SystemMetrics.score([old], run: run, budgets: [1])
        #expect(m.campaigns[0].preAttackFindings == 0)
    }

    @Test func hoursToDetectAreSignedFromTheFirstStrictlyMatchingFinding() throws {
        // 13 h: two hours after step 0 ends, only a lenient match. 51 h: inside step 1 (the last stage).
        let alerts = [Self.alert(Self.alice, 13), Self.alert(Self.ws1, 51)]
        let m = SystemMetrics.score(alerts, run: MatcherTests.run(vigil: alerts), budgets: [1])
        let c = try #require(m.campaigns.first)
        #expect(c.hoursToDetect == 41)
        #expect(c.hoursToCompleteStory == 41)
        #expect(c.stages.map(\.detected) == [false, true])
        #expect(m.lenient.campaigns[0].hoursToDetect == 3)
        #expect(m.lenient.campaigns[0].hoursToCompleteStory == 41)
        #expect(m.campaignFragmentation == 1)

        // A labelled step that precedes the first malicious event (a logging gap, say): detecting it is a detection
        // before the first malicious event, and the time is negative, not 0.
        var run = MatcherTests.run()
        run.campaigns[0].steps[0].start = Self.t0 + 8 * Self.h
        let gap = Self.alert(Self.alice, 8)
        let g = SystemMetrics.score([gap], run: run, budgets: [1])
        #expect(g.campaigns[0].hoursToDetect == -2)
        #expect(g.campaigns[0].hoursToCompleteStory == nil)
        #expect(g.campaigns[0].preAttackFindings == 0)
    }

    @Test func precisionAtBudgetTakesTheTopFindingsOfEachDay() {
        // 1,000 users: budget 1 takes the best finding of each day, budget 5 the best five.
        var alerts = [Self.alert(Self.alice, 10.5, score: 10)] // true, day 0
        for i in 0..<6 { alerts.append(Self.alert(EntityRef(.user, "u\(i)"), 2 + Double(i), score: Double(i))) } // false, day 0
        alerts.append(Self.alert(EntityRef(.user, "x"), 30, score: 1)) // false, day 1
        let m = SystemMetrics.score(alerts, run: MatcherTests.run(vigil: alerts), budgets: [1, 5])
        #expect(m.budgets[0].alerts == 2)
        #expect(m.budgets[0].truePositives == 1)
        #expect(m.budgets[0].precision == 0.5)
        #expect(m.budgets[0].campaignsDetected == 1)
        #expect(m.budgets[1].alerts == 6)
        #expect(m.budgets[1].truePositives == 1)
        #expect(abs(m.budgets[1].precision - 1.0 / 6) < 1e-12)
    }

    @Test func falseFindingsAreCountedByLookalikeKind() {
        var run = MatcherTests.run()
        run.lookalikes.append(LookalikeTruth(id: "B2", kind: "maintenance-window", entities: [EntityRef(.host, "SRV-9")],
                                            start: Self.t0 + 60 * Self.h, end: Self.t0 + 62 * Self.h))
        let alerts = [
            Self.alert(Self.bob, 25), // travel, by entity and window
            Self.alert(Self.bob, 30.5), // travel, within the hour after
            Self.alert(Self.bob, 32), // two hours after: ordinary (lenient: travel)
            Self.alert(EntityRef(.host, "SRV-9"), 61), // maintenance
            Self.alert(EntityRef(.user, "zed"), 90, evidence: ["b1"]), // travel, by evidence
        ]
        run.vigil = alerts
        let m = SystemMetrics.score(alerts, run: run, budgets: [1])
        #expect(m.lookalikeAlerts == ["business-travel": 3, "maintenance-window": 1])
        #expect(m.unlabelledFalseAlerts == 1)
        #expect(m.lenient.lookalikeAlerts == ["business-travel": 4, "maintenance-window": 1])
    }

    /// A report over two seeds of a hand-built scenario.
    static func report(vigilDetects: Bool) -> EvaluationReport {
        let hit = Self.alert(Self.alice, 10.5), miss = Self.alert(EntityRef(.user, "nobody"), 10.5)
        let vigil = [vigilDetects ? hit : miss]
        let rules = [hit, Self.alert(Self.bob, 25), Self.alert(EntityRef(.user, "dave"), 40), Self.alert(EntityRef(.user, "erin"), 70)]
        let run = MatcherTests.run(vigil: vigil)
        func result(_ seed: UInt64) -> SeedResult {
            SeedResult(scenario: "test", seed: seed, users: 1000, events: 100, evaluatedDays: 10,
                       vigil: SystemMetrics.score(vigil, run: run, budgets: [1, 5]), vigilWithFeedback: nil,
                       rules: SystemMetrics.score(rules, run: run, budgets: [1, 5]),
                       rulesTuned: SystemMetrics.score(Array(rules.prefix(2)), run: run, budgets: [1, 5]),
                       signalsByDetector: [:], feedbackApplied: 0, suppressedSignals: 0, peerGroups: nil, exampleAlerts: [])
        }
        return EvaluationReport(config: EvaluationConfig(scenario: "test", seeds: [1, 2]), results: [result(1), result(2)])
    }

    @Test func requiredJSONKeysExistAtTheirPaths() throws {
        let json = try JSONValue.parse(Self.report(vigilDetects: true).json)
        let vigil = try #require(json["all"]?["vigil"])
        // Kept where they have always been.
        #expect(vigil["campaign_recall"]?["mean"]?.doubleValue == 1)
        #expect(vigil["false_alerts_per_day_per_1000"]?["mean"]?.doubleValue == 0)
        #expect(vigil["false_positive_reduction_vs_rules"]?.doubleValue == 1)
        #expect(vigil["false_positive_reduction_vs_tuned_rules"]?.doubleValue == 1)
        // New beside them.
        #expect(vigil["false_positive_reduction_vs_rules_at_equal_recall"] == .bool(true))
        #expect(vigil["false_positive_reduction_vs_tuned_rules_at_equal_recall"] == .bool(true))
        #expect(vigil["stage_recall"]?["mean"]?.doubleValue == 0.5)
        #expect(vigil["hours_to_detect"]?["mean"]?.doubleValue == 0.5)
        #expect(vigil["hours_to_detect"]?["n"]?.doubleValue == 2)
        #expect(vigil["hours_to_complete_story"]?["n"]?.doubleValue == 0)
        #expect(vigil["hours_to_complete_story"]?["mean"] == .null)
        #expect(vigil["pre_attack_findings"]?["mean"]?.doubleValue == 0)
        #expect(vigil["findings_per_day_per_1000"]?["mean"]?.doubleValue == 0.1)
        #expect(vigil["false_findings_per_day_per_1000"]?["mean"]?.doubleValue == 0)
        #expect(vigil["precision_at_budget"]?.arrayValue?.count == 2)
        #expect(vigil["precision_at_budget"]?.arrayValue?[1]["budget"]?.doubleValue == 5)
        #expect(vigil["precision_at_budget"]?.arrayValue?[0]["precision"]?["mean"]?.doubleValue == 1)
        #expect(vigil["false_findings_by_lookalike"] != nil)
        #expect(vigil["campaign_fragmentation"]?["mean"]?.doubleValue == 1)
        #expect(vigil["campaign_purity"]?["mean"]?.doubleValue == 1)
        #expect(vigil["campaign_entity_coverage"]?["mean"]?.doubleValue == 0.5)
        #expect(vigil["unrelated_campaigns_per_day_per_1000"]?["mean"]?.doubleValue == 0)
        #expect(vigil["peer_correlation"] != nil)
        #expect(vigil["lenient"]?["campaign_recall"]?["mean"]?.doubleValue == 1)
        #expect(vigil["lenient"]?["window"]?.stringValue == "1 h before to 24 h after")
        #expect(vigil["lenient"]?["false_positive_reduction_vs_rules"]?.doubleValue != nil)
        let rules = try #require(json["all"]?["rules"])
        #expect(rules["false_findings_by_lookalike"]?["business-travel"]?["mean"]?.doubleValue == 1)
        #expect(rules["false_findings_unlabelled"]?["mean"]?.doubleValue == 2)
        #expect(rules["false_positive_reduction_vs_rules"] == .null)
        #expect(rules["false_positive_reduction_vs_rules_at_equal_recall"] == .null)
        #expect(json["scenarios"]?["test"]?["summary"]?["vigil"]?["campaign_recall"]?["mean"]?.doubleValue == 1)
        #expect(json["scenarios"]?["test"]?["seeds"]?.arrayValue?[0]["vigil"]?["pre_attack_findings"]?.doubleValue == 0)
        #expect(json["config"]?["matching"]?.stringValue == "strict")
    }

    @Test func aReductionAtLowerRecallIsFlaggedAndSaid() throws {
        let report = Self.report(vigilDetects: false)
        let json = try JSONValue.parse(report.json)
        let vigil = try #require(json["all"]?["vigil"])
        #expect(vigil["campaign_recall"]?["mean"]?.doubleValue == 0)
        #expect(vigil["false_positive_reduction_vs_rules_at_equal_recall"] == .bool(false))
        #expect(vigil["false_positive_reduction_vs_tuned_rules_at_equal_recall"] == .bool(false))
        #expect(vigil["campaign_fragmentation"] == .null)
        #expect(report.text.contains("recall below theirs"))
        #expect(report.text.contains("Lenient matching (1 h before to 24 h after)"))
        #expect(Self.report(vigilDetects: true).text.contains("at equal or better recall"))
    }
}
