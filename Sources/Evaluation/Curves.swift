import Analytics
import VigilCore

/// One system's pooled figures at one point of a curve.
public struct CurveSystem: Sendable, Hashable {
    /// The JSON name (`vigil`, `rules`, `rules_tuned`, `vigil_feedback`).
    public var key: String
    /// The name in the text report.
    public var name: String
    public var campaignRecall: Spread
    public var stageRecall: Spread
    public var falseFindingsPerDayPer1000: Spread
}

/// Every system at one value of the varied knob, pooled over the configuration's scenarios and seeds.
public struct CurvePoint: Sendable, Hashable {
    public var value: Double
    public var systems: [CurveSystem]
}

/// Recall and false findings as the adversary gets stealthier, and as the attack gets more or less intense: where
/// detection stops. Each point reruns the whole evaluation (same scenarios and seeds) with one knob changed.
public struct CurveReport: Sendable {
    public static let defaultStealth: [Double] = [0, 0.25, 0.5, 0.75, 1]
    public static let defaultIntensity: [Double] = [0.25, 0.5, 1, 2]

    public var config: EvaluationConfig
    /// Points over `stealth`, at the configuration's intensity.
    public var stealth: [CurvePoint]
    /// Points over `intensity`, at the configuration's stealth.
    public var intensity: [CurvePoint]

    /// Markdown: one table per knob.
    public var text: String {
        var s = "## Recall curves\n\n"
        s += "Each row reruns every scenario and seed (\(config.scenarios.joined(separator: ", ")); seeds "
        s += "\(config.seeds.map(String.init).joined(separator: ","))) with one knob changed; strict matching; mean ± sd over seeds.\n\n"
        s += "### Over stealth (intensity \(Analytics.Format.decimal(config.intensity, 2)))\n\n" + table("stealth", stealth) + "\n"
        s += "### Over attack intensity (stealth \(Analytics.Format.decimal(config.stealth, 2)))\n\n" + table("intensity", intensity)
        return s
    }

    private func table(_ knob: String, _ points: [CurvePoint]) -> String {
        func pct(_ x: Spread) -> String { Analytics.Format.decimal(x.mean * 100, 0) + "% ± " + Analytics.Format.decimal(x.sd * 100, 0) }
        var s = "| \(knob) | system | campaign recall | stage recall | false findings/day/1k users |\n|---|---|---|---|---|\n"
        for p in points {
            for sys in p.systems {
                s += "| \(Analytics.Format.decimal(p.value, 2)) | \(sys.name) | \(pct(sys.campaignRecall)) | \(pct(sys.stageRecall)) | "
                s += Analytics.Format.decimal(sys.falseFindingsPerDayPer1000.mean, 2) + " ± " + Analytics.Format.decimal(sys.falseFindingsPerDayPer1000.sd, 2) + " |\n"
            }
        }
        return s
    }

    /// `{"stealth": [...], "intensity": [...]}`; see docs/EVALUATION_JSON.md.
    public var jsonValue: JSONValue {
        func spread(_ x: Spread) -> JSONValue {
            .fields([("mean", .double(x.mean)), ("sd", .double(x.sd)), ("min", .double(x.min)), ("max", .double(x.max))])
        }
        func points(_ ps: [CurvePoint]) -> JSONValue {
            .array(ps.map { p in
                .fields([("value", .double(p.value))] + p.systems.map { sys in
                    (sys.key, .fields([("campaign_recall", spread(sys.campaignRecall)), ("stage_recall", spread(sys.stageRecall)),
                                       ("false_findings_per_day_per_1000", spread(sys.falseFindingsPerDayPer1000))]))
                })
            })
        }
        return .fields([("stealth", points(stealth)), ("intensity", points(intensity))])
    }

    static func point(_ value: Double, _ report: EvaluationReport) -> CurvePoint {
        let rs = report.results
        var systems: [(String, String, [SystemMetrics])] = [("rules", "QRadar-style rules", rs.map(\.rules)),
                                                            ("rules_tuned", "QRadar-style rules, tuned", rs.map(\.rulesTuned)),
                                                            ("vigil", "Vigil", rs.map(\.vigil))]
        let fb = rs.compactMap(\.vigilWithFeedback)
        if fb.count == rs.count, !fb.isEmpty { systems.append(("vigil_feedback", "Vigil + analyst feedback", fb)) }
        return CurvePoint(value: value, systems: systems.map { key, name, ms in
            CurveSystem(key: key, name: name, campaignRecall: Spread(ms.map(\.campaignRecall)), stageRecall: Spread(ms.map(\.stageRecall)),
                        falseFindingsPerDayPer1000: Spread(ms.map(\.falsePerDayPer1000)))
        })
    }
}

extension EvaluationReport {
    /// The report's JSON with the curves under the top-level key `curves`.
    public func json(curves: CurveReport?) -> String {
        guard let curves, case var .object(fields) = jsonValue else { return json }
        fields["curves"] = curves.jsonValue
        return JSONValue.object(fields).prettyText
    }

    /// The report's text followed by the curves.
    public func text(curves: CurveReport?) -> String {
        guard let curves else { return text }
        return text + "\n" + curves.text
    }
}

extension Evaluation {
    /// Reruns the evaluation once per stealth value (at the configuration's intensity) and once per intensity value
    /// (at the configuration's stealth), with the same scenarios and seeds, and pools each run's figures.
    public static func curves(config: EvaluationConfig, stealthValues: [Double] = CurveReport.defaultStealth,
                              intensityValues: [Double] = CurveReport.defaultIntensity,
                              progress: ((String) -> Void)? = nil) throws(EvaluationError) -> CurveReport {
        for v in stealthValues where !(v.isFinite && (0...1).contains(v)) { throw .invalid("stealth must be in [0, 1] (got \(v))") }
        for v in intensityValues where !(v.isFinite && v > 0 && v <= 20) { throw .invalid("intensity must be in (0, 20] (got \(v))") }
        var stealth: [CurvePoint] = []
        for v in stealthValues {
            var c = config
            c.stealth = v
            let report = try run(config: c, progress: progress.map { p in { p("curve stealth \(Analytics.Format.decimal(v, 2)): " + $0) } })
            stealth.append(CurveReport.point(v, report))
        }
        var intensity: [CurvePoint] = []
        for v in intensityValues {
            var c = config
            c.intensity = v
            let report = try run(config: c, progress: progress.map { p in { p("curve intensity \(Analytics.Format.decimal(v, 2)): " + $0) } })
            intensity.append(CurveReport.point(v, report))
        }
        return CurveReport(config: config, stealth: stealth, intensity: intensity)
    }
}
