@testable import Evaluation
import Simulation
import Testing
import VigilCore

@Suite struct MatcherTests {
    static let h = EpochMillis.hour
    static let t0: EpochMillis = 1_790_812_800_000

    /// One campaign with two steps on different entities, one look-alike, and their labelled events.
    static func run(vigil: [AlertRecord] = []) -> SeedRun {
        let steps = [
            StepTruth(stage: "initial-access", technique: "T1078", entities: [EntityRef(.user, "alice")], start: t0 + 10 * h, end: t0 + 11 * h, events: 2),
            StepTruth(stage: "exfiltration", technique: "T1567", entities: [EntityRef(.host, "WS-1")], start: t0 + 50 * h, end: t0 + 52 * h, events: 1),
        ]
        let campaign = CampaignTruth(id: "C1", kind: "test", name: "test", entities: [EntityRef(.user, "alice"), EntityRef(.host, "WS-1")],
                                     steps: steps, start: t0 + 10 * h, end: t0 + 52 * h)
        let look = LookalikeTruth(id: "B1", kind: "business-travel", entities: [EntityRef(.user, "bob")], start: t0 + 20 * h, end: t0 + 30 * h)
        let truth: [String: GroundTruth] = ["m1": .malicious(campaign: 0, step: 0), "m2": .malicious(campaign: 0, step: 1),
                                            "b1": .benign(lookalike: 0)]
        return SeedRun(scenario: "test", seed: 1, users: 1000, start: t0, end: t0 + 10 * EpochMillis.day, evalStart: t0,
                       events: 100, campaigns: [campaign], lookalikes: [look], truth: truth, vigil: vigil, vigilFeedback: nil, rules: [], rulesTuned: [], peerRules: [],
                       signalsByDetector: [:], suppressed: 0, feedbackApplied: 0, peerReport: nil, firstAlertExamples: [])
    }

    static func alert(_ entity: EntityRef, _ t: EpochMillis, evidence: [String] = [], score: Double = 1) -> AlertRecord {
        AlertRecord(entity: entity, time: t, score: score, evidence: evidence, sources: ["x"], summary: "")
    }

    @Test func evidenceOverlapDetectsTheStepWhateverTheEntity() {
        let r = Self.run()
        let m = Matcher.match(Self.alert(EntityRef(.user, "someone-else"), Self.t0 + 200 * Self.h, evidence: ["m2"]),
                              truth: r.truth, campaigns: r.campaigns, lookalikes: r.lookalikes)
        #expect(m.campaigns == [0])
        #expect(m.steps.count == 1 && m.steps[0].step == 1)
    }

