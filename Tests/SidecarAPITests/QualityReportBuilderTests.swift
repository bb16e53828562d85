import Governance
import SidecarAPI
import Testing
import VigilCore

@Suite struct QualityReportBuilderTests {
    static let day = EpochMillis.day
    /// Noon on a UTC day.
    static let now: EpochMillis = 20_000 * day + 12 * EpochMillis.hour

    static func feedback(_ id: String, finding: String, _ label: FeedbackLabel, at time: EpochMillis,
                         source: FeedbackSource = .analyst) -> FeedbackRecord {
        FeedbackRecord(id: id, findingID: finding, label: label, source: source, actor: "a", time: time)
    }

    @Test func falsePositiveRateAndOverridesPerDay() {
        let today = QualityReportBuilder.dayStart(Self.now)
        let samples = [
            QualitySample(findingID: "hi", time: today + 1, severity: .high, risk: 80),
            QualitySample(findingID: "lo", time: today + 2, severity: .low, risk: 20),
            QualitySample(findingID: "mid", time: today + 3, severity: .medium, risk: 50),
        ]
        let feedback = [
            Self.feedback("1", finding: "hi", .falsePositive, at: today + 10),               // override: high marked FP
            Self.feedback("2", finding: "lo", .truePositive, at: today + 11),                // override: low confirmed
            Self.feedback("3", finding: "mid", .falsePositive, at: today + 12),              // FP, no override (medium)
            Self.feedback("4", finding: "hi", .benign(.backupJob), at: today + 13, source: .qradarClosure), // not an analyst
        ]
        let report = QualityReportBuilder(days: 2).build(samples: samples, feedback: feedback, now: Self.now)
        #expect(report.days.count == 2)
        #expect(report.from == today - Self.day)
        #expect(report.to == today + Self.day)
        let d = report.days[1]
        #expect(d.day == today)
        #expect(d.findings == 3)
        #expect(d.labelled == 4)
        #expect(d.falsePositives == 2)
        #expect(d.falsePositiveRate == 0.5)
        #expect(d.analystOverrides == 2)
        #expect(d.feedbackByLabel == ["false-positive": 2, "true-positive": 1, "benign:backup-job": 1])
        #expect(d.meanRisk == 50)
        #expect(report.days[0].findings == 0 && report.days[0].falsePositiveRate == nil)
        #expect(report.totals.falsePositiveRate == 0.5)
        #expect(report.totals.analystOverrides == 2)
    }

    @Test func driftFlagsADayFarFromTheTrailingWeek() throws {
        let today = QualityReportBuilder.dayStart(Self.now)
        var samples: [QualitySample] = []
        // Seven quiet days: two findings a day at risk 40.
        for d in 1...7 {
            for k in 0..<2 {
                samples.append(QualitySample(findingID: "q\(d)-\(k)", time: today - Int64(d) * Self.day + Int64(k), severity: .medium, risk: 40))
            }
        }
        // Today: six findings at risk 60.
        for k in 0..<6 { samples.append(QualitySample(findingID: "t\(k)", time: today + Int64(k), severity: .high, risk: 60)) }
        let report = QualityReportBuilder(days: 2).build(samples: samples, feedback: [], now: Self.now)
        let d = report.days[1]
        #expect(d.drift.trailingAlertRate == 2)
        #expect(d.drift.trailingMeanRisk == 40)
        #expect(d.drift.alertRateChange == 2)          // (6 - 2) / 2
        #expect(d.drift.meanRiskChange == 0.5)         // (60 - 40) / 40
        #expect(d.drift.drifting)
        // Yesterday's trailing week (today-8 … today-2) had six quiet days: rate 12/7, risk 40; yesterday is close.
        let y = report.days[0]
        #expect(y.findings == 2)
        #expect(y.drift.meanRiskChange == 0)
        let trailingRate: Double = 12.0 / 7.0
        let expectedChange: Double = (2.0 - trailingRate) / trailingRate
        let change = try #require(y.drift.alertRateChange)
        #expect(abs(change - expectedChange) < 1e-9)
        #expect(!y.drift.drifting)
        #expect(report.totals.driftingDays == 1)
    }

    @Test func noDriftWithoutEnoughHistory() {
        let today = QualityReportBuilder.dayStart(Self.now)
        let samples = [
            QualitySample(findingID: "a", time: today - Self.day, severity: .low, risk: 10),
            QualitySample(findingID: "b", time: today, severity: .low, risk: 90),
        ]
        let report = QualityReportBuilder(days: 1).build(samples: samples, feedback: [], now: Self.now)
        #expect(report.days[0].drift.meanRiskChange == 8)
        #expect(!report.days[0].drift.drifting)
    }

    @Test func dayStartFloorsNegativeTimes() {
        #expect(QualityReportBuilder.dayStart(-1) == -EpochMillis.day)
        #expect(QualityReportBuilder.dayStart(0) == 0)
        #expect(QualityReportBuilder.dayStart(EpochMillis.day + 5) == EpochMillis.day)
    }
}
