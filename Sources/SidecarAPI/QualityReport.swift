import Governance
import VigilCore

/// Detection quality over time, as `GET /api/v1/quality` returns it: false-positive rate, analyst overrides and
/// drift, per UTC day.
public struct QualityReport: Sendable, Hashable, Codable {
    public var generatedAt: EpochMillis
    /// The period covered, `[from, to)`, in whole UTC days.
    public var from: EpochMillis
    public var to: EpochMillis
    /// One bucket per day, oldest first.
    public var days: [QualityDay]
    /// Sums over the period.
    public var totals: QualityTotals

    public init(generatedAt: EpochMillis, from: EpochMillis, to: EpochMillis, days: [QualityDay], totals: QualityTotals) {
        self.generatedAt = generatedAt
        self.from = from
        self.to = to
        self.days = days
        self.totals = totals
    }
}

/// One day of quality figures.
public struct QualityDay: Sendable, Hashable, Codable {
    /// Start of the UTC day.
    public var day: EpochMillis
    /// Findings raised that day.
    public var findings: Int
    /// Feedback received that day, by label name (``FeedbackLabel/name``).
    public var feedbackByLabel: [String: Int]
    /// Feedback records received that day.
    public var labelled: Int
    /// Records labelled `false-positive`.
    public var falsePositives: Int
    /// `falsePositives / labelled`; nil when nothing was labelled.
    public var falsePositiveRate: Double?
    /// Analyst verdicts that disagree with the severity Vigil gave (see ``QualityReportBuilder``).
    public var analystOverrides: Int
    /// Mean risk of that day's findings; nil without findings.
    public var meanRisk: Double?
    public var drift: DriftIndicator

    public init(day: EpochMillis, findings: Int, feedbackByLabel: [String: Int], labelled: Int, falsePositives: Int,
                falsePositiveRate: Double?, analystOverrides: Int, meanRisk: Double?, drift: DriftIndicator) {
        self.day = day
        self.findings = findings
        self.feedbackByLabel = feedbackByLabel
        self.labelled = labelled
        self.falsePositives = falsePositives
        self.falsePositiveRate = falsePositiveRate
        self.analystOverrides = analystOverrides
        self.meanRisk = meanRisk
        self.drift = drift
    }
}

/// How one day compares with the days before it: a model (or the environment) drifting shows as a day whose
/// alert rate or mean risk departs from the trailing mean.
public struct DriftIndicator: Sendable, Hashable, Codable {
    /// Days in the trailing window (the window's length, including days without findings).
    public var trailingDays: Int
    /// Mean findings per day over the trailing window.
    public var trailingAlertRate: Double?
    /// Mean of the daily mean risk over trailing days that had findings.
    public var trailingMeanRisk: Double?
    /// (today − trailing) / trailing for the alert rate; nil when the trailing rate is 0 or unknown.
    public var alertRateChange: Double?
    /// (today − trailing) / trailing for the mean risk; nil when either is unknown.
    public var meanRiskChange: Double?
    /// Whether either change reaches the threshold (with enough history).
    public var drifting: Bool

    public init(trailingDays: Int, trailingAlertRate: Double?, trailingMeanRisk: Double?, alertRateChange: Double?,
                meanRiskChange: Double?, drifting: Bool) {
        self.trailingDays = trailingDays
        self.trailingAlertRate = trailingAlertRate
        self.trailingMeanRisk = trailingMeanRisk
        self.alertRateChange = alertRateChange
        self.meanRiskChange = meanRiskChange
        self.drifting = drifting
    }
}

/// Sums over a report's period.
public struct QualityTotals: Sendable, Hashable, Codable {
    public var findings: Int
    public var labelled: Int
    public var falsePositives: Int
    public var falsePositiveRate: Double?
    public var analystOverrides: Int
    public var feedbackByLabel: [String: Int]
    /// Days flagged as drifting.
    public var driftingDays: Int

    public init(findings: Int, labelled: Int, falsePositives: Int, falsePositiveRate: Double?, analystOverrides: Int,
                feedbackByLabel: [String: Int], driftingDays: Int) {
        self.findings = findings
        self.labelled = labelled
        self.falsePositives = falsePositives
        self.falsePositiveRate = falsePositiveRate
        self.analystOverrides = analystOverrides
        self.feedbackByLabel = feedbackByLabel
        self.driftingDays = driftingDays
    }
}

/// A finding as the quality report needs it.
public struct QualitySample: Sendable, Hashable, Codable {
    public var findingID: String
    public var time: EpochMillis
    public var severity: Severity
    /// The alert's risk score.
    public var risk: Double

    public init(findingID: String, time: EpochMillis, severity: Severity, risk: Double) {
        self.findingID = findingID
        self.time = time
        self.severity = severity
        self.risk = risk
    }
}

/// Computes a ``QualityReport`` from findings and feedback; a ``SidecarControl`` implementation can use it for
/// ``SidecarControl/quality()``.
///
/// An *analyst override* is an analyst's verdict (not a QRadar closure) that contradicts the severity Vigil gave:
/// `false-positive` or `benign:*` on a finding Vigil rated high or critical, or `true-positive` /
/// `policy-violation` on one it rated informational or low. The false-positive rate counts only
/// `false-positive`: a benign verdict means the behaviour was real and unusual, just legitimate.
public struct QualityReportBuilder: Sendable {
    /// Days in the report, ending with the day that contains `now`.
    public var days: Int
    /// Days in the trailing window the drift indicator compares with.
    public var trailingWindow: Int
    /// Relative change (either way) at which a day counts as drifting.
    public var driftThreshold: Double
    /// Trailing days with findings needed before a day can be flagged.
    public var minimumHistory: Int