    @Test func entityAndWindowDetectTheStep() {
        let r = Self.run()
        func match(_ who: String, _ hours: Int64, _ window: MatchWindow = .strict) -> MatchResult {
            Matcher.match(Self.alert(EntityRef(.user, who), Self.t0 + hours * Self.h), truth: r.truth, campaigns: r.campaigns,
                          lookalikes: r.lookalikes, window: window)
        }
        // Step 0 runs from 10 h to 11 h. Within its span, and up to one hour after its last event: a detection.
        #expect(match("alice", 10).campaigns == [0])
        #expect(match("alice", 11).campaigns == [0])
        #expect(match("alice", 12).campaigns == [0])
        // Strict is the default.
        #expect(Matcher.match(Self.alert(EntityRef(.user, "alice"), Self.t0 + 12 * Self.h + 1), truth: r.truth, campaigns: r.campaigns,
                              lookalikes: r.lookalikes).campaigns.isEmpty)
        // Before the step's first event: not a detection under strict rules (lenient allows an hour before).
        #expect(Matcher.match(Self.alert(EntityRef(.user, "alice"), Self.t0 + 10 * Self.h - 1), truth: r.truth, campaigns: r.campaigns,
                              lookalikes: r.lookalikes).campaigns.isEmpty)
        #expect(match("alice", 9).campaigns.isEmpty)
        #expect(match("alice", 9, .lenient).campaigns == [0])
        // The right time but another entity.
        let other = match("carol", 10)
        #expect(other.campaigns.isEmpty && other.lookalike == nil)
    }

    @Test func entityMatchTwoHoursAfterTheStepIsOnlyALenientDetection() {
        let r = Self.run()
        let late = Self.alert(EntityRef(.user, "alice"), Self.t0 + 13 * Self.h) // step 0 ends at 11 h
        #expect(Matcher.match(late, truth: r.truth, campaigns: r.campaigns, lookalikes: r.lookalikes, window: .strict).campaigns.isEmpty)
        #expect(Matcher.match(late, truth: r.truth, campaigns: r.campaigns, lookalikes: r.lookalikes, window: .lenient).campaigns == [0])
        // Within a day after: lenient still; beyond a day: neither.
        let dayLater = Self.alert(EntityRef(.user, "alice"), Self.t0 + 30 * Self.h)
        #expect(Matcher.match(dayLater, truth: r.truth, campaigns: r.campaigns, lookalikes: r.lookalikes, window: .lenient).campaigns == [0])
        let tooLate = Self.alert(EntityRef(.user, "alice"), Self.t0 + 36 * Self.h)
        #expect(Matcher.match(tooLate, truth: r.truth, campaigns: r.campaigns, lookalikes: r.lookalikes, window: .lenient).campaigns.isEmpty)
        // Scored: the strict figures say missed and false; the lenient ones, beside them, say detected.
        let m = SystemMetrics.score([late], run: Self.run(vigil: [late]), budgets: [1])
        #expect(m.campaignRecall == 0)
        #expect(m.falsePositives == 1)
        #expect(m.campaigns[0].hoursToDetect == nil)
        #expect(m.lenient.campaignRecall == 1)
        #expect(m.lenient.falsePositives == 0)
        #expect(m.lenient.campaigns[0].hoursToDetect == 3)
    }

    @Test func lookalikeAttributionUsesTheStrictWindowToo() {
        let r = Self.run()
        // The look-alike runs from 20 h to 30 h.
        func look(_ hours: Int64, _ window: MatchWindow = .strict) -> Int? {
            Matcher.match(Self.alert(EntityRef(.user, "bob"), Self.t0 + hours * Self.h), truth: r.truth, campaigns: r.campaigns,
                          lookalikes: r.lookalikes, window: window).lookalike
        }
        #expect(look(31) == 0)
        #expect(look(33) == nil)
        #expect(look(33, .lenient) == 0)
        #expect(look(19) == nil)
        #expect(look(19, .lenient) == 0)
    }

    @Test func falseAlertsAreAttributedToLookalikes() {
        let r = Self.run()
        let byEntity = Matcher.match(Self.alert(EntityRef(.user, "bob"), Self.t0 + 25 * Self.h), truth: r.truth, campaigns: r.campaigns,
                                     lookalikes: r.lookalikes)
        #expect(byEntity.campaigns.isEmpty && byEntity.lookalike == 0)
        let byEvidence = Matcher.match(Self.alert(EntityRef(.user, "zed"), Self.t0 + 90 * Self.h, evidence: ["b1"]), truth: r.truth,
                                       campaigns: r.campaigns, lookalikes: r.lookalikes)
        #expect(byEvidence.lookalike == 0)
    }

    @Test func metricsCountRecallTimeToDetectAndFalseAlerts() throws {
        let alerts = [
            Self.alert(EntityRef(.user, "alice"), Self.t0 + 12 * Self.h, score: 3),       // detects step 0, 2 h after the start
            Self.alert(EntityRef(.user, "bob"), Self.t0 + 21 * Self.h, score: 2),         // look-alike
            Self.alert(EntityRef(.user, "dave"), Self.t0 + 22 * Self.h, score: 5),        // ordinary false alert
            Self.alert(EntityRef(.user, "erin"), Self.t0 + 5 * EpochMillis.day, score: 1), // ordinary false alert
        ]
        let r = Self.run(vigil: alerts)
        let m = SystemMetrics.score(alerts, run: r, budgets: [1, 2])
        #expect(m.alerts == 4)
        #expect(m.truePositives == 1)
        #expect(m.falsePositives == 3)
        #expect(m.campaignRecall == 1)
        #expect(m.stageRecall == 0.5)
        let c = try #require(m.campaigns.first)
        #expect(try #require(c.hoursToDetect) == 2)
        #expect(m.lookalikeAlerts == ["business-travel": 1])
        #expect(m.unlabelledFalseAlerts == 2)
        // 3 false alerts over 10 days for 1,000 users.
        #expect(abs(m.falsePerDayPer1000 - 0.3) < 1e-12)
        // Budget 1 per day per 1,000 users: the top alert of each day. Day 0 has three alerts, the best scored is
        // dave's (false); day 5 has erin's.
        #expect(m.budgets[0].alerts == 2)
        #expect(m.budgets[0].truePositives == 0)
        #expect(m.budgets[1].alerts == 3)
        #expect(m.budgets[1].truePositives == 1)
        #expect(m.budgets[1].campaignsDetected == 1)
    }

    @Test func rocAUCOfKnownRankings() {
        #expect(IsolationForestCrossCheck.rocAUC(scores: [0.1, 0.2, 0.8, 0.9], labels: [0, 0, 1, 1]) == 1)
        #expect(IsolationForestCrossCheck.rocAUC(scores: [0.9, 0.8, 0.2, 0.1], labels: [0, 0, 1, 1]) == 0)
        #expect(IsolationForestCrossCheck.rocAUC(scores: [0.5, 0.5, 0.5, 0.5], labels: [0, 1, 0, 1]) == 0.5)
        // One positive ranked above two of three negatives.
        #expect(abs(IsolationForestCrossCheck.rocAUC(scores: [0.1, 0.3, 0.6, 0.4], labels: [0, 0, 0, 1]) - 2.0 / 3.0) < 1e-12)
    }
}