    public init(days: Int = 30, trailingWindow: Int = 7, driftThreshold: Double = 0.5, minimumHistory: Int = 3) {
        self.days = max(1, days)
        self.trailingWindow = max(1, trailingWindow)
        self.driftThreshold = driftThreshold
        self.minimumHistory = max(1, minimumHistory)
    }

    /// The report for the `days` days ending with the day containing `now`. `samples` and `feedback` may cover
    /// a longer period: the trailing window of the first days reaches before the report.
    public func build(samples: [QualitySample], feedback: [FeedbackRecord], now: EpochMillis) -> QualityReport {
        let today = Self.dayStart(now)
        let from = today - Int64(days - 1) * EpochMillis.day
        let to = today + EpochMillis.day
        let historyStart = from - Int64(trailingWindow) * EpochMillis.day
        let dayCount = days + trailingWindow

        var findingCount = [Int](repeating: 0, count: dayCount)
        var riskSum = [Double](repeating: 0, count: dayCount)
        var severityByFinding: [String: Severity] = [:]
        for s in samples {
            severityByFinding[s.findingID] = s.severity
            guard let i = index(of: s.time, start: historyStart, count: dayCount) else { continue }
            findingCount[i] += 1
            riskSum[i] += s.risk
        }

        var out: [QualityDay] = []
        var byLabelPerDay = [[String: Int]](repeating: [:], count: days)
        var fpPerDay = [Int](repeating: 0, count: days)
        var overridesPerDay = [Int](repeating: 0, count: days)
        for f in feedback {
            guard let i = index(of: f.time, start: from, count: days) else { continue }
            byLabelPerDay[i][f.label.name, default: 0] += 1
            if f.label == .falsePositive { fpPerDay[i] += 1 }
            if f.source == .analyst, let id = f.findingID, let severity = severityByFinding[id], Self.isOverride(f.label, severity) {
                overridesPerDay[i] += 1
            }
        }

        var totals = QualityTotals(findings: 0, labelled: 0, falsePositives: 0, falsePositiveRate: nil, analystOverrides: 0,
                                   feedbackByLabel: [:], driftingDays: 0)
        for d in 0..<days {
            let i = d + trailingWindow
            let meanRisk = findingCount[i] > 0 ? riskSum[i] / Double(findingCount[i]) : nil
            let drift = driftIndicator(at: i, counts: findingCount, riskSums: riskSum, meanRisk: meanRisk)
            let labelled = byLabelPerDay[d].values.reduce(0, +)
            out.append(QualityDay(
                day: from + Int64(d) * EpochMillis.day, findings: findingCount[i], feedbackByLabel: byLabelPerDay[d],
                labelled: labelled, falsePositives: fpPerDay[d],
                falsePositiveRate: labelled > 0 ? Double(fpPerDay[d]) / Double(labelled) : nil,
                analystOverrides: overridesPerDay[d], meanRisk: meanRisk, drift: drift))
            totals.findings += findingCount[i]
            totals.labelled += labelled
            totals.falsePositives += fpPerDay[d]
            totals.analystOverrides += overridesPerDay[d]
            for (label, n) in byLabelPerDay[d] { totals.feedbackByLabel[label, default: 0] += n }
            if drift.drifting { totals.driftingDays += 1 }
        }
        totals.falsePositiveRate = totals.labelled > 0 ? Double(totals.falsePositives) / Double(totals.labelled) : nil
        return QualityReport(generatedAt: now, from: from, to: to, days: out, totals: totals)
    }

    /// Whether an analyst's label contradicts Vigil's severity.
    public static func isOverride(_ label: FeedbackLabel, _ severity: Severity) -> Bool {
        switch label {
        case .falsePositive, .benign: return severity >= .high
        case .truePositive, .policyViolation: return severity <= .low
        }
    }

    /// Start of the UTC day containing `time` (floor division, so times before 1970 work too).
    public static func dayStart(_ time: EpochMillis) -> EpochMillis {
        let d = EpochMillis.day
        let q = time / d
        return (time % d < 0 ? q - 1 : q) * d
    }

    private func index(of time: EpochMillis, start: EpochMillis, count: Int) -> Int? {
        guard time >= start else { return nil }
        let i = (time - start) / EpochMillis.day
        return i < Int64(count) ? Int(i) : nil
    }

    private func driftIndicator(at i: Int, counts: [Int], riskSums: [Double], meanRisk: Double?) -> DriftIndicator {
        let window = (i - trailingWindow)..<i
        let rate = Double(window.reduce(0) { $0 + counts[$1] }) / Double(trailingWindow)
        let riskDays = window.filter { counts[$0] > 0 }
        let trailingRisk = riskDays.isEmpty ? nil : riskDays.reduce(0.0) { $0 + riskSums[$1] / Double(counts[$1]) } / Double(riskDays.count)
        let rateChange = rate > 0 ? (Double(counts[i]) - rate) / rate : nil
        var riskChange: Double?
        if let trailingRisk, let meanRisk, trailingRisk != 0 { riskChange = (meanRisk - trailingRisk) / abs(trailingRisk) }
        let enoughHistory = riskDays.count >= minimumHistory
        let drifting = enoughHistory
            && ((rateChange.map { abs($0) >= driftThreshold } ?? false) || (riskChange.map { abs($0) >= driftThreshold } ?? false))
        return DriftIndicator(trailingDays: trailingWindow, trailingAlertRate: rate, trailingMeanRisk: trailingRisk,
                              alertRateChange: rateChange, meanRiskChange: riskChange, drifting: drifting)
    }
}
